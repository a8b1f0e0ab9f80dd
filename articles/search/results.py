"""What a search answers: the page of hits, the total, the facets and dates, a suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.models import Article
from articles.search.facets import DateBucket, FacetValue
from articles.search.params import SearchParams
from articles.search.reasons import MatchReason


@dataclass
class SearchHit:
    article: Article
    title_html: str
    snippet_html: str
    values: dict[str, list[str]]  # facet group -> slugs, as indexed
    reason: MatchReason = field(default_factory=MatchReason)  # empty when browsing
    topic_names: list[str] = field(default_factory=list)  # of values["topic"], for the page


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

    @property
    def selected_values(self) -> list[tuple[str, FacetValue]]:
        """(group, value) of each facet value the search is narrowed to, for the page's chips."""
        return [
            (group, value)
            for group, values in self.facets.items()
            for value in values
            if value.selected
        ]
