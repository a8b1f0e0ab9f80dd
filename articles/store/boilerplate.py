"""Each source's learned furniture: kept per source, applied at import, learned again as it grows.

An article keeps its body as read (`read_body`, the general furniture rules already applied)
beside the body shown and searched, which also lacks its source's enabled furniture patterns.
Learning reads every read body of the source (ingest/boilerplate.py), replaces the learned
patterns (a curator's switched-off pattern stays off, an added one stays), and re-applies the
patterns to the source's articles: a changed body is saved, enriched again and reindexed. Raw
input is never touched, so nothing a pattern removed is lost.

`refresh_furniture` is the one verb: the importer calls it for the sources an import touched,
the `learn_furniture` command for any or all, and a background job can call it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from articles.ingest.boilerplate import MIN_ARTICLES, Furniture, learn_furniture, remove_furniture
from articles.models import Article, FurniturePattern, Source
from articles.store.enrichment import enrich_and_store
from articles.store.index_queue import batched_indexing

# Learn again once a source has this much more evidence than it was last learned from: the
# patterns of 500 articles hardly change with 20 more, and learning reads every article.
GROWTH = 1.25
CHUNK = 500


@dataclass
class FurnitureReport:
    """What one refresh did to one source."""

    source: Source
    articles: int = 0
    patterns: list[FurniturePattern] = field(default_factory=list)  # enabled, after learning
    changed_ids: set[int] = field(default_factory=set)  # articles whose body changed

    @property
    def changed(self) -> int:
        return len(self.changed_ids)

    def summary(self) -> str:
        return (
            f"{self.source.name}: {len(self.patterns)} furniture patterns from "
            f"{self.articles} articles, {self.changed} articles changed"
        )


def enabled_furniture(source: Source | None) -> list[Furniture]:
    """The patterns to remove from `source`'s articles."""
    if source is None:
        return []
    rows = source.furniture.filter(enabled=True).values_list("text", "kind")
    return [Furniture(text, kind) for text, kind in rows]


def needs_learning(source: Source, articles: int, growth: float = GROWTH) -> bool:
    return articles >= MIN_ARTICLES and articles >= growth * max(source.furniture_learned_from, 1)


def refresh_furniture(
    sources: Iterable[Source], *, force: bool = False, enrich: bool = True, growth: float = GROWTH
) -> list[FurnitureReport]:
    """Learn each source's furniture again if its articles grew by `growth` (always with `force`),
    and apply its enabled patterns to its articles if they changed (always with `force`): articles
    stored since had the patterns of their day applied already. Returns a report for each source
    learned or applied; without `enrich`, the articles it changed are the caller's to enrich."""
    reports = []
    for source in sources:
        count = stored_articles(source).count()
        before = set(enabled_furniture(source))
        if force or needs_learning(source, count, growth):
            learn_source_furniture(source, count)
        if force or set(enabled_furniture(source)) != before:
            reports.append(apply_furniture(source, enrich=enrich))
    return reports


def stored_articles(source: Source):
    # A duplicate repeats another article's sentences: counted twice, a quote would look like
    # furniture.
    return Article.objects.filter(source=source).exclude(status=Article.Status.DUPLICATE)


def learn_source_furniture(source: Source, count: int) -> None:
    texts = (
        read_body or body
        for read_body, body in stored_articles(source).values_list("read_body", "body").iterator()
    )
    learned = {(item.kind, item.key): item for item in learn_furniture(texts)}
    with transaction.atomic():
        for pattern in source.furniture.all():
            item = learned.pop((pattern.kind, pattern.key), None)
            if item is not None:
                pattern.article_count, pattern.share = item.count, item.share
                pattern.save(update_fields=["article_count", "share", "updated"])
            elif pattern.learned and pattern.enabled:
                pattern.delete()  # no longer recurs; a switched-off one stays to stay off
        FurniturePattern.objects.bulk_create(
            FurniturePattern(
                source=source,
                text=item.text,
                key=item.key,
                kind=item.kind,
                learned=True,
                article_count=item.count,
                share=item.share,
            )
            for item in learned.values()
        )
        source.furniture_learned_from = count
        source.save(update_fields=["furniture_learned_from"])


def apply_furniture(source: Source, *, enrich: bool = True) -> FurnitureReport:
    """Give each of `source`'s articles its read body without the enabled patterns."""
    patterns = enabled_furniture(source)
    report = FurnitureReport(source, patterns=list(source.furniture.filter(enabled=True)))
    ids = list(Article.objects.filter(source=source).values_list("pk", flat=True))
    report.articles = len(ids)
    for start in range(0, len(ids), CHUNK):
        changed = []
        with transaction.atomic(), batched_indexing():
            for article in Article.objects.filter(pk__in=ids[start : start + CHUNK]):
                if "body" in article.curated_fields:
                    continue  # a curator's body is the body
                read_body = article.read_body or article.body  # stored before read bodies were
                body = remove_furniture(read_body, patterns)
                if body != article.body:
                    article.body, article.read_body = body, read_body
                    article.save(update_fields=["body", "read_body"])
                    changed.append(article)
        if enrich:
            enrich_and_store(changed)
        report.changed_ids.update(article.pk for article in changed)
    return report
