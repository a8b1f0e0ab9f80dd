"""Thin views: read the parameters (SearchFilter), call one search verb, render."""

from __future__ import annotations

import csv

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from articles import search
from articles.filters import SearchFilter
from articles.models import Article, Entity, SavedSearch, SearchHistory
from articles.search import SearchParams
from articles.serializers import EXPORT_COLUMNS, export_row, results_as_json


def search_page(request):
    filterset = SearchFilter(request.GET)
    results = search.search(SearchParams.from_filter(filterset))
    if query := SavedSearch.query_of(request.GET):
        SearchHistory.record(request.user, query)
    return render(request, "articles/search.html", {"filter": filterset, "results": results})


def search_api(request):
    filterset = SearchFilter(request.GET)
    if not filterset.is_valid():
        return errors_as_json(filterset)
    results = search.search(SearchParams.from_filter(filterset))
    return JsonResponse(results_as_json(results, request))


def export_csv(request):
    """The whole result set, streamed: no row limit, memory holds one batch of articles."""
    filterset = SearchFilter(request.GET)
    if not filterset.is_valid():
        return errors_as_json(filterset)
    params = SearchParams.from_filter(filterset)
    response = StreamingHttpResponse(
        csv_rows(params, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsdesk-export.csv"'
    return response


class Line:
    """What csv.writer writes to: it hands each row back instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_rows(params: SearchParams, request):
    writer = csv.writer(Line())
    yield writer.writerow(EXPORT_COLUMNS)
    for hit in search.walk_hits(params):
        yield writer.writerow(export_row(hit, request))


def errors_as_json(filterset: SearchFilter) -> JsonResponse:
    """The machine-facing answer to an invalid parameter: 400, each field's errors."""
    return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)


def article_detail(request, pk: int):
    article = get_object_or_404(
        Article.objects.select_related("source", "duplicate_of").prefetch_related(
            "mentions__entity__aliases", "article_topics__topic"
        ),
        pk=pk,
    )
    query = SearchParams.from_filter(SearchFilter(request.GET)).q
    mentions = sorted(article.mentions.all(), key=lambda m: (-m.count, m.entity.name))
    links = [
        (name, mention.entity.get_absolute_url())
        for mention in mentions
        for name in [mention.entity.name, *(alias.name for alias in mention.entity.aliases.all())]
    ]
    paragraphs = [
        search.marked_text(p, query, links) for p in article.body.split("\n\n") if p.strip()
    ]
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            # Only web addresses become links: a javascript: or data: URL from an import stays text.
            "original_is_link": article.url.lower().startswith(("http://", "https://")),
            "query": query,
            "title_html": search.marked_text(article.title, query),
            "paragraphs": paragraphs,
            "mentions": mentions,
            "similar": search.similar_articles(article) if article.is_searchable else [],
        },
    )


def entity_detail(request, slug: str):
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None:
        moved = Entity.moved_from(slug)
        if moved is None:
            raise Http404("No entity at this address.")
        return redirect(moved, permanent=True)
    return render(
        request,
        "articles/entity_detail.html",
        {"entity": entity, **Entity.objects.mention_summary(entity)},
    )
