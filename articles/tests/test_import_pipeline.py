"""The importer's batch pipeline: enrichment in worker processes overlapping with storing, each
batch stored in one transaction and indexed once, new entities created in bulk."""

import itertools
import json
import logging
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.enrich import Enrichment, FoundEntity, enrich_articles
from articles.models import Article, Entity, Mention
from articles.search.index import current_searcher
from articles.store import importer
from articles.store.enrichment import (
    article_texts,
    build_registry,
    entity_ids_for,
    overlap_batches,
    store_enrichments,
)
from articles.tests.factories import write_lock_held_by_another_thread

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = ["Angela Merkel", "Boris Johnson", "Emmanuel Macron", "Shinzo Abe", "Justin Trudeau"]
PLACES = ["Berlin", "London", "Paris", "Tokyo", "Ottawa", "Madrid", "Cairo"]
ORGS = ["the World Bank", "NATO", "the European Union", "Toyota Motor Corp"]


def write_stories(path, count: int) -> None:
    """`count` short stories, no two naming the same mix of people, places and organisations."""
    mixes = itertools.cycle(itertools.product(PEOPLE, PLACES, ORGS))
    lines = []
    for number, (person, place, org) in zip(range(count), mixes, strict=False):
        body = (
            f"{person} arrived in {place} on Tuesday for talks with {org} about story {number}. "
            f"Officials in {place} said {person.split()[-1]} would meet reporters later."
        )
        lines.append(json.dumps({"title": f"Talks in {place}, number {number}", "body": body}))
    path.write_text("\n".join(lines) + "\n")


def stored_mentions(article: Article) -> dict[tuple[str, str], int]:
    return {
        (m.entity.name, m.entity.kind): m.count
        for m in Mention.objects.filter(article=article).select_related("entity")
    }


def test_worker_processes_store_each_article_its_own_enrichment(tmp_path, monkeypatch):
    # Three batches of 40: each is split over two workers, and the storing of one batch overlaps
    # with the enrichment of the next.
    monkeypatch.setattr(importer, "BATCH_SIZE", 40)
    write_stories(tmp_path / "stories.jsonl", 120)
    report = importer.import_articles([tmp_path / "stories.jsonl"], workers=2)
    assert report.summary() == "created 120, updated 0, unchanged 0, failed 0"

    articles = list(Article.objects.order_by("pk"))
    expected = enrich_articles(article_texts(articles), build_registry())
    for article, enrichment in zip(articles, expected, strict=True):
        assert stored_mentions(article) == {(e.name, e.kind): e.count for e in enrichment.entities}
    assert sum(bool(stored_mentions(a)) for a in articles) == 120  # every story names someone


def test_each_imported_article_is_written_to_the_index_once(tmp_path, monkeypatch):
    # An article written twice leaves a deleted document behind in the index.
    monkeypatch.setattr(importer, "BATCH_SIZE", 40)
    write_stories(tmp_path / "stories.jsonl", 100)
    importer.import_articles([tmp_path / "stories.jsonl"], workers=0)
    searcher = current_searcher()
    assert searcher.doc_count() == 100
    assert searcher.doc_count_all() == 100
    assert not Article.objects.filter(needs_indexing=True).exists()


