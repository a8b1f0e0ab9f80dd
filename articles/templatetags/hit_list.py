"""The search page's hits, rendered in Python.

Through the template language (an include per hit and a dozen variables each) the ten hits cost
the page more than its facet lists; built here with the filters the template used, the markup is
what the template made.
"""

import html

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.safestring import SafeString

register = template.Library()

HIT = (
    '\n      <li class="hit">'
    '\n  <h3 class="hit-title"><a href="{url}">{title}</a></h3>'
    '\n  <p class="hit-meta">'
    "\n    {source}"
    "\n    {published}"
    "\n    {topics}"
    "\n  </p>"
    '\n  <p class="hit-snippet">{snippet}</p>'
    "\n  {reason}"
    "\n</li>\n"
    "\n    "
)
NO_HITS = (
    '\n      <li class="no-results">No articles match. Try fewer words or remove a filter.</li>'
    "\n    "
)
# How a date shows, by how much of it the input gave (Article.date_precision).
DATE_FORMATS = {"year": "Y", "month": "F Y"}


@register.simple_tag
def hit_items(hits, query: str) -> SafeString:
    """The list items of a page of hits; each title links to its article with the query."""
    suffix = f"?q={urlencode(query)}" if query else ""
    items = []
    for hit in hits:
        article = hit.article
        items.append(
            HIT.format(
                url=html.escape(reverse("articles:article", args=[article.pk]) + suffix),
                title=hit.title_html,
                source=source_html(article),
                published=published_html(article),
                topics="".join(map(topic_html, hit.topic_names)),
                snippet=hit.snippet_html,
                reason=reason_html(hit.reason.summary()),
            )
        )
    return SafeString("".join(items) or NO_HITS)


def source_html(article) -> str:
    if not article.source:
        return ""
    return f'<span class="hit-source">{html.escape(article.source.name)}</span>'


def published_html(article) -> str:
    if not article.published:
        return '<span class="hit-undated">Date unknown</span>'
    shown = date_filter(article.published, DATE_FORMATS.get(article.date_precision, "j M Y"))
    return f'<time datetime="{date_filter(article.published, "Y-m-d")}">{html.escape(shown)}</time>'


def topic_html(name: str) -> str:
    return f'<span class="hit-topic">{html.escape(name)}</span>'


def reason_html(summary: str) -> str:
    return f'<p class="hit-reason">{html.escape(summary)}</p>' if summary else ""
