"""The server-rendered date histogram (an SVG, so it needs no script).

The bars are built in Python: through the template language (a dozen variables per bar, up to a
hundred bars) they cost the page more than all its hits. The markup is what the template made.
"""

import html

from django import template
from django.utils.safestring import SafeString

from articles.templatetags.search_urls import changed_urls

register = template.Library()

WIDTH, HEIGHT, GAP = 600, 80, 1
BAR = (
    '\n    <a href="{href}" aria-label="{value}: {count} article{plural}">'
    '\n      <rect x="{x}" y="0" width="{w}" height="{height}" class="hit-area"></rect>'
    '\n      <rect x="{x}" y="{y}" width="{w}" height="{h}" class="bar">'
    "<title>{value}: {count}</title></rect>"
    "\n    </a>"
    "\n    "
)


@register.simple_tag(takes_context=True)
def histogram_bars(context, buckets) -> dict:
    """The bars' markup (`svg`, `summary`), their number, and what the caption says; each bar
    links to the search narrowed to its dates."""
    hrefs = changed_urls(
        context["request"].GET,
        [
            {"date_from": [b.date_from.isoformat()], "date_to": [b.date_to.isoformat()]}
            for b in buckets
        ],
    )
    peak = max(bucket.count for bucket in buckets)
    slot = WIDTH / len(buckets)
    bars, summary = [], []
    for index, (bucket, href) in enumerate(zip(buckets, hrefs, strict=True)):
        height = max(2.0, HEIGHT * bucket.count / peak)
        value = html.escape(str(bucket.value))
        summary.append(f"{value}: {int(bucket.count)}")
        bars.append(
            BAR.format(
                href=html.escape(href),
                value=value,
                count=int(bucket.count),
                plural="" if bucket.count == 1 else "s",
                x=round(index * slot, 2),
                w=round(max(1.0, slot - GAP), 2),
                height=HEIGHT,
                y=round(HEIGHT - height, 2),
                h=round(height, 2),
            )
        )
    unit = {4: "year", 7: "month"}.get(len(buckets[0].value), "day")
    return {
        "svg": SafeString("".join(bars)),
        "summary": SafeString("; ".join(summary)),
        "count": len(buckets),
        "width": WIDTH,
        "height": HEIGHT,
        "unit": unit,
        "first": buckets[0].value,
        "last": buckets[-1].value,
    }