def test_storing_a_batch_takes_queries_per_changed_article_not_per_link():
    articles = [Article.objects.create(title=f"Story {n}", body="Text.") for n in range(30)]
    results = [
        Enrichment(
            entities=[
                FoundEntity(f"Person {n} {k}", "person", 1) for k in range(5)
            ]  # 150 new entities
        )
        for n in range(30)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert store_enrichments(articles, results) == 30
    # Everything is per batch, the changed articles' dates and reindex flags included.
    assert len(queries) <= 25
    assert Mention.objects.count() == 150
    assert Entity.objects.count() == 150


def test_new_entities_get_slugs_unique_among_stored_and_new_ones():
    stored = Entity.objects.create(name="Washington", kind="place")
    keys = {
        ("Washington", "place"),
        ("Washington", "person"),
        ("U.S.", "place"),
        ("US", "org"),
    }
    ids = entity_ids_for(keys)
    assert set(ids) == keys
    assert ids[("Washington", "place")] == stored.pk
    slugs = list(Entity.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 4
    assert entity_ids_for(keys) == ids  # a second pass finds them all


def test_the_workers_have_two_batches_ahead_while_one_is_finished():
    # Finishing a batch (storing its enrichment, and now and then an index write) must not leave
    # the workers without work: two later batches are started before it.
    events = []
    overlap_batches(
        range(5),
        start=lambda batch: events.append(f"start {batch}") or batch,
        finish=lambda batch: events.append(f"finish {batch}"),
    )
    assert events == [
        *("start 0", "start 1", "start 2", "finish 0", "start 3", "finish 1", "start 4"),
        *("finish 2", "finish 3", "finish 4"),
    ]


class ReleaseOnFailedWrite(logging.Handler):
    """Sets `event` when the search logger says an index write failed."""

    def __init__(self, event: threading.Event):
        super().__init__(logging.ERROR)
        self.event = event

    def emit(self, record):
        if "NOT updated" in record.getMessage():
            self.event.set()


def test_an_import_whose_index_write_met_another_writer_writes_it_again_before_done(
    tmp_path, settings
):
    """The lock is held past the timeout when the import writes, then let go: the import must not
    say done with its articles flagged and out of the index (a job in CI did)."""
    settings.NEWSDESK = {**settings.NEWSDESK, "INDEX_LOCK_TIMEOUT": 0.2}
    write_stories(tmp_path / "news.jsonl", 30)
    released = threading.Event()
    handler = ReleaseOnFailedWrite(released)
    logging.getLogger("newsdesk.search").addHandler(handler)
    try:
        with write_lock_held_by_another_thread(release=released):
            report = importer.import_articles([str(tmp_path)], enrich=False)
    finally:
        logging.getLogger("newsdesk.search").removeHandler(handler)
    assert released.is_set()  # the first write did fail
    assert report.created == 30
    health = search.check_index()
    assert health.ok, health.summary()
    assert search.search(search.SearchParams(q="talks")).total == 30


def test_an_import_that_cannot_write_the_index_raises_instead_of_saying_done(tmp_path, settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "INDEX_LOCK_TIMEOUT": 0.1}
    write_stories(tmp_path / "news.jsonl", 10)
    with write_lock_held_by_another_thread(), pytest.raises(search.IndexBusy):
        importer.import_articles([str(tmp_path)], enrich=False)
    assert Article.objects.count() == 10  # stored, and flagged for the next write
    assert search.check_index().waiting == sorted(Article.objects.values_list("pk", flat=True))


def test_the_import_command_says_what_to_do_when_the_index_stays_locked(tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.NEWSDESK = {**settings.NEWSDESK, "INDEX_LOCK_TIMEOUT": 0.1}
    write_stories(tmp_path / "news.jsonl", 5)
    with write_lock_held_by_another_thread(), pytest.raises(CommandError) as raised:
        call_command("import_articles", "--no-enrich", "--quiet", str(tmp_path))
    assert "5 imported article(s) are stored but not searchable yet" in str(raised.value)
    assert "check_index --repair" in str(raised.value)


def index_commits() -> int:
    """How many commits the live index has had: its generation number."""
    from articles.search.index import live_dir, open_index_at

    ix = open_index_at(live_dir())
    try:
        return ix.latest_generation()
    finally:
        ix.close()


def test_an_import_that_outnumbers_the_collection_writes_the_index_once_at_its_end(
    tmp_path, monkeypatch
):
    """Its closing passes (source names, furniture, entity links) change most of its articles:
    each is written once, after them. An import into a larger collection writes as it goes."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 40)
    monkeypatch.setattr(importer, "INDEX_COMMIT_SIZE", 40)
    write_stories(tmp_path / "first.jsonl", 120)
    search.index_articles_by_id([])  # the index exists before the import
    before = index_commits()
    importer.import_articles([tmp_path / "first.jsonl"], workers=0)
    assert index_commits() == before + 1
    assert current_searcher().doc_count() == 120
    assert not Article.objects.filter(needs_indexing=True).exists()

    lines = (tmp_path / "first.jsonl").read_text().replace("number ", "later number ")
    (tmp_path / "later.jsonl").write_text(
        lines.replace("story ", "later story ")[: len(lines) // 2]
    )
    before = index_commits()
    importer.import_articles([tmp_path / "later.jsonl"], workers=0)
    assert index_commits() > before + 1
    search.close_index()
    assert current_searcher().doc_count() == Article.objects.count()


def test_a_big_write_in_parallel_processes_replaces_each_document_once(monkeypatch):
    """More than one chunk of articles is written by two processes; rewriting them leaves no
    second copy of any."""
    from articles.search import writing
    from articles.tests.factories import make_article

    monkeypatch.setattr(writing, "INDEX_BATCH_SIZE", 30)
    articles = [
        make_article(f"Story {n}", f"Officials met in Berlin about case {n}.") for n in range(70)
    ]
    ids = [article.pk for article in articles]
    assert search.index_articles_by_id(ids) == 70
    Article.objects.filter(pk__in=ids[:50]).update(title="Rewritten story")
    assert search.index_articles_by_id(ids) == 70
    search.close_index()
    assert current_searcher().doc_count() == 70  # a second copy would count: deletions do not
    rewritten = search.search(search.SearchParams(q="rewritten"))
    assert rewritten.total == 50
