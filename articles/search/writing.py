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
# Rows per `OR` of (pk, updated) pairs when clearing the flag: SQLite limits a query's variables.
MARK_BATCH_SIZE = 200


def index_articles_by_id(article_ids) -> int:
    """Bring the live index up to date for these articles; returns how many documents were written.

    Articles that are gone or not published are removed from the index. Raises IndexBusy (or the
    Whoosh error) when the write fails; the articles then stay flagged `needs_indexing`.
    """
    ids = sorted({int(pk) for pk in article_ids})
    written = 0
    for chunk in batches(ids, INDEX_BATCH_SIZE):
        articles = articles_to_write(chunk)  # read before taking the lock: writers wait less
        with live_writer() as writer:
            written += write_articles(writer, chunk, articles)
        mark_indexed(articles)
    return written


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


def mark_indexed(articles: list[Article]) -> None:
    """Clear `needs_indexing` on the articles not edited again since they were read."""
    for batch in batches(articles, MARK_BATCH_SIZE):
        unchanged = Q(pk__in=[])
        for article in batch:
            unchanged |= Q(pk=article.pk, updated=article.updated)
        Article.objects.filter(unchanged).update(needs_indexing=False)


def batches(items: list, size: int):
    """`items` in consecutive slices of `size` (itertools.batched once Python 3.12 is the floor)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
