"""Stores what the ingest package read: creates, updates or leaves articles, and reports it.

An article is the same article when it has the same URL or the same normalised text. A changed
version updates the stored one, except the fields a curator edited. Each batch is stored in one
transaction and indexed in one write; a failing item is reported and the batch goes on without it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from articles.duplicates import link_near_duplicates
from articles.ingest import IngestProblem, ParsedArticle, read_inputs
from articles.models import Article, ArticleTopic, Source, Topic
from articles.signals import batched_indexing

logger = logging.getLogger("newsdesk.import")

BATCH_SIZE = 200
# ParsedArticle fields copied onto Article as they are.
PLAIN_FIELDS = (
    "title",
    "subtitle",
    "body",
    "url",
    "section",
    "byline",
    "dateline_place",
    "published",
    "date_precision",
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )

    def fail(self, origin: str, message: str) -> None:
        """Record a failed item; the message reads on its own, naming the item first."""
        self.failed += 1
        self.problems.append(IngestProblem(origin, f"{origin}: {message}"))


def content_hash(title: str, body: str) -> str:
    """The same text, whatever its case, spacing, punctuation or Unicode form, hashes the same."""
    text = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    words = re.findall(r"\w+", text)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def import_articles(
    paths: Iterable[str],
    *,
    input_format: str | None = None,
    field_map: dict[str, str] | None = None,
    enrich: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read, store, enrich and index everything under `paths`."""
    report = ImportReport()
    items = iter(read_inputs(paths, input_format=input_format, field_map=field_map))
    while batch := list(islice(items, BATCH_SIZE)):
        store_batch(batch, report, enrich)
        if progress:
            progress(len(batch))
    return report


def store_batch(batch, report: ImportReport, enrich: bool) -> None:
    changed: list[Article] = []
    with batched_indexing():
        for item in batch:
            if isinstance(item, IngestProblem):
                report.failed += 1
                report.problems.append(item)  # its message already names the file and line
                continue
            try:
                with transaction.atomic():
                    outcome, article = store_article(item)
            except Exception as error:  # one bad item must not stop the batch
                logger.warning("%s: not stored", item.origin, exc_info=True)
                report.fail(item.origin, f"not stored ({error.__class__.__name__}: {error})")
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                changed.append(article)
        if enrich and changed:
            from articles.extraction import enrich_and_store

            try:
                enrich_and_store(changed)
            except Exception:
                logger.exception(
                    "Enrichment failed for a batch of %d articles; stored without it", len(changed)
                )


def find_existing(parsed: ParsedArticle, digest: str) -> Article | None:
    if parsed.url:
        article = Article.objects.filter(url=parsed.url).order_by("pk").first()
        if article:
            return article
    return Article.objects.filter(content_hash=digest).order_by("pk").first()


def store_article(parsed: ParsedArticle) -> tuple[str, Article]:
    """Create or update the article for `parsed`.

    Returns the outcome ("created", "updated" or "unchanged") and the article.
    """
    digest = content_hash(parsed.title, parsed.body)
    values = {name: getattr(parsed, name) for name in PLAIN_FIELDS}
    values["url"] = values["url"][:2000]
    values["title"] = values["title"][:500]
    values["source"] = source_for(parsed.source)
    values["raw"] = parsed.raw
    values["content_hash"] = digest

    article = find_existing(parsed, digest)
    if article is None:
        article = Article.objects.create(**values)
        link_input_topics(article, parsed.topics)
        link_near_duplicates(article)
        return "created", article

    curated = set(article.curated_fields)
    if article.url and article.url != parsed.url:
        curated.add("url")  # the same text found at a second address keeps its first one
    changes = {
        name: value
        for name, value in values.items()
        if name not in curated and getattr(article, name) != value and name != "raw"
    }
    if not changes:
        return "unchanged", article
    for name, value in changes.items():
        setattr(article, name, value)
    article.raw = parsed.raw
    article.save()
    link_input_topics(article, parsed.topics)
    if "body" in changes:
        link_near_duplicates(article)
    return "updated", article


def source_for(name: str) -> Source | None:
    name = " ".join(name.split())[:200]
    if not name:
        return None
    source = Source.objects.filter(name__iexact=name).first()
    return source or Source.objects.create(name=name)


def link_input_topics(article: Article, names: list[str]) -> None:
    """Topics the input itself gives (IPTC code, name or slug); later enrichment keeps them."""
    for name in names:
        key = name.strip()
        topic = (
            Topic.objects.filter(qcode__iexact=key).first()
            or Topic.objects.filter(name__iexact=key).first()
            or Topic.objects.filter(slug__iexact=key).first()
        )
        # A topic a curator removed (SuppressedLink) is not brought back by the input.
        if topic and not article.suppressed_links.filter(topic=topic).exists():
            ArticleTopic.objects.get_or_create(
                article=article, topic=topic, defaults={"confidence": None}
            )
