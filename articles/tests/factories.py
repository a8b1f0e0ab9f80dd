"""Builders for test data: real rows in the test database, indexed the way the app indexes them."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import threading

from articles.models import Article, ArticleTopic, Entity, Mention, Source, Topic

_counter = itertools.count(1)


def make_entity(name: str, kind: str = "person", aliases: tuple[str, ...] = ()) -> Entity:
    entity, _ = Entity.objects.get_or_create(name=name, kind=kind)
    for alias in aliases:
        entity.aliases.get_or_create(name=alias)
    return entity


def make_article(
    title: str = "",
    body: str = "Some text.",
    *,
    published: dt.date | None = None,
    source: str | None = None,
    people: tuple[str, ...] = (),
    orgs: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    status: str = Article.Status.PUBLISHED,
    **fields,
) -> Article:
    """An article with its mentions and topics (topics by slug of an existing IPTC topic)."""
    n = next(_counter)
    article = Article.objects.create(
        title=title or f"Article {n}",
        body=body,
        published=published,
        date_precision=Article.Precision.DAY if published else Article.Precision.UNKNOWN,
        source=Source.objects.get_or_create(name=source)[0] if source else None,
        status=status,
        content_hash=f"test-{n}",
        **fields,
    )
    for kind, names in (("person", people), ("org", orgs), ("place", places)):
        for name in names:
            Mention.objects.create(article=article, entity=make_entity(name, kind))
    for slug in topics:
        ArticleTopic.objects.create(
            article=article, topic=Topic.objects.get(slug=slug), confidence=0.9
        )
    return article


@contextlib.contextmanager
def write_lock_held_by_another_thread(release: threading.Event | None = None):
    """The index's write lock taken by another thread (the lock is re-entrant within one), held
    until the block ends or `release` is set, whichever comes first."""
    from articles import search

    taken, release = threading.Event(), release or threading.Event()

    def hold():
        with search.index.write_lock():
            taken.set()
            release.wait(timeout=60)

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait(timeout=60)
    try:
        yield
    finally:
        release.set()
        holder.join()
