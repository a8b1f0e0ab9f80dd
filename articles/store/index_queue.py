"""The queue of index writes: the ids of saved articles, written to the index after commit.

The signal receivers (articles/signals.py) and the store side's bulk writers (importer,
enrichment, curation) queue the touched article ids here; they are written to the index after the
transaction commits. A failed write (index busy beyond the lock timeout, disk full, ...) is logged
and never raised: the edit is saved, only its index write is late. The articles stay flagged
`needs_indexing`, and the next successful write in any process picks them up
(`search.index_waiting`), as does `check_index --repair`.
"""

import contextlib
import logging
import threading

from django.db import transaction
from django.utils import timezone

from articles.models import Article

logger = logging.getLogger("newsdesk.search")


class PendingIds(threading.local):
    """Article ids collected while a batch defers its index writes (see `batched_indexing`)."""

    def __init__(self):
        self.depth = 0
        self.ids: set[int] = set()
        # Collected by `deferred_indexing` and not written yet: the retry pass leaves them alone.
        self.held: set[int] = set()


pending = PendingIds()


@contextlib.contextmanager
def batched_indexing():
    """Collect the index writes of everything saved inside, and make them in one go at the end.

    Bulk imports use it so that a batch of articles costs one index commit, not one per save.
    """
    pending.depth += 1
    try:
        yield
    finally:
        pending.depth -= 1
        if pending.depth == 0 and pending.ids:
            ids, pending.ids = pending.ids, set()
            schedule_reindex(ids)


@contextlib.contextmanager
def deferred_indexing():
    """Collect the ids of everything saved inside into the yielded set, and write none of them.

    The caller writes them later with `schedule_reindex` (the importer does, once a batch's
    enrichment is stored too). Until then they are flagged `needs_indexing` (stamped on the way
    out: an updated article's save leaves the flag as it was read), so an id that is never
    written is still picked up by the next write or `check_index --repair`.
    """
    outer_ids, pending.ids = pending.ids, set()
    pending.depth += 1
    collected = pending.ids
    try:
        yield collected
    finally:
        pending.depth -= 1
        pending.ids = outer_ids
        pending.held |= collected
        if collected:
            stamp_changed(collected)


def release_held() -> None:
    """Let the retry pass write whatever `deferred_indexing` collected and nobody wrote (an import
    that stopped half-way); they are still flagged `needs_indexing`."""
    pending.held.clear()


def index_now(article_ids: set[int]) -> None:
    """Write these articles, then retry those whose earlier write failed.

    Never raises: this runs on commit, after the edit is saved, and an index failure must not turn
    the save into an error page.
    """
    from articles import search

    pending.held -= article_ids
    try:
        search.index_articles_by_id(article_ids)
    except Exception:
        logger.exception(
            "Search index NOT updated for %d article(s) (first ids %s); they stay flagged "
            "needs_indexing until the next write or `manage.py check_index --repair`.",
            len(article_ids),
            sorted(article_ids)[:10],
        )
        return
    try:
        search.index_waiting(held=pending.held)
    except Exception:
        logger.exception("Retrying articles flagged needs_indexing failed; they stay flagged.")


# Ids per UPDATE when stamping touched articles: SQLite limits a query's variables.
STAMP_BATCH_SIZE = 500


def schedule_reindex(article_ids) -> None:
    ids = {int(pk) for pk in article_ids if pk is not None}
    if not ids:
        return
    if pending.depth:
        pending.ids |= ids
        return
    stamp_changed(ids)
    transaction.on_commit(lambda: index_now(ids))


def stamp_changed(ids: set[int]) -> None:
    """Stamp the articles whose documents change, in the writer's transaction.

    The index stores each document's `updated` as its version, and a rebuild's catch-up and
    `check_index` compare it: a change that only touches an article's links (a merge moves
    mentions with a bulk update, enrichment replaces them) must move `updated` too, or a rebuild
    running meanwhile keeps the old document and nothing ever notices. The flag makes a failed
    write of such a change visible to the retry pass as well.
    """
    ordered = sorted(ids)
    now = timezone.now()
    for start in range(0, len(ordered), STAMP_BATCH_SIZE):
        Article.objects.filter(pk__in=ordered[start : start + STAMP_BATCH_SIZE]).update(
            updated=now, needs_indexing=True
        )
