"""Geometry of the server-rendered date histogram (an SVG, so it needs no script)."""

from django import template

register = template.Library()

WIDTH, HEIGHT, GAP = 600, 80, 1


@register.simple_tag
def histogram_bars(buckets) -> dict:
    peak = max(bucket.count for bucket in buckets)
    slot = WIDTH / len(buckets)
    items = []
    for index, bucket in enumerate(buckets):
        height = max(2.0, HEIGHT * bucket.count / peak)
        items.append(
            {
                "bucket": bucket,
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
