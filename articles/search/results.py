"""What a search answers: the page of hits, the total, the facets and dates, a suggestion."""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import Article
from articles.search.facets import DateBucket, FacetValue
from articles.search.params import SearchParams


@dataclass
class SearchHit:
    article: Article
    title_html: str
    snippet_html: str
    values: dict[str, list[str]]  # facet group -> slugs, as indexed


@dataclass
class SearchResults:
    params: SearchParams
    total: int
    page: int
    pages: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    dates: list[DateBucket]
    suggestion: str | None = None
    notice: str = ""
