"""URLs that change one search parameter and keep the rest: the URL is the whole search state."""

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse

register = template.Library()


def changed(query: QueryDict, **changes) -> str:
    query = query.copy()
    query.pop("page", None)  # any change of the search starts again from the first page
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, value if isinstance(value, list) else [value])
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def toggle_value_url(context, group: str, value: str) -> str:
    """Add `value` to a facet group, or remove it when already selected."""
    return toggle_urls(context["request"].GET, group, [value])[0]


def toggle_urls(query: QueryDict, group: str, values: list[str]) -> list[str]:
    """The URL that toggles each of `values` in `group`: what `changed` gives, with the rest of
    the query encoded once rather than once per value (a page shows up to 500 facet values, and
    a copy and an encoding of the whole query for each was a third of the page's rendering)."""
    keys = [key for key in query if key != "page"]
    selected = query.getlist(group)
    position = keys.index(group) if group in keys else len(keys)
    around = [encoded(query, keys[:position]), "", encoded(query, keys[position + 1 :])]
    urls = []
    for value in values:
        new_values = (
            [v for v in selected if v != value] if value in selected else [*selected, value]
        )
        around[1] = "&".join(urlencode({group: v}) for v in new_values)
        joined = "&".join(part for part in around if part)
        urls.append(f"?{joined}")
    return urls


def encoded(query: QueryDict, keys: list[str]) -> str:
    """`keys` of `query` as QueryDict.urlencode writes them."""
    return "&".join(urlencode({key: value}) for key in keys for value in query.getlist(key))


@register.simple_tag(takes_context=True)
def without_url(context, *keys: str) -> str:
    return changed(context["request"].GET, **{key: None for key in keys})


@register.simple_tag(takes_context=True)
def date_range_url(context, date_from, date_to) -> str:
    return changed(
        context["request"].GET, date_from=date_from.isoformat(), date_to=date_to.isoformat()
    )


@register.simple_tag(takes_context=True)
def page_url(context, page: int) -> str:
    query = context["request"].GET.copy()
    query["page"] = str(page)
    return f"?{query.urlencode()}"


@register.simple_tag
def search_url(**params) -> str:
    """The search page narrowed to these parameters: {% search_url person=entity.slug %}."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value:
            query[key] = value
    return f"{reverse('articles:search')}?{query.urlencode()}"
