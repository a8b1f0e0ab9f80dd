"""check_index (the verb and the command) and the admin's Index health page."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from articles import search
from articles.models import Article, ArticleTopic, Entity, Job, Topic
from articles.search import SearchParams, rebuild
from articles.store.curation import assign_topic, block_entity, merge_entities, set_status
from articles.tests.factories import make_article, write_lock_held_by_another_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(committed):
    with committed():
        return [
            make_article(f"Indexed story {n}", f"Body number {n} about harbours.") for n in range(3)
        ]


@pytest.fixture
def drifted(indexed):
    """One article of each kind of problem, made the way real failures make them."""
    missing = make_article("Saved, never indexed", "Its on-commit write never ran.")
    stale = indexed[0]
    Article.objects.filter(pk=stale.pk).update(
        title="Edited behind the index's back", updated=timezone.now() + dt.timedelta(seconds=1)
    )
    orphan = indexed[1]
    Article.objects.filter(pk=orphan.pk).delete()  # outside `committed`: the removal never ran
    return {"missing": missing.pk, "stale": stale.pk, "orphaned": orphan.pk}


def test_a_collection_written_through_the_signals_is_consistent(indexed):
    health = search.check_index()
    assert health.ok
    assert (health.published, health.documents) == (3, 3)
    assert health.last_rebuild is not None


def test_every_kind_of_drift_is_found(drifted):
    health = search.check_index()
    assert not health.ok
    assert health.missing == [drifted["missing"]]
    assert health.stale == [drifted["stale"]]
    assert health.orphaned == [drifted["orphaned"]]
    assert health.waiting == [drifted["missing"]]
    assert (health.published, health.documents) == (3, 3)


def test_repair_brings_the_index_back_in_step(drifted):
    health = search.check_index(repair=True)
    assert health.ok, health.summary()
    assert health.repaired == 3
    assert not Article.objects.filter(needs_indexing=True).exists()
    found = search.search(SearchParams(q="edited"))
    assert [hit.article.pk for hit in found.hits] == [drifted["stale"]]


def test_hidden_article_left_in_the_index_is_orphaned(indexed):
    Article.objects.filter(pk=indexed[2].pk).update(status=Article.Status.HIDDEN)
    assert search.check_index().orphaned == [indexed[2].pk]
    assert search.check_index(repair=True).ok
    assert search.search(SearchParams(q="harbours")).total == 2


def test_command_exits_1_with_the_figures_and_repairs(drifted, capsys):
    with pytest.raises(CommandError, match="check_index --repair"):
        call_command("check_index")
    out = capsys.readouterr().out
    assert "1 missing, 1 stale, 1 orphaned, 0 duplicated, 1 waiting" in out
    call_command("check_index", "--repair")
    out = capsys.readouterr().out
    assert "repaired 3 articles" in out
    assert "index is consistent with the database" in out
    call_command("check_index")


def test_health_page_shows_the_figures_to_staff(curator_client, drifted):
    page = curator_client.get("/admin/index-health/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "differs from the database" in text
    assert page.context["health"].missing == [drifted["missing"]]
    assert "Rebuild the index" in text


def test_admin_index_links_to_the_health_page(curator_client):
    assert 'href="/admin/index-health/"' in curator_client.get("/admin/").content.decode()


def test_analysts_and_visitors_cannot_open_the_health_page(analyst_client, client):
    for visitor in (analyst_client, client):
        response = visitor.get("/admin/index-health/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db(transaction=True)
def test_rebuild_button_rebuilds_in_the_background(curator_client, indexed):
    Article.objects.filter(pk=indexed[0].pk).update(title="Retitled harbour piece")
    before = search.check_index().last_rebuild
    response = curator_client.post("/admin/index-health/")
    assert response.status_code == 302
    job = Job.objects.get(kind=Job.Kind.REBUILD)  # run at once here; by a worker in production
    assert job.state == Job.State.FINISHED and job.done == job.total == len(indexed)
    health = search.check_index()
    assert health.ok
    assert health.last_rebuild >= before
    assert search.search(SearchParams(q="retitled")).total == 1


def test_rebuild_button_says_when_a_rebuild_is_running(curator_client):
    from articles.search.index import rebuild_lock

    with rebuild_lock():
        page = curator_client.get("/admin/index-health/")
        assert "Rebuild running" in page.content.decode()
        response = curator_client.post("/admin/index-health/", follow=True)
        assert "already running" in response.content.decode()
        assert not Job.objects.exists()


def test_a_rebuild_after_a_bulk_load_writes_each_article_once():
    # Bulk-stored articles are flagged and saved moments ago: the rebuild's catch-up must see that
    # write_all already wrote these versions. A second write would leave deleted documents behind.
    Article.objects.bulk_create(
        Article(title=f"Bulk story {n}", body=f"Harbour news number {n}.") for n in range(30)
    )
    assert search.rebuild_index() == 30
    searcher = search.index.current_searcher()
    assert searcher.doc_count() == searcher.doc_count_all() == 30
    assert search.search(SearchParams(q="harbour")).total == 30
    assert not Article.objects.filter(needs_indexing=True).exists()


def index_contents() -> dict[str, tuple]:
    """Every document of the live index by id: its stored fields but the version stamp, and the
    terms it is found by."""
    search.close_index()
    reader = search.index.current_searcher().reader()
    stored = {docnum: fields for docnum, fields in reader.iter_docs()}
    terms = {docnum: set() for docnum in stored}
    for field_name, term in reader.all_terms():
        if field_name.startswith("spell_"):  # the spelling words of the whole index
            continue
        for docnum in reader.postings(field_name, term).all_ids():
            if docnum in terms:  # not a deleted document
                terms[docnum].add((field_name, term))
    return {
        fields["id"]: (
            {name: value for name, value in fields.items() if name != "indexed_version"},
            terms[docnum],
        )
        for docnum, fields in stored.items()
    }


def merge_kim():
    merge_entities(Entity.objects.get(name="Kim Jong Un"), [Entity.objects.get(name="Kim Jong-un")])


def retitle_first():
    article = Article.objects.order_by("pk").first()
    article.title = "Retitled while the index was rebuilt"
    article.save()


def assign_economy():
    # Transactional tests empty the tables the topics migration filled: a topic of its own.
    topic, _ = Topic.objects.get_or_create(qcode="test:economy", name="Economy", slug="economy")
    assign_topic(Article.objects.order_by("pk")[:2], topic)


def block_seoul():
    block_entity(Entity.objects.get(name="Seoul"))


def hide_second():
    set_status(Article.objects.order_by("pk")[1:2], Article.Status.HIDDEN)


def delete_first():
    Article.objects.order_by("pk").first().delete()


def rename_entity():
    entity = Entity.objects.get(name="Seoul")
    entity.aliases.create(name="Seoul City")


WRITES_DURING_REBUILD = {
    "merge": [merge_kim],
    "edit": [retitle_first],
    "topics": [assign_economy],
    "block": [block_seoul],
    "hide": [hide_second],
    "delete": [delete_first],
    "alias": [rename_entity],
    "all of them": [merge_kim, assign_economy, rename_entity, retitle_first, hide_second],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", WRITES_DURING_REBUILD)
def test_writes_during_a_rebuild_are_all_in_the_swapped_in_index(name, monkeypatch):
    # The first chunk of articles is already written to the new index when the writes are made:
    # only the catch-up can bring them in. A merge moves mentions and nothing else.
    with transaction.atomic():
        for n in range(6):
            spelling = "Kim Jong Un" if n % 2 else "Kim Jong-un"
            make_article(f"Harbour story {n}", f"Body {n}.", people=(spelling,), places=("Seoul",))
    monkeypatch.setattr(rebuild, "REBUILD_CHUNK", 2)
    writes = iter(WRITES_DURING_REBUILD[name])

    def write_meanwhile(done: int) -> None:
        for write in writes:
            write()

    search.rebuild_index(progress=write_meanwhile)
    after_catch_up = index_contents()
    health = search.check_index()
    assert health.ok, health.summary()
    search.rebuild_index()
    assert after_catch_up == index_contents()


@pytest.mark.django_db(transaction=True)
def test_a_merge_whose_index_write_failed_is_found_and_repaired(settings):
    with transaction.atomic():
        for spelling in ("Kim Jong Un", "Kim Jong-un"):
            make_article(f"Story on {spelling}", "Body.", people=(spelling,))
    search.rebuild_index()
    settings.NEWSDESK = {**settings.NEWSDESK, "INDEX_LOCK_TIMEOUT": 0.2}
    with write_lock_held_by_another_thread():
        merge_kim()  # saved; its index write times out
    health = search.check_index()
    assert len(health.stale) == 1, health.summary()
    assert search.check_index(repair=True).ok
    assert search.search(SearchParams(person=["kim-jong-un"])).total == 2


def test_a_link_whose_index_write_is_deferred_is_flagged_until_written():
    from articles.store.index_queue import deferred_indexing, release_held

    article = make_article(title="Harbour plan")
    Article.objects.filter(pk=article.pk).update(needs_indexing=False)  # as once written
    article.refresh_from_db()
    try:
        with deferred_indexing() as ids:
            # A link saved on its own, as an import's enrichment stores topics and mentions: the
            # article row itself is not saved.
            topic = Topic.objects.create(name="Ports", slug="ports")
            ArticleTopic.objects.create(article=article, topic=topic, confidence=None)
        assert ids == {article.pk}
        # Nobody wrote it (an import killed before its next write): the retry pass must see it.
        assert Article.objects.get(pk=article.pk).needs_indexing
        assert article.pk in search.check_index().waiting
    finally:
        release_held()


def test_a_write_read_before_another_process_wrote_a_newer_version_does_not_undo_it(
    indexed, committed
):
    """Two importers: one reads a batch, the other saves and writes the same articles, then the
    first gets the lock. Its older rows must not replace the newer documents (CI found 200 stale
    documents, already unflagged, after two overlapping imports)."""
    from articles.search.writing import articles_to_write, write_chunk

    article = indexed[0]
    read_earlier = articles_to_write([article.pk])
    with committed():
        article.title = "Saved and written by the other process"
        article.save()
    assert search.check_index().ok  # the other process's write, through the signals

    write_chunk([article.pk], read_earlier)

    health = search.check_index()
    assert health.ok, health.summary()
    hits = search.search(SearchParams(q="other process")).hits
    assert [hit.article.pk for hit in hits] == [article.pk]
