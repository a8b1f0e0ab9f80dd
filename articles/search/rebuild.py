"""A full rebuild: a new index beside the live one, swapped in atomically when complete.

Searches keep reading the live index during the build. An interrupted build leaves only an unused
folder behind, which the next rebuild deletes; the live index is untouched. Edits saved during the
build are caught up under the write lock just before the swap, so none is lost. One rebuild runs at
a time (rebuild.lock); a second one fails at once with IndexBusy.
"""

from __future__ import annotations

import logging
import shutil
from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from articles.search import facets as facet_counting
from articles.search.index import (
    create_index,
    live_dir,
    new_generation_dir,
    open_index_at,
    point_live_at,
    rebuild_lock,
    remove_old_generations,
    schema_version_at,
    segment_writer,
    write_lock,
)
from articles.search.schema import (
    SCHEMA_VERSION,
    articles_for_indexing,
    document_for,
    indexed_version,
)
from articles.search.writing import articles_to_write, batches, write_articles

logger = logging.getLogger("newsdesk.search")

REBUILD_CHUNK = 1000
# `updated` is stamped when an article is saved, not when its transaction commits: an edit whose
# transaction was still open when the build started carries an earlier time. The catch-up looks back
# this far to include it.
CATCH_UP_MARGIN = timedelta(minutes=10)


def rebuild_index(progress=None) -> int:
    """Index every published article into a fresh index and make it live; returns the count.

    `progress`, if given, is called with the number of articles written so far.
    """
    with rebuild_lock():
        previous = live_dir(create=False)
        if previous and schema_version_at(previous) != SCHEMA_VERSION:
            logger.warning(
                "Replacing the search index of schema version %s with a new one of version %s",
                schema_version_at(previous),
                SCHEMA_VERSION,
            )
        remove_old_generations(keep={previous} if previous else set())
        started = timezone.now()
        path = new_generation_dir()
        try:
            ix = create_index(path)
            written = write_all(ix, progress)
            with write_lock():
                catch_up(ix, since=started - CATCH_UP_MARGIN)
                point_live_at(path)
                # Under the lock, so no write to the new index can interleave: whatever is still
                # flagged now was just written by the catch-up, or is edited after `started` and
                # keeps its flag for its own on-commit write.
                Article.objects.filter(needs_indexing=True, updated__lt=started).update(
                    needs_indexing=False
                )
            ix.close()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        keep_facet_tables(path)
    return written


def keep_facet_tables(path) -> None:
    """Read the new index's facet tables into files beside its segments now, so that the first
    search of each web worker loads them rather than reading every stored document."""
    try:
        ix = open_index_at(path)
        try:
            with ix.searcher() as searcher:
                facet_counting.store_segment_tables(searcher, str(path))
        finally:
            ix.close()
    except Exception:  # not needed for correctness: a search reads what is missing
        logger.warning("Facet tables of %s not kept", path, exc_info=True)


# PARALLEL_PROCS writer processes that each leave their own segment (no final merge): the
# machine has two cores and a single writer was measured at ~110 articles/s, which is too slow
# for 100k articles.
WRITER_LIMIT_MB = 256


def write_all(ix, progress=None) -> int:
    writer = segment_writer(ix, parallel=True, limitmb=WRITER_LIMIT_MB)
    written = 0
    try:
        published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk")
        last_pk = 0
        while True:
            chunk = list(articles_for_indexing(published.filter(pk__gt=last_pk))[:REBUILD_CHUNK])
            if not chunk:
                break
            for article in chunk:
                writer.add_document(**document_for(article))
            written += len(chunk)
            last_pk = chunk[-1].pk
            if progress:
                progress(written)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return written


def catch_up(ix, since) -> None:
    """Apply to the new index what changed in the database while it was being built.

    Candidates are the articles saved since `since`; those whose saved version is the one
    `write_all` wrote are skipped, so a rebuild right after a bulk load does not write it twice.
    Articles still flagged `needs_indexing` but saved before `since` need nothing here: whether
    their own write went to the old index or failed, `write_all` read them after that save.
    """
    with ix.searcher() as searcher:
        written = {
            int(fields["id"]): fields.get("indexed_version", "")
            for fields in searcher.all_stored_fields()
        }
    # Versions first, whole articles only for those to write: after a bulk load the candidates are
    # most of the collection, and loading them all at once took 3 GB.
    changed_ids = [
        pk
        for pk, updated, status in Article.objects.filter(updated__gte=since)
        .order_by("pk")
        .values_list("pk", "updated", "status")
        if status != Article.Status.PUBLISHED
        or written.get(pk) != indexed_version(Article(updated=updated))
    ]
    gone = set(written) - set(  # a fresh build only added documents: none deleted linger
        Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)
    )
    if not changed_ids and not gone:
        return
    writer = segment_writer(ix)
    for chunk in batches(changed_ids, REBUILD_CHUNK):
        write_articles(writer, chunk, articles_to_write(chunk))
    write_articles(writer, sorted(gone), articles=[])  # none of them is published: all removed
    writer.commit()
