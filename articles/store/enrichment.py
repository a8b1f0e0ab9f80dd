"""Runs enrichment over stored articles and keeps what it found, without overriding curators.

Automatic mentions and topics are replaced on every pass; curated ones (and topics given by the
input itself, which carry no confidence) are kept. Names curators blocked are never stored, and
aliases send every spelling to its entity.

A batch is stored with a fixed number of queries, whatever its size: what the articles have now is
read in one query per table, new entities are created in one insert, and only the articles whose
extraction changed are written (and so reindexed).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.enrich import ArticleText, Enrichment, Registry, enrich_articles
from articles.enrich.entities.canonical import normalise_name
from articles.enrich.workers import EnrichmentWorkers
from articles.models import (
    Alias,
    Article,
    ArticleTopic,
    BlockedName,
    Entity,
    EntityLink,
    Mention,
    Source,
    SuppressedLink,
    Topic,
    unique_slug,
)
from articles.store.entity_links import link_entities, record_acronyms, record_name_uses
from articles.store.index_queue import batched_indexing, schedule_reindex

Job = TypeVar("Job")
Batch = TypeVar("Batch")


def build_registry() -> Registry:
    """The curated registry as enrichment reads it: every known spelling, and blocked names."""
    names = {}
    for name, kind in Entity.objects.filter(curated=True).values_list("name", "kind"):
        names[normalise_name(name)] = (name, kind)
    for alias, name, kind in Alias.objects.values_list("name", "entity__name", "entity__kind"):
        names[normalise_name(alias)] = (name, kind)
    blocked = frozenset(
        normalise_name(name) for name in BlockedName.objects.values_list("name", flat=True)
    )
    linked = {
        (normalise_name(name), kind): (target, target_kind) if target else None
        for name, kind, target, target_kind in EntityLink.objects.filter(undone=False).values_list(
            "name", "kind", "target__name", "target__kind"
        )
    }
    return Registry(names=names, blocked=blocked, linked=linked)


def article_texts(articles: list[Article]) -> list[ArticleText]:
    """What enrichment reads of each article: title, standfirst and body, publication date,
    and the outlet its URL names (a source found by the URL's domain; without a URL, the source
    is only what the input states, such as its dateline's agency)."""
    outlets = dict(
        Source.objects.filter(pk__in={a.source_id for a in articles if a.url}).values_list(
            "pk", "name"
        )
    )
    return [
        ArticleText(a.title, a.text, a.published, outlets.get(a.source_id, "") if a.url else "")
        for a in articles
    ]


def overlap_batches(
    batches: Iterable[Batch],
    start: Callable[[Batch], Job],
    finish: Callable[[Job], None],
    ahead: int = 2,
) -> None:
    """Start each batch's work, and finish each batch while up to `ahead` later ones run.

    With `start` handing enrichment to worker processes, the workers always have the next batches
    to enrich while the caller stores one batch's results (and an import writes the index, its
    longest step: with one batch ahead, the workers sat idle through each index write).
    """
    running: deque[Job] = deque()
    for batch in batches:
        running.append(start(batch))
        if len(running) > ahead:
            finish(running.popleft())
    while running:
        finish(running.popleft())


CHUNK = 200


def enrich_stored(
    articles,
    *,
    workers: int = 0,
    progress: Callable[[int], None] | None = None,
    stop_when: Callable[[], bool] | None = None,
) -> tuple[int, int]:
    """Re-run enrichment over a queryset of stored articles, CHUNK at a time by primary key (the
    whole set is never in memory); returns (enriched, changed).

    With `workers`, chunks are enriched in worker processes while the previous one is stored.
    `progress` is called with each stored chunk's size; `stop_when` is asked before each chunk.
    """
    registry = build_registry()
    totals = {"enriched": 0, "changed": 0}

    def chunks():
        last_pk = 0
        while not (stop_when and stop_when()) and (
            chunk := list(articles.filter(pk__gt=last_pk).order_by("pk")[:CHUNK])
        ):
            yield chunk
            last_pk = chunk[-1].pk

    with EnrichmentWorkers(processes=max(workers, 0)) as pool:

        def start(chunk):
            return chunk, pool.submit(article_texts(chunk), registry)

        def finish(work):
            chunk, job = work
            totals["changed"] += store_enrichments(chunk, job.result())
            totals["enriched"] += len(chunk)
            if progress:
                progress(len(chunk))

        overlap_batches(chunks(), start, finish)
    link_entities()  # what the new extraction makes plain across the collection
    return totals["enriched"], totals["changed"]


def enrich_and_store(articles: list[Article], registry: Registry | None = None) -> int:
    """Enrich these articles in this process and store what changed; returns how many changed."""
    if not articles:
        return 0
    results = enrich_articles(article_texts(articles), registry or build_registry())
    return store_enrichments(articles, results)


def store_enrichments(articles: list[Article], results: list[Enrichment]) -> int:
    """Store each article's enrichment; returns how many articles changed.

    Articles whose entities, topics and dates come out as stored are not written again, so they are
    not reindexed either. The index writes of the changed ones happen in one batch at the end.
    """
    ids = [article.pk for article in articles]
    with transaction.atomic(), batched_indexing():
        links = StoredLinks(ids)
        entity_ids = entity_ids_for(
            {(entity.name[:200], entity.kind) for result in results for entity in result.entities}
        )
        topic_ids = dict(Topic.objects.values_list("qcode", "pk"))
        mentions = {}
        topics = {}
        changed = []
        for article, enrichment in zip(articles, results, strict=True):
            found_mentions = links.new_mentions(article.pk, enrichment, entity_ids)
            found_topics = links.new_topics(article.pk, enrichment, topic_ids)
            dates = [
                {"text": d.text, "date": d.date.isoformat(), "precision": d.precision}
                for d in enrichment.dates
            ]
            if found_mentions is not None:
                mentions[article.pk] = found_mentions
            if found_topics is not None:
                topics[article.pk] = found_topics
            if (found_mentions, found_topics) != (None, None) or dates != article.mentioned_dates:
                changed.append(article)
            article.mentioned_dates = dates
        replace_mentions(mentions)
        replace_topics(topics)
        record_acronyms(articles, results)
        record_name_uses(articles, results)
        # One UPDATE, not a save per article; schedule_reindex flags and stamps them as save does.
        Article.objects.bulk_update(changed, ["mentioned_dates"], batch_size=500)
        schedule_reindex(article.pk for article in changed)
    return len(changed)


class StoredLinks:
    """The mentions, topic links and suppressed links the articles have now, read in three queries.

    `new_mentions` and `new_topics` say what enrichment's part should become, or None when it
    stays as it is.
    """

    def __init__(self, article_ids: list[int]):
        self.mentions = defaultdict(dict)  # article id -> {entity id: count}, automatic only
        self.topics = defaultdict(dict)  # article id -> {topic id: confidence}, automatic only
        self.kept_entities = defaultdict(set)  # curated or suppressed: not enrichment's to touch
        self.kept_topics = defaultdict(set)
        for article_id, entity_id, count, curated in Mention.objects.filter(
            article_id__in=article_ids
        ).values_list("article_id", "entity_id", "count", "curated"):
            if curated:
                self.kept_entities[article_id].add(entity_id)
            else:
                self.mentions[article_id][entity_id] = count
        for article_id, topic_id, confidence, curated in ArticleTopic.objects.filter(
            article_id__in=article_ids
        ).values_list("article_id", "topic_id", "confidence", "curated"):
            # Curators' topics and those the input gave (no confidence) stay as they are.
            if curated or confidence is None:
                self.kept_topics[article_id].add(topic_id)
            else:
                self.topics[article_id][topic_id] = confidence
        for article_id, entity_id, topic_id in SuppressedLink.objects.filter(
            article_id__in=article_ids
        ).values_list("article_id", "entity_id", "topic_id"):
            if entity_id:
                self.kept_entities[article_id].add(entity_id)
            else:
                self.kept_topics[article_id].add(topic_id)

    def new_mentions(self, article_id: int, enrichment: Enrichment, entity_ids) -> dict | None:
        kept = self.kept_entities[article_id]
        found: dict[int, int] = {}
        for entity in enrichment.entities:
            entity_id = entity_ids[(entity.name[:200], entity.kind)]
            if entity_id not in kept:
                found[entity_id] = found.get(entity_id, 0) + entity.count
        stored = {k: v for k, v in self.mentions[article_id].items() if k not in kept}
        return None if found == stored else found

    def new_topics(self, article_id: int, enrichment: Enrichment, topic_ids) -> dict | None:
        kept = self.kept_topics[article_id]
        found = {
            topic_ids[t.qcode]: round(t.confidence, 3)
            for t in enrichment.topics
            if t.qcode in topic_ids and topic_ids[t.qcode] not in kept
        }
        stored = {k: v for k, v in self.topics[article_id].items() if k not in kept}
        return None if found == stored else found


def replace_mentions(mentions: dict[int, dict[int, int]]) -> None:
    """Replace the automatic mentions of these articles: article id -> {entity id: count}."""
    if not mentions:
        return
    Mention.objects.filter(article_id__in=list(mentions), curated=False).delete()
    Mention.objects.bulk_create(
        Mention(article_id=article_id, entity_id=entity_id, count=count)
        for article_id, found in mentions.items()
        for entity_id, count in found.items()
    )


def replace_topics(topics: dict[int, dict[int, float]]) -> None:
    """Replace the automatic topics of these articles: article id -> {topic id: confidence}."""
    if not topics:
        return
    ArticleTopic.objects.filter(
        article_id__in=list(topics), curated=False, confidence__isnull=False
    ).delete()
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article_id=article_id, topic_id=topic_id, confidence=confidence)
        for article_id, found in topics.items()
        for topic_id, confidence in found.items()
    )


