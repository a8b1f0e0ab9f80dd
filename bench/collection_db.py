"""Fill a benchmark database: a sample through the real importer, the rest stored in bulk.

The importer runs at about 100 articles/s on this machine, so importing 100k articles would take
about 17 minutes and measure nothing the sample does not. The first `sample` articles of the
collection therefore go through `import_articles` (parse, enrich, store, index: the end-to-end
figure), and every later article is stored with `bulk_create` and given the mentions and topics of
a sample article (round-robin), so the facet values per article are realistic in number and spread
even though they were not found in that text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

from articles.models import Article, ArticleTopic, Mention, Source

BULK_CHUNK = 2000


def read_records(collection: Path, skip: int = 0):
    with open(collection, encoding="utf-8") as lines:
        for line in itertools.islice(lines, skip, None):
            yield json.loads(line)


def write_sample(collection: Path, sample: int, out: Path) -> None:
    with open(collection, encoding="utf-8") as lines, open(out, "w", encoding="utf-8") as handle:
        handle.writelines(itertools.islice(lines, sample))


def sample_enrichment() -> list[tuple[list[tuple[int, int]], list[tuple[int, float | None]]]]:
    """For each imported article: its (entity id, count) mentions and (topic id, confidence)."""
    mentions: dict[int, list] = {}
    for article_id, entity_id, count in Mention.objects.values_list(
        "article_id", "entity_id", "count"
    ):
        mentions.setdefault(article_id, []).append((entity_id, count))
    topics: dict[int, list] = {}
    for article_id, topic_id, confidence in ArticleTopic.objects.values_list(
        "article_id", "topic_id", "confidence"
    ):
        topics.setdefault(article_id, []).append((topic_id, confidence))
    ids = sorted(Article.objects.values_list("pk", flat=True))
    return [(mentions.get(pk, []), topics.get(pk, [])) for pk in ids]


def store_rest(collection: Path, skip: int, progress=None) -> int:
    """Store the articles after the first `skip` in bulk, with enrichment copied from the sample."""
    enrichment = sample_enrichment()
    sources = {}
    stored = 0
    records = read_records(collection, skip)
    while chunk := list(itertools.islice(records, BULK_CHUNK)):
        articles = [article_for(record, sources) for record in chunk]
        Article.objects.bulk_create(articles)
        mentions, topics = [], []
        for number, article in enumerate(articles, start=stored):
            found_mentions, found_topics = enrichment[number % len(enrichment)]
            mentions += [Mention(article=article, entity_id=e, count=c) for e, c in found_mentions]
            topics += [
                ArticleTopic(article=article, topic_id=t, confidence=c) for t, c in found_topics
            ]
        Mention.objects.bulk_create(mentions)
        ArticleTopic.objects.bulk_create(topics)
        stored += len(articles)
        if progress:
            progress(stored)
    return stored


def article_for(record: dict, sources: dict) -> Article:
    name = record.get("source") or "Unknown"
    if name not in sources:
        sources[name] = Source.objects.filter(name=name).first() or Source.objects.create(name=name)
    published = dt.date.fromisoformat(record["date"]) if record.get("date") else None
    limit = {name: Article._meta.get_field(name).max_length for name in ("title", "byline")}
    return Article(
        title=record["title"][: limit["title"]],
        body=record["body"],
        url=record["url"],
        source=sources[name],
        section=record.get("section", ""),
        byline=(record.get("byline") or "")[: limit["byline"]],
        published=published,
        status=Article.Status.PUBLISHED,
        content_hash=record["id"],
        needs_indexing=False,
    )
