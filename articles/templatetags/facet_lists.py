"""The search page's facet value lists, rendered in Python.

A page shows up to 100 values in each of five groups, each value a link that toggles it. Through
the template language (a loop, three conditions and four variables per value, and the "More" list
looping over them all again) they took most of the page's rendering time, more than the search.
"""

import html

from django import template
from django.utils.safestring import SafeString

from articles.templatetags.search_urls import toggle_urls

register = template.Library()

# Values shown before "More": the rest are in the list under it (and, for scripts, hidden in the
# main list, where the facet filter box searches them all).
SHOWN = 8
ITEM = (
    "\n    <li{more}>"
    '\n      <a href="{url}" class="facet-value{selected}"{current}>'
    '\n        <span class="facet-label">{label}</span> <span class="facet-count">{count}</span>'
    "\n      </a>"
    "\n    </li>"
    "\n    "
)
MORE_ITEM = (
    '<li><a href="{url}" class="facet-value"><span class="facet-label">{label}</span> '
    '<span class="facet-count">{count}</span></a></li>'
)
EMPTY = '\n    <li class="facet-empty">None</li>\n    '


@register.simple_tag(takes_context=True)
def facet_items(context, group: str, values) -> dict[str, SafeString]:
    """The group's list items: `main` (every value) and `more` (those past the first SHOWN)."""
    urls = toggle_urls(context["request"].GET, group, [value.value for value in values])
    main, more = [], []
    for number, (value, url) in enumerate(zip(values, urls, strict=True), start=1):
        # Escaped here as the template would (django.utils.html.escape is html.escape; its lazy
        # wrapper and format_html cost more than the rest of the list).
        url, label = html.escape(url), html.escape(str(value.label))
        hidden = number > SHOWN and not value.selected
        main.append(
            ITEM.format(
                more=' class="facet-more-item"' if hidden else "",
                url=url,
                selected=" selected" if value.selected else "",
                current=' aria-current="true"' if value.selected else "",
                label=label,
                count=int(value.count),
            )
        )
        if hidden:
            more.append(MORE_ITEM.format(url=url, label=label, count=int(value.count)))
    return {"main": SafeString("".join(main) or EMPTY), "more": SafeString("".join(more))}
