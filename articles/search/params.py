"""What one search asks for: SearchParams, built from the search page's SearchFilter.

The FilterSet in articles/filters.py is the parameters' one declaration (it validates them and
renders the form and the URL). SearchParams has a field for each of its filters, holding the
cleaned value and empty when the parameter is not given, plus the page size and the offset the
API's cursor sets: a parameter declared there reaches `search()` with no edit here.
"""

from __future__ import annotations

import functools
from dataclasses import field, make_dataclass

from django.conf import settings
from django.http import QueryDict

from articles.filters import SearchFilter


class ParamsBehaviour:
    """What a SearchParams does beyond holding the values (the fields come from SearchFilter)."""

    def __post_init__(self):
        # The page arrives as the form's Decimal, or None when not given.
        self.page = int(self.page or 1)

    @classmethod
    def from_filter(cls, filterset: SearchFilter) -> SearchParams:
        """A bound SearchFilter's valid parameters; an invalid one counts as not given."""
        filterset.is_valid()
        form = filterset.form
        return cls(
            **{name: value for name, value in form.cleaned_data.items() if name not in form.errors}
        )

    @classmethod
    def from_query(cls, query: str) -> SearchParams:
        """The parameters of a URL query string ("q=oil&person=opec"), validated by SearchFilter's
        form; raises InvalidParams naming each invalid one. For reading many stored searches: the
        form class is made once, not once per FilterSet (a FilterSet copies its filters)."""
        form = search_form_class()(QueryDict(query))
        if not form.is_valid():
            raise InvalidParams(form.errors)
        return cls(**form.cleaned_data)

    def selected(self, group: str) -> list[str]:
        return getattr(self, group)

    @property
    def effective_sort(self) -> str:
        """ "relevance" (the default with a query), "newest" (the default without) or "oldest"."""
        if self.sort in ("newest", "oldest"):
            return self.sort
        return "relevance" if self.q.strip() else "newest"


class InvalidParams(ValueError):
    """A query string with parameters SearchFilter refuses; the message names each one."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        )


@functools.cache
def search_form_class():
    return SearchFilter().get_form_class()


def parameter_field(form_field):
    """A dataclass field whose default is what `form_field` cleans an absent value to:
    "" for text and choices, [] for slug lists, None for dates and numbers."""
    empty = form_field.clean(None)
    return field(default_factory=list) if isinstance(empty, list) else field(default=empty)


def results_per_page() -> int:
    return settings.NEWSDESK["RESULTS_PER_PAGE"]


SearchParams = make_dataclass(
    "SearchParams",
    [
        *(
            (name, object, parameter_field(declared.field))
            for name, declared in SearchFilter.base_filters.items()
        ),
        ("per_page", int, field(default_factory=results_per_page)),
        # The rank the page starts at, instead of `page` (the API's cursor); None: use `page`.
        ("offset", int | None, field(default=None)),
    ],
    bases=(ParamsBehaviour,),
)
SearchParams.__module__ = __name__
SearchParams.__doc__ = "The parameters of one search; build it with `SearchParams.from_filter()`."
