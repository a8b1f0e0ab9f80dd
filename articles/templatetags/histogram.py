"""Geometry of the server-rendered date histogram (an SVG, so it needs no script)."""

from django import template

from articles.templatetags.search_urls import changed_urls

register = template.Library()

WIDTH, HEIGHT, GAP = 600, 80, 1


@register.simple_tag(takes_context=True)
def histogram_bars(context, buckets) -> dict:
    """Each bar's geometry and the URL that narrows the search to its dates."""
    hrefs = changed_urls(
        context["request"].GET,
        [
            {"date_from": [b.date_from.isoformat()], "date_to": [b.date_to.isoformat()]}
            for b in buckets
        ],
    )
    peak = max(bucket.count for bucket in buckets)
    slot = WIDTH / len(buckets)
    items = []
    for index, (bucket, href) in enumerate(zip(buckets, hrefs, strict=True)):
        height = max(2.0, HEIGHT * bucket.count / peak)
        items.append(
            {
                "bucket": bucket,
                "href": href,
                "x": round(index * slot, 2),
                "w": round(max(1.0, slot - GAP), 2),
                "y": round(HEIGHT - height, 2),
                "h": round(height, 2),
            }
        )
    unit = {4: "year", 7: "month"}.get(len(buckets[0].value), "day")
    return {
        "items": items,
        "width": WIDTH,
        "height": HEIGHT,
        "unit": unit,
        "first": buckets[0].value,
        "last": buckets[-1].value,
    }
