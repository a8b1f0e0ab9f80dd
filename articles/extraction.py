"""Runs enrichment over stored articles and keeps what it found, without overriding curators.

Automatic mentions and topics are replaced on every pass; curated ones (and topics given by the
input itself, which carry no confidence) are kept. Names curators blocked are never stored, and
aliases send every spelling to its entity.
"""

from __future__ import annotations

from django.db import transaction

from articles.enrich import ArticleText, Enrichment, Registry, enrich_articles
from articles.enrich.entities import normalise_name
from articles.models import Alias, Article, ArticleTopic, BlockedName, Entity, Mention, Topic
from articles.signals import batched_indexing


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
    return Registry(names=names, blocked=blocked)


def enrich_and_store(articles: list[Article], registry: Registry | None = None) -> int:
    """Enrich these articles and store what changed; returns how many changed.

    Articles whose entities, topics and dates come out as stored are not written again, so they are
    not reindexed either. The index writes of the changed ones happen in one batch at the end.
    """
    if not articles:
        return 0
    registry = registry or build_registry()
    texts = [
        ArticleText(a.title, "\n\n".join(p for p in (a.subtitle, a.body) if p), a.published)
        for a in articles
    ]
    results = enrich_articles(texts, registry)
    topics_by_qcode = {topic.qcode: topic for topic in Topic.objects.all()}
    entity_ids = EntityIds()
    changed = 0
    with transaction.atomic(), batched_indexing():
        for article, enrichment in zip(articles, results, strict=True):
            changed += store_enrichment(article, enrichment, entity_ids, topics_by_qcode)
    return changed


class EntityIds(dict):
    """(name, kind) -> entity id, creating entities the first time they are seen."""

    def __missing__(self, key):
        name, kind = key
        entity = Entity.objects.filter(name=name, kind=kind).first()
        if entity is None:
            entity = Entity.objects.create(name=name, kind=kind)
        self[key] = entity.pk
        return entity.pk


def store_enrichment(
    article: Article, enrichment: Enrichment, entity_ids: EntityIds, topics_by_qcode
) -> bool:
    """Replace the automatic mentions, topics and dates of one article; True if any changed."""
    mentions_changed = store_mentions(article, enrichment, entity_ids)
    topics_changed = store_topics(article, enrichment, topics_by_qcode)
    dates = [
        {"text": found.text, "date": found.date.isoformat(), "precision": found.precision}
        for found in enrichment.dates
    ]
    if not (mentions_changed or topics_changed or dates != article.mentioned_dates):
        return False
    article.mentioned_dates = dates
    article.save(update_fields=["mentioned_dates"])  # also queues the article for reindexing
    return True


def store_mentions(article: Article, enrichment: Enrichment, entity_ids: EntityIds) -> bool:
    mentions = list(article.mentions.all())
    curated = {m.entity_id for m in mentions if m.curated}
    # Links a curator removed stay removed (SuppressedLink), like the ones a curator added stay.
    curated |= set(
        article.suppressed_links.exclude(entity=None).values_list("entity_id", flat=True)
    )
    found: dict[int, int] = {}
    for entity in enrichment.entities:
        entity_id = entity_ids[(entity.name[:200], entity.kind)]
        if entity_id not in curated:
            found[entity_id] = found.get(entity_id, 0) + entity.count
    stored = {m.entity_id: m.count for m in mentions if not m.curated}
    if found == stored:
        return False
    article.mentions.filter(curated=False).delete()
    Mention.objects.bulk_create(
        Mention(article=article, entity_id=entity_id, count=count)
        for entity_id, count in found.items()
    )
    return True


def store_topics(article: Article, enrichment: Enrichment, topics_by_qcode) -> bool:
    links = list(article.article_topics.all())
    # Curators' topics and those the input gave (no confidence) are not enrichment's to change.
    kept = {link.topic_id for link in links if link.curated or link.confidence is None}
    kept |= set(article.suppressed_links.exclude(topic=None).values_list("topic_id", flat=True))
    found = {
        topics_by_qcode[t.qcode].pk: round(t.confidence, 3)
        for t in enrichment.topics
        if t.qcode in topics_by_qcode and topics_by_qcode[t.qcode].pk not in kept
    }
    stored = {link.topic_id: link.confidence for link in links if link.topic_id not in kept}
    if found == stored:
        return False
    article.article_topics.filter(curated=False, confidence__isnull=False).delete()
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic_id=topic_id, confidence=confidence)
        for topic_id, confidence in found.items()
    )
    return True
