"""The whole enrichment of a batch of articles: entities, topics, mentioned dates."""

from __future__ import annotations

from articles.enrich import ArticleText, Enrichment, Registry
from articles.enrich.entities.extract import read_entities
from articles.enrich.mentioned_dates import extract_dates
from articles.enrich.topics.classify import classify_topics


def enrich_articles(texts: list[ArticleText], registry: Registry) -> list[Enrichment]:
    readings = read_entities(texts, registry)
    topics = classify_topics(texts)
    return [
        Enrichment(
            entities=found_entities,
            topics=found_topics,
            dates=extract_dates(text.body, text.published),
            name_uses=name_uses,
        )
        for text, (found_entities, name_uses), found_topics in zip(
            texts, readings, topics, strict=True
        )
    ]
