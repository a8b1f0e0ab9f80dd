"""A full rebuild: a new index beside the live one, swapped in atomically when complete.

Searches keep reading the live index during the build. An interrupted build leaves only an unused
folder behind; the live index is untouched. Edits saved during the build are caught up under the
write lock just before the swap, so none is lost.
"""

from __future__ import annotations

import logging
import shutil

from django.utils import timezone

from articles.models import Article
from articles.search.index import create_index, new_generation_dir, point_live_at, write_lock
from articles.search.schema import articles_for_indexing, document_for

logger = logging.getLogger("newsdesk.search")

REBUILD_CHUNK = 1000


def rebuild_index(progress=None) -> int:
    """Index every published article into a fresh index and make it live; returns the count.

    `progress`, if given, is called with the number of articles written so far.
    """
    started = timezone.now()
    path = new_generation_dir()
    try:
        ix = create_index(path)
        written = write_all(ix, progress)
        with write_lock():
            catch_up(ix, since=started)
            point_live_at(path)
        ix.close()
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    Article.objects.filter(updated__lt=started).update(needs_indexing=False)
    return written


# Two writer processes that each leave their own segment (no final merge): the machine has two
# cores and a single writer was measured at ~110 articles/s, which is too slow for 100k articles.
WRITER_PROCS = 2
WRITER_LIMIT_MB = 256


def write_all(ix, progress=None) -> int:
    writer = ix.writer(procs=WRITER_PROCS, limitmb=WRITER_LIMIT_MB, multisegment=True)
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
    """Apply to the new index what changed in the database while it was being built."""
    changed = list(articles_for_indexing(Article.objects.filter(updated__gte=since)))
    with (
        ix.reader() as reader
    ):  # a fresh build only added documents: no deleted ones linger in the lexicon
        indexed_ids = {int(term) for term in reader.lexicon("id")}
    live_ids = set(
        Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)
    )
    gone = indexed_ids - live_ids
    if not changed and not gone:
        return
    writer = ix.writer()
    for article in changed:
        if article.is_searchable:
            writer.update_document(**document_for(article))
        else:
            writer.delete_by_term("id", str(article.pk))
    for pk in gone:
        writer.delete_by_term("id", str(pk))
    writer.commit()
