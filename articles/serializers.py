"""The search results as JSON (the API) and as CSV rows (the export)."""

from __future__ import annotations

import html

from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

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

MATCHED_SCHEMA = inline_serializer(
    "Matched",
    {
        "fields": serializers.ListField(child=serializers.CharField()),
        "words": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        "entities": serializers.ListField(child=serializers.CharField()),
    },
)


def slugs(group: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.SlugField(), source=f"values.{group}")


class SearchHitSerializer(serializers.Serializer):
    """One hit (a SearchHit); needs the request in its context for the absolute URL."""

    id = serializers.IntegerField(source="article.pk")
    url = serializers.SerializerMethodField()
    title = serializers.CharField(source="article.title")
    title_html = serializers.CharField()
    snippet_html = serializers.CharField()
    published = serializers.DateField(source="article.published", allow_null=True)
    source = serializers.SlugField(source="article.source.slug", allow_null=True)
    topics = slugs("topic")
    people = slugs("person")
    orgs = slugs("org")
    places = slugs("place")
    matched = serializers.SerializerMethodField()

    def get_url(self, hit: SearchHit) -> str:
        return self.context["request"].build_absolute_uri(hit.article.get_absolute_url())

    @extend_schema_field(MATCHED_SCHEMA)
    def get_matched(self, hit: SearchHit) -> dict:
        return hit.reason.as_dict()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class DateBucketSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="YYYY, YYYY-MM or YYYY-MM-DD")
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    person = FacetValueSerializer(many=True)
    org = FacetValueSerializer(many=True)
    place = FacetValueSerializer(many=True)
    topic = FacetValueSerializer(many=True)
    source = FacetValueSerializer(many=True)
    date = DateBucketSerializer(many=True)


class SearchResultsSerializer(serializers.Serializer):
    """A page of results (SearchResults), as /api/search/ answers it."""

    query = serializers.CharField(source="params.q")
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    suggestion = serializers.CharField(allow_null=True)
    notice = serializers.SerializerMethodField()
    results = SearchHitSerializer(many=True, source="hits")
    facets = serializers.SerializerMethodField()

    def get_notice(self, results: SearchResults) -> str | None:
        return results.notice or None

    @extend_schema_field(FacetsSerializer)
    def get_facets(self, results: SearchResults) -> dict:
        return FacetsSerializer({**results.facets, "date": results.dates}).data


def results_as_json(results: SearchResults, request) -> dict:
    return SearchResultsSerializer(results, context={"request": request}).data


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