def entity_ids_for(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(name, kind) -> entity id for each key, creating the entities not seen before in one insert.

    Entities are created without signals: a new entity has no mentions to reindex yet.
    """
    ids = {}
    names = {name for name, _ in keys}
    for pk, name, kind in Entity.objects.filter(name__in=names).values_list("pk", "name", "kind"):
        if (name, kind) in keys:
            ids[(name, kind)] = pk
    missing = sorted(keys - ids.keys())
    if not missing:
        return ids
    try:
        with transaction.atomic():
            created = Entity.objects.bulk_create(
                Entity(name=name, kind=kind, slug=slug)
                for (name, kind), slug in zip(missing, new_entity_slugs(missing), strict=True)
            )
    except IntegrityError:
        # Another process created some of them meanwhile: take those, create the rest one by one.
        created = [Entity.objects.get_or_create(name=name, kind=kind)[0] for name, kind in missing]
    ids.update({(entity.name, entity.kind): entity.pk for entity in created})
    return ids


def new_entity_slugs(keys: list[tuple[str, str]]) -> list[str]:
    """A slug for each new entity, unique among stored entities and among each other."""
    bases = [(slugify(name) or "item")[:192] for name, _ in keys]
    taken = set(Entity.objects.filter(slug__in=bases).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug = base if base not in taken else unique_slug(Entity, base, exclude=taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs
