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
    blocked = frozenset(normalise_name(name) for name in BlockedName.objects.values_list("name", flat=True))
    return Registry(names=names, blocked=blocked)


def enrich_and_store(articles: list[Article], registry: Registry | None = None) -> None:
    """Enrich these articles and store the results, with one batched index write at the end."""
    if not articles:
        return
    registry = registry or build_registry()
    texts = [ArticleText(a.title, "\n\n".join(p for p in (a.subtitle, a.body) if p), a.published) for a in articles]
    results = enrich_articles(texts, registry)
    topics_by_qcode = {topic.qcode: topic for topic in Topic.objects.all()}
    entity_ids = EntityIds()
    with transaction.atomic(), batched_indexing():
        for article, enrichment in zip(articles, results, strict=True):
            store_enrichment(article, enrichment, entity_ids, topics_by_qcode)


class EntityIds(dict):
    """(name, kind) -> entity id, creating entities the first time they are seen."""

    def __missing__(self, key):
        name, kind = key
        entity = Entity.objects.filter(name=name, kind=kind).first()
        if entity is None:
            entity = Entity.objects.create(name=name, kind=kind)
        self[key] = entity.pk
        return entity.pk


def store_enrichment(article: Article, enrichment: Enrichment, entity_ids: EntityIds, topics_by_qcode) -> None:
    curated_entities = set(article.mentions.filter(curated=True).values_list("entity_id", flat=True))
    # Links a curator removed stay removed (SuppressedLink), like the ones a curator added stay.
    suppressed = list(article.suppressed_links.values_list("entity_id", "topic_id"))
    curated_entities |= {entity_id for entity_id, _ in suppressed if entity_id}
    article.mentions.filter(curated=False).delete()
    counts: dict[int, int] = {}
    for found in enrichment.entities:
        entity_id = entity_ids[(found.name[:200], found.kind)]
        counts[entity_id] = counts.get(entity_id, 0) + found.count
    Mention.objects.bulk_create(
        Mention(article=article, entity_id=entity_id, count=count)
        for entity_id, count in counts.items()
        if entity_id not in curated_entities
    )

    kept_topics = set(
        article.article_topics.filter(curated=True).values_list("topic_id", flat=True)
    ) | set(article.article_topics.filter(confidence__isnull=True).values_list("topic_id", flat=True))
    kept_topics |= {topic_id for _, topic_id in suppressed if topic_id}
    article.article_topics.filter(curated=False, confidence__isnull=False).delete()
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=topics_by_qcode[found.qcode], confidence=round(found.confidence, 3))
        for found in enrichment.topics
        if found.qcode in topics_by_qcode and topics_by_qcode[found.qcode].pk not in kept_topics
    )

    article.mentioned_dates = [
        {"text": found.text, "date": found.date.isoformat(), "precision": found.precision}
        for found in enrichment.dates
    ]
    article.save(update_fields=["mentioned_dates"])
