"""The fixed mix of benchmark queries: the same for newsdesk and both baselines.

Each query is a dict: `q` (newsdesk syntax), `fts` (the same in SQLite FTS5 syntax, "" to browse),
facet selections by group (0-3 filters in all), and sometimes a 30-day date range. Facet values and
date windows are drawn, with a fixed seed, from what the database holds.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count

from articles.models import Article, ArticleTopic, Entity, Source

ONE_WORD = [
    "oil",
    "bank",
    "trade",
    "market",
    "government",
    "prices",
    "dollar",
    "profit",
    "company",
    "shares",
    "election",
    "minister",
    "tax",
    "growth",
    "music",
    "film",
    "technology",
    "china",
    "japan",
    "exports",
    "inflation",
    "strike",
    "merger",
    "debt",
    "wheat",
    "coffee",
    "football",
    "police",
    "court",
    "president",
]
TWO_WORDS = [
    "oil prices",
    "bank rates",
    "trade deficit",
    "stock market",
    "tax cuts",
    "film award",
    "mobile phone",
    "gold mine",
    "coffee exports",
    "interest rate",
    "labour party",
    "crude output",
]
PHRASES = [
    "interest rates",
    "oil prices",
    "trade deficit",
    "central bank",
    "stock exchange",
    "prime minister",
    "mobile phone",
    "world cup",
    "federal reserve",
    "net loss",
]
BOOLEANS = [
    ("oil AND NOT gas", "oil NOT gas"),
    ("(bank OR banks) AND rates", "(bank OR banks) AND rates"),
    ("dollar OR yen", "dollar OR yen"),
    ("wheat OR corn OR grain", "wheat OR corn OR grain"),
    ("election AND NOT president", "election NOT president"),
    ("merger OR acquisition", "merger OR acquisition"),
]
KINDS = ("one", "two", "phrase", "boolean", "browse", "one")
QUERY_COUNT = 120


def text_query(kind: str, rng: random.Random) -> tuple[str, str]:
    if kind == "one":
        word = rng.choice(ONE_WORD)
        return word, word
    if kind == "two":
        words = rng.choice(TWO_WORDS)
        return words, words
    if kind == "phrase":
        phrase = rng.choice(PHRASES)
        return f'"{phrase}"', f'"{phrase}"'
    if kind == "boolean":
        return rng.choice(BOOLEANS)
    return "", ""


def facet_pool() -> dict[str, list[str]]:
    """The 30 most used values of each group: what an analyst clicks."""
    pool = {}
    for kind in ("person", "org", "place"):
        pool[kind] = list(
            Entity.objects.filter(kind=kind)
            .annotate(n=Count("mentions"))
            .order_by("-n", "slug")
            .values_list("slug", flat=True)[:30]
        )
    pool["topic"] = list(
        ArticleTopic.objects.values("topic__slug")
        .annotate(n=Count("id"))
        .order_by("-n", "topic__slug")
        .values_list("topic__slug", flat=True)[:30]
    )
    pool["source"] = list(Source.objects.order_by("slug").values_list("slug", flat=True))
    return {group: values for group, values in pool.items() if values}


def query_mix(count: int = QUERY_COUNT, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    pool = facet_pool()
    dates = list(
        Article.objects.exclude(published=None)
        .order_by("pk")
        .values_list("published", flat=True)[::97]
    )
    mix = []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        q, fts = text_query(kind, rng)
        query = {"kind": kind, "q": q, "fts": fts}
        for _ in range(number % 4):  # 0-3 facet filters
            group = rng.choice(sorted(pool))
            top = pool[group][:10] if group in ("person", "org", "place") else pool[group]
            query.setdefault(group, []).append(rng.choice(top))
        if number % 5 == 2 and dates:
            start = rng.choice(dates)
            query["date_from"] = start.isoformat()
            query["date_to"] = (start + dt.timedelta(days=30)).isoformat()
        mix.append(query)
    return mix


def url_params(query: dict) -> dict:
    """The query as GET parameters of the search page and API."""
    params = {name: value for name, value in query.items() if name not in ("kind", "fts")}
    return {name: value for name, value in params.items() if value}
