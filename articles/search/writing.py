"""Writing articles to an index: the one piece of code that turns database rows into documents
for an edit (`index_articles_by_id`), the rebuild's catch-up (rebuild.py) and the repair
(health.py)."""

from __future__ import annotations

from django.db.models import Q

from articles.models import Article
from articles.search.index import live_writer
from articles.search.schema import articles_for_indexing, document_for

# Articles read and written per Whoosh commit: an import writes INDEX_COMMIT_SIZE (1000) at once,
# and a commit costs by its distinct words, so fewer, bigger commits are cheaper per article.
INDEX_BATCH_SIZE = 1000
# A write of more articles than INDEX_BATCH_SIZE goes to the parallel writer, this many to a
# commit: one commit of a whole big import would hold the write lock for its whole length.
PARALLEL_COMMIT_SIZE = 20_000
# Rows per `OR` of (pk, updated) pairs when clearing the flag: SQLite limits a query's variables.
MARK_BATCH_SIZE = 200


def index_articles_by_id(article_ids) -> int:
    """Bring the live index up to date for these articles; returns how many documents were written.

    Articles that are gone or not published are removed from the index. Raises IndexBusy (or the
    Whoosh error) when the write fails; the articles then stay flagged `needs_indexing`.
    """
    ids = sorted({int(pk) for pk in article_ids})
    if len(ids) > INDEX_BATCH_SIZE:
        return sum(write_in_parallel(part) for part in batches(ids, PARALLEL_COMMIT_SIZE))
    written = 0
    for chunk in batches(ids, INDEX_BATCH_SIZE):
        written += write_chunk(chunk, articles_to_write(chunk))  # read before the lock: less wait
    return written


def write_in_parallel(ids) -> int:
    """Write many articles (an import's end, a re-extraction) in one commit of the parallel
    writer: its processes analyse one chunk while this one reads the next from the database,
    under the lock (each read is current: a save after it writes again once the lock is free)."""
    written, versions = 0, []
    with live_writer(parallel=True) as writer:
        for chunk in batches(ids, INDEX_BATCH_SIZE):
            articles = articles_to_write(chunk)
            written += write_articles(writer, chunk, articles)
            versions.extend((article.pk, article.updated) for article in articles)
    mark_indexed(versions)
    return written


def write_chunk(ids, articles: list[Article]) -> int:
    """Write `ids`, read earlier as `articles`, under the index lock; returns how many written.

    Another process may have saved and written some of them between the read and the lock: their
    rows are read again, or this write would put an older version over the newer document, and
    with the flag already cleared by that process nothing would ever write it again.
    """
    with live_writer() as writer:
        articles = still_current(ids, articles)
        written = write_articles(writer, ids, articles)
    mark_indexed([(article.pk, article.updated) for article in articles])
    return written


def still_current(ids, articles: list[Article]) -> list[Article]:
    """`articles` with every row saved (or deleted, or added) since they were read read again."""
    versions = dict(Article.objects.filter(pk__in=ids).order_by().values_list("pk", "updated"))
    read = {article.pk: article.updated for article in articles}
    if versions == read:
        return articles
    changed = [pk for pk in versions if read.get(pk) != versions[pk]]
    kept = [article for article in articles if versions.get(article.pk) == article.updated]
    return kept + articles_to_write(changed)


def articles_to_write(ids) -> list[Article]:
    """The articles of `ids` that still exist, with everything their documents hold."""
    return list(articles_for_indexing(Article.objects.filter(pk__in=ids)))


def write_articles(writer, ids, articles: list[Article]) -> int:
    """Make `writer`'s index hold the current state of `ids`, read as `articles` (an id with no
    article there is gone): searchable ones written, the rest removed. Returns how many written.
    """
    written = 0
    for article in articles:
        if article.is_searchable:
            writer.update_document(**document_for(article))
            written += 1
        else:
            writer.delete_by_term("id", str(article.pk))
    for missing in set(ids) - {article.pk for article in articles}:
        writer.delete_by_term("id", str(missing))
    return written


def mark_indexed(versions: list[tuple[int, object]]) -> None:
    """Clear `needs_indexing` on the articles, (pk, updated) as written, not edited since."""
    for batch in batches(versions, MARK_BATCH_SIZE):
        unchanged = Q(pk__in=[])
        for pk, updated in batch:
            unchanged |= Q(pk=pk, updated=updated)
        Article.objects.filter(unchanged).update(needs_indexing=False)


def batches(items: list, size: int):
    """`items` in consecutive slices of `size` (itertools.batched once Python 3.12 is the floor)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
