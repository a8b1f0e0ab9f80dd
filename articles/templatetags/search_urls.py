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
    """The URL that toggles each of `values` in `group`."""
    selected = query.getlist(group)
    return changed_urls(
        query,
        [
            {
                group: [v for v in selected if v != value]
                if value in selected
                else [*selected, value]
            }
            for value in values
        ],
    )


def changed_urls(query: QueryDict, changes: list[dict[str, list[str] | None]]) -> list[str]:
    """What `changed(query, **change)` gives for each change, the parameters it keeps encoded once
    rather than a copy and an encoding of the whole query per URL: a page links up to 500 facet
    values and a bar per month of the histogram, and those copies were a third of its rendering."""
    keys = [key for key in query if key != "page"]
    kept = {key: encoded(key, query.getlist(key)) for key in keys}
    urls = []
    for change in changes:
        parts = [encoded(key, change[key]) if key in change else kept[key] for key in keys]
        parts += [encoded(key, values) for key, values in change.items() if key not in kept]
        urls.append("?" + "&".join(part for part in parts if part))
    return urls


def encoded(key: str, values: list[str] | None) -> str:
    """One parameter's values as QueryDict.urlencode writes them."""
    return "&".join(urlencode({key: value}) for value in values or [])


@register.simple_tag(takes_context=True)
def without_url(context, *keys: str) -> str:
    return changed(context["request"].GET, **{key: None for key in keys})


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
