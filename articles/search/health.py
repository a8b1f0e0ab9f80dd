"""Is the index in step with the database? The database is the source of truth; the index follows.

`check_index()` compares the two and, with `repair=True`, rewrites every document that differs.
`index_waiting()` is the retry that runs without a human: each successful index write calls it to
pick up articles whose own write failed (they stay flagged `needs_indexing` until written).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings

from articles.models import Article
from articles.search.index import current_searcher, live_generation_time, rebuild_running
from articles.search.schema import indexed_version
from articles.search.writing import index_articles_by_id

logger = logging.getLogger("newsdesk.search")

EXAMPLES_SHOWN = 10


@dataclass
class IndexHealth:
    """The difference between database and index, by kind of problem (article ids)."""

    published: int = 0  # published articles in the database
    documents: int = 0  # documents in the index
    missing: list[int] = field(default_factory=list)  # published, not in the index
    stale: list[int] = field(default_factory=list)  # indexed version differs from `updated`
    orphaned: list[int] = field(default_factory=list)  # in the index, no published article
    duplicated: list[int] = field(default_factory=list)  # more than one document
    waiting: list[int] = field(default_factory=list)  # flagged needs_indexing
    last_rebuild: datetime | None = None
    rebuild_running: bool = False
    repaired: int = 0  # documents written or removed by the repair

    @property
    def problems(self) -> set[int]:
        return {*self.missing, *self.stale, *self.orphaned, *self.duplicated, *self.waiting}

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.published} published articles, {self.documents} documents in the index: "
            f"{len(self.missing)} missing, {len(self.stale)} stale, {len(self.orphaned)} orphaned, "
            f"{len(self.duplicated)} duplicated, {len(self.waiting)} waiting"
        )


def check_index(repair: bool = False) -> IndexHealth:
    """Compare database and index; with `repair`, rewrite what differs and compare again.

    Raises IndexBusy when the repair cannot get the write lock in time.
    """
    health = compare()
    if repair and health.problems:
        ids = health.problems
        logger.warning("Repairing the search index: %s", health.summary())
        index_articles_by_id(ids)
        repaired = len(ids)
        health = compare()
        health.repaired = repaired
    return health


def compare() -> IndexHealth:
    database = dict(
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .order_by()
        .values_list("pk", "updated")
    )
    searcher = current_searcher()
    counts: Counter[int] = Counter()
    versions: dict[int, str] = {}
    for stored in searcher.reader().all_stored_fields():
        pk = int(stored["id"])
        counts[pk] += 1
        versions[pk] = stored.get("indexed_version", "")
    generation_time = live_generation_time()
    return IndexHealth(
        published=len(database),
        documents=sum(counts.values()),
        missing=sorted(database.keys() - versions.keys()),
        stale=sorted(
            pk
            for pk, version in versions.items()
            if pk in database and version != indexed_version(Article(updated=database[pk]))
        ),
        orphaned=sorted(versions.keys() - database.keys()),
        duplicated=sorted(pk for pk, count in counts.items() if count > 1),
        waiting=sorted(Article.objects.filter(needs_indexing=True).values_list("pk", flat=True)),
        last_rebuild=(datetime.fromtimestamp(generation_time, tz=UTC) if generation_time else None),
        rebuild_running=rebuild_running(),
    )


def index_waiting(limit: int | None = None, held=frozenset()) -> int:
    """Write up to `limit` articles still flagged `needs_indexing`, oldest edit first; returns how
    many were tried. Raises IndexBusy (or the write's error) like any index write.

    `held` are ids this process will write itself shortly (an import's next batch, waiting for
    its enrichment): writing them now would only write them twice.
    """
    limit = settings.NEWSDESK.get("INDEX_RETRY_BATCH", 500) if limit is None else limit
    ids = list(
        Article.objects.filter(needs_indexing=True)
        .exclude(pk__in=list(held))
        .order_by("updated", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        index_articles_by_id(ids)
    return len(ids)
