"""URLs that change one search parameter and keep the rest: the URL is the whole search state."""

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
    query = context["request"].GET
    values = query.getlist(group)
    new_values = [v for v in values if v != value] if value in values else [*values, value]
    return changed(query, **{group: new_values or None})


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
