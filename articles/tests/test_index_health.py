"""check_index (the verb and the command) and the admin's Index health page."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import search
from articles.admin import index_health
from articles.models import Article
from articles.search import SearchParams
from articles.tests.factories import make_article

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
    for thread in index_health.rebuild_threads:
        thread.join(timeout=60)
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
        assert not [thread for thread in index_health.rebuild_threads if thread.is_alive()]


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
