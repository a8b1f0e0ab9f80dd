"""From matched documents to what a page shows: hits with snippets, facet labels, a suggested
spelling, and the articles most like one article."""

from __future__ import annotations

import logging

from articles.models import Article, Entity, Source, Topic
from articles.search.facets import FacetValue
from articles.search.highlight import highlight_hit, lead_snippet
from articles.search.index import current_searcher
from articles.search.params import SearchParams
from articles.search.results import SearchHit
from articles.search.schema import FACET_GROUPS

logger = logging.getLogger("newsdesk.search")

MAX_FACET_VALUES = 100


def hits_for(rows, highlight: bool) -> list[SearchHit]:
    """A hit for each row (stored fields, or Whoosh hits to highlight) whose article exists."""
    articles = Article.objects.select_related("source").in_bulk([int(row["id"]) for row in rows])
    hits = []
    for row in rows:
        article = articles.get(int(row["id"]))
        if article is not None:  # deleted since the index was read
            hits.append(make_hit(row, article, highlight))
    return hits


def make_hit(row, article: Article, highlight: bool) -> SearchHit:
    title_html = snippet_html = ""
    body = "\n".join(part for part in (article.subtitle, article.body) if part)
    if highlight:
        title_html = highlight_hit(row, "title", article.title, top=1, whole=True)
        snippet_html = highlight_hit(row, "body", body, top=3)
    values = {
        group: row.get(group, "").split(",") if row.get(group) else [] for group in FACET_GROUPS
    }
    return SearchHit(
        article=article,
        title_html=title_html or lead_snippet(article.title),
        snippet_html=snippet_html or lead_snippet(body),
        values=values,
    )


def facet_labels(facet_counts, params: SearchParams, hits: list[SearchHit]) -> dict[str, dict]:
    """Display names for every slug shown, in one query per kind of thing."""
    wanted = {group: set(params.selected(group)) for group in FACET_GROUPS}
    for group, counts in facet_counts.items():
        wanted[group].update(slug for slug, _ in counts.most_common(MAX_FACET_VALUES))
    for hit in hits:
        for group, slugs in hit.values.items():
            wanted[group].update(slugs)
    entity_slugs = wanted["person"] | wanted["org"] | wanted["place"]
    entity_names = dict(Entity.objects.filter(slug__in=entity_slugs).values_list("slug", "name"))
    return {
        "person": entity_names,
        "org": entity_names,
        "place": entity_names,
        "topic": dict(Topic.objects.filter(slug__in=wanted["topic"]).values_list("slug", "name")),
        "source": dict(
            Source.objects.filter(slug__in=wanted["source"]).values_list("slug", "name")
        ),
    }


def facet_values(group: str, counts, params: SearchParams, labels) -> list[FacetValue]:
    selected = params.selected(group)
    values = [
        FacetValue(slug, labels[group].get(slug, slug), count, slug in selected)
        for slug, count in counts.most_common(MAX_FACET_VALUES)
    ]
    shown = {value.value for value in values}
    for slug in selected:  # a selected value stays visible, even when nothing matches it now
        if slug not in shown:
            values.append(
                FacetValue(slug, labels[group].get(slug, slug), counts.get(slug, 0), True)
            )
    return values


def suggest(searcher, query, text: str) -> str | None:
    """A corrected query string from the index vocabulary, when one differs from what was typed."""
    try:
        corrected = searcher.correct_query(query, text, prefix=1)
    except Exception:  # correction is a nicety; an odd query must not break the search
        logger.debug("No correction for %r", text, exc_info=True)
        return None
    if corrected.query != query and corrected.string.strip().lower() != text.strip().lower():
        return corrected.string
    return None


def similar_articles(article: Article, limit: int = 5) -> list[Article]:
    """Published articles most like this one, by the key terms of its text."""
    searcher = current_searcher()
    docnum = searcher.document_number(id=str(article.pk))
    text = f"{article.title}\n{article.body}"
    if docnum is None:
        return []
    results = searcher.more_like(docnum, "body", text=text, top=limit)
    ids = [int(hit["id"]) for hit in results]
    found = Article.objects.select_related("source").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
