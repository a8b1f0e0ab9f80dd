"""The search results as JSON (the API) and as CSV rows (the export)."""

from __future__ import annotations

import html

from django.utils.html import strip_tags

from articles.search import SearchHit, SearchResults

EXPORT_COLUMNS = [
    "id",
    "title",
    "url",
    "source",
    "published",
    "topics",
    "people",
    "orgs",
    "places",
    "snippet",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def hit_as_json(hit: SearchHit, request) -> dict:
    article = hit.article
    return {
        "id": article.pk,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source.slug if article.source else None,
        "topics": hit.values["topic"],
        "people": hit.values["person"],
        "orgs": hit.values["org"],
        "places": hit.values["place"],
    }


def results_as_json(results: SearchResults, request) -> dict:
    return {
        "query": results.params.q,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "suggestion": results.suggestion,
        "notice": results.notice or None,
        "results": [hit_as_json(hit, request) for hit in results.hits],
        "facets": {
            **{
                group: [
                    {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                    for v in values
                ]
                for group, values in results.facets.items()
            },
            "date": [{"value": bucket.value, "count": bucket.count} for bucket in results.dates],
        },
    }


def plain_text(markup: str) -> str:
    return html.unescape(strip_tags(markup))


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_row(hit: SearchHit, request) -> list[str]:
    article = hit.article
    row = [
        article.pk,
        article.title,
        article.url,
        article.source.name if article.source else "",
        article.published.isoformat() if article.published else "",
        ";".join(hit.values["topic"]),
        ";".join(hit.values["person"]),
        ";".join(hit.values["org"]),
        ";".join(hit.values["place"]),
        plain_text(hit.snippet_html),
    ]
    return [safe_cell(value) for value in row]
