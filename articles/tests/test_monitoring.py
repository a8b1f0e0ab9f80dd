"""Monitoring end to end: a saved search, new articles imported through a job, the digest in the
outbox, the feed, unsubscribing; and what must never raise an alert or stop the others."""

import datetime as dt
import json
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles import search
from articles.jobs.models import Job
from articles.jobs.queue import start_import
from articles.models import AlertHit, Article, Entity, SavedSearch, SearchHistory
from articles.store import curation
from articles.tests.factories import make_article, make_entity

pytestmark = pytest.mark.django_db

STORY = (
    "North Korea fired a ballistic missile into the sea off its east coast on Tuesday, the South "
    "Korean military said, in the latest of a series of launches this year. The missile flew "
    "about 600 kilometres before landing outside the exclusive economic zone of Japan, officials "
    "in Tokyo said. Analysts said the test was meant to show the reach of the programme as talks "
    "between Washington and Seoul on joint drills resumed this week."
)


def batch_file(*records: dict) -> tuple[str, bytes]:
    return ("news.jsonl", "\n".join(json.dumps(record) for record in records).encode())


NEW_ARTICLES = batch_file(
    {
        "title": "Missile launched off the east coast",
        "body": STORY,
        "source": "Reuters",
        "url": "https://reuters.example/missile-east-coast",
        "published": "2024-05-02",
    },
    {
        "title": "North fires missile into the sea",
        "body": STORY + " Yonhap contributed to this report.",
        "source": "Yonhap",
        "url": "https://yonhap.example/north-fires-missile",
        "published": "2024-05-02",
    },
    {
        "title": "Pyongyang test-fires a missile",
        "body": "Seoul, May 3. " + STORY,
        "source": "AP",
        "url": "https://ap.example/pyongyang-test-fires",
        "published": "2024-05-03",
    },
    {
        "title": "Factories expand in the north",
        "body": "New factories near Pyongyang build missile launchers around the clock, "
        "satellite pictures show.",
        "source": "Reuters",
        "url": "https://reuters.example/factories",
        "published": "2024-05-04",
    },
    {
        "title": "Flood warnings along the Han river",
        "body": "Heavy rain is expected in Seoul through the weekend, forecasters said.",
        "source": "Yonhap",
        "url": "https://yonhap.example/floods",
        "published": "2024-05-04",
    },
)


def import_through_job(files, enrich: bool = False) -> Job:
    job = start_import([files], enrich=enrich)
    job.refresh_from_db()
    assert job.state == Job.State.FINISHED, job.error
    return job


def save_search(client, query: str, name: str, rate: str = "daily"):
    return client.post(
        reverse("articles:save_search"), {"query": query, "name": name, "rate": rate}
    )


@pytest.fixture
def watcher(analyst):
    analyst.email = "analyst@example.org"
    analyst.save()
    return analyst


def digest_links(message) -> list[str]:
    """The paths of the newsdesk links in a digest's plain text."""
    return [
        urlsplit(word).path
        for word in message.body.split()
        if word.startswith("http://localhost:8000/")
    ]


def test_the_digest_holds_exactly_the_new_matching_articles_with_reasons_copies_folded(
    analyst_client, watcher, committed
):
    with committed():
        older = make_article("Older missile story", "A missile was tested last year.")
    assert save_search(analyst_client, "q=missile", "Korean missiles").status_code == 302
    save_search(analyst_client, "q=flood", "Floods", rate="weekly")
    with committed():
        import_through_job(NEW_ARTICLES)

    call_command("send_alerts", "--rate", "daily")
    [message] = mail.outbox
    assert message.to == ["analyst@example.org"]
    assert "Korean missiles" in message.subject and "Floods" not in message.subject
    text = message.body
    assert "Missile launched off the east coast" in text
    assert "Factories expand in the north" in text
    # The Yonhap and AP copies of the Reuters story are folded into it.
    assert "North fires missile" not in text and "Pyongyang test-fires" not in text
    assert "Also in 2 other outlets" in text
    assert "Flood warnings" not in text and older.title not in text
    assert text.count("Why: matched in title, body") == 1  # the folded story
    assert text.count("Why: matched in body") == 1  # the factories
    html = message.alternatives[0][0]
    assert "<mark>missile</mark>" in html
    saved = SavedSearch.objects.get(name="Korean missiles")
    assert set(saved.hits.values_list("article__title", flat=True)) == {
        "Missile launched off the east coast",
        "Factories expand in the north",
    }
    assert reverse("articles:saved_search", args=[saved.pk]) in digest_links(message)


def test_re_import_rebuild_edits_and_merges_send_nothing_more(analyst_client, watcher, committed):
    save_search(analyst_client, "q=missile", "Korean missiles")
    with committed():
        import_through_job(NEW_ARTICLES, enrich=True)
    call_command("send_alerts", "--rate", "daily")
    assert len(mail.outbox) == 1
    hits = AlertHit.objects.count()

    with committed():
        import_through_job(NEW_ARTICLES, enrich=True)  # the same files again: all unchanged
        search.rebuild_index()
        flood = Article.objects.get(title="Flood warnings along the Han river")
        flood.body += " A missile warning siren was tested too."
        flood.curated_fields = ["body"]
        flood.save()
        found = list(Entity.objects.filter(mentions__isnull=False).distinct().order_by("pk"))
        assert len(found) >= 2, "enrichment found the names a merge moves"
        curation.merge_entities(found[0], found[1:3])
    call_command("send_alerts", "--rate", "daily")
    assert len(mail.outbox) == 1
    assert AlertHit.objects.count() == hits


def test_one_click_unsubscribe_from_the_mail_stops_the_alerts(analyst_client, watcher, committed):
    save_search(analyst_client, "q=missile", "Korean missiles")
    with committed():
        import_through_job(NEW_ARTICLES)
    call_command("send_alerts", "--rate", "daily")
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(header.strip("<>")).path
    assert path in digest_links(message)

    client = Client()  # the mail client has no session
    page = client.get(path)
    assert page.status_code == 200 and b"Stop the e-mails" in page.content
    assert SavedSearch.objects.get().rate == "daily"  # following the link alone changes nothing
    assert client.post(path).status_code == 200
    assert SavedSearch.objects.get().rate == "off"

    with committed():
        import_through_job(
            batch_file({"title": "Another missile", "body": "A missile again.", "source": "UPI"})
        )
    call_command("send_alerts", "--rate", "daily")
    assert len(mail.outbox) == 1


def test_the_feed_lists_the_same_hits_without_a_session(analyst_client, watcher, committed):
    save_search(analyst_client, "q=missile", "Korean missiles")
    with committed():
        import_through_job(NEW_ARTICLES)
    saved = SavedSearch.objects.get()
    client = Client()  # a feed reader has no session
    response = client.get(reverse("articles:feed", args=[saved.feed_token]))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert {entry.title for entry in feed.entries} == set(
        saved.hits.values_list("article__title", flat=True)
    )
    assert all("Why: matched in" in entry.summary for entry in feed.entries)

    old = saved.feed_token
    analyst_client.post(reverse("articles:revoke_feed", args=[saved.pk]))
    saved.refresh_from_db()
    assert client.get(reverse("articles:feed", args=[saved.feed_token])).status_code == 200
    assert client.get(reverse("articles:feed", args=[old])).status_code == 404


def test_a_follow_survives_a_merge_and_a_deleted_entity_is_reported(
    analyst_client, watcher, committed
):
    with committed():
        make_article("Shoigu in Pyongyang", "Shoigu met Kim.", people=("Sergey Shoygu",))
        doomed = make_entity("Lee Jae-myung")
    analyst_client.post(reverse("articles:follow"), {"entity": "sergey-shoygu"})
    analyst_client.post(reverse("articles:follow"), {"entity": doomed.slug})
    survivor = make_entity("Sergei Shoigu")
    with committed():
        curation.merge_entities(survivor, [Entity.objects.get(slug="sergey-shoygu")])
        doomed.delete()
        import_through_job(
            batch_file({"title": "Minister visits", "body": "Sergei Shoigu visited the port."}),
            enrich=True,
        )
    follow = SavedSearch.objects.get(name="Sergey Shoygu")
    assert follow.entity == survivor and follow.problem == ""
    assert [hit.article.title for hit in follow.hits.all()] == ["Minister visits"]
    assert follow.hits.get().reason["summary"] == "mentions Sergei Shoigu"
    gone = SavedSearch.objects.get(name="Lee Jae-myung")
    assert "was deleted" in gone.problem
    page = analyst_client.get(reverse("articles:saved_searches"))
    assert "The entity you follow (&#x27;lee-jae-myung&#x27;) was deleted." in page.text


def test_a_search_that_no_longer_reads_and_a_user_without_email_do_not_stop_the_others(
    analyst_client, watcher, committed, django_user_model
):
    save_search(analyst_client, "q=missile", "Korean missiles")
    broken = SavedSearch.objects.create(
        owner=watcher, name="Broken", query="q=missile&date_from=2024-13-45"
    )
    nobody = django_user_model.objects.create_user("no-mail", password="pass-no-mail-123")
    SavedSearch.objects.create(owner=nobody, name="Mine too", query="q=factories")
    with committed():
        import_through_job(NEW_ARTICLES)
    call_command("send_alerts", "--rate", "daily")
    [message] = mail.outbox
    assert message.to == ["analyst@example.org"]
    broken.refresh_from_db()
    assert broken.problem.startswith("The saved search no longer reads (date_from:")
    assert not broken.hits.exists()
    unmailed = SavedSearch.objects.get(name="Mine too")
    assert "No e-mail address on the account 'no-mail'" in unmailed.problem
    assert unmailed.hits.filter(sent_at__isnull=True).count() == 1


def test_my_searches_counts_what_is_new_since_the_last_look(analyst_client, watcher, committed):
    save_search(analyst_client, "q=missile", "Korean missiles")
    with committed():
        import_through_job(NEW_ARTICLES)
    saved = SavedSearch.objects.get()
    page = analyst_client.get(reverse("articles:saved_searches"))
    assert [row.new for row in page.context["searches"]] == [2]
    assert analyst_client.get(reverse("articles:saved_search", args=[saved.pk])).status_code == 200
    page = analyst_client.get(reverse("articles:saved_searches"))
    assert [row.new for row in page.context["searches"]] == [0]


def test_saving_shows_how_often_the_search_matched_lately(analyst_client, committed):
    with committed():
        for day in range(1, 29, 3):  # ten articles over four weeks
            make_article(f"Missile {day}", "A missile.", published=dt.date(2024, 5, day))
        make_article("Missile long ago", "A missile.", published=dt.date(2023, 1, 1))
    page = analyst_client.get(reverse("articles:save_search"), {"q": "missile", "page": "2"})
    assert page.context["estimate"]["per_week"] == round(10 / 8, 1)
    assert page.context["query"] == "q=missile"  # the page is how it was read, not kept


def test_bad_input_gets_a_clear_answer_never_a_500(analyst_client, django_user_model):
    response = save_search(analyst_client, "q=missile", "Missiles", rate="hourly")
    assert response.status_code == 200 and "hourly" in response.text
    other = django_user_model.objects.create_user("other", password="pass-other-123")
    theirs = SavedSearch.objects.create(owner=other, name="Theirs", query="q=x")
    for name in ("saved_search", "edit_saved_search", "delete_saved_search", "revoke_feed"):
        method = analyst_client.get if name == "saved_search" else analyst_client.post
        assert method(reverse(f"articles:{name}", args=[theirs.pk])).status_code == 404
    assert analyst_client.post(reverse("articles:follow"), {"entity": "nobody"}).status_code == 302
    client = Client()
    assert client.get(reverse("articles:feed", args=["not-a-token"])).status_code == 404
    bad = client.post(reverse("articles:unsubscribe", args=["forged:token"]))
    assert bad.status_code == 400 and b"not valid" in bad.content
    assert SavedSearch.objects.get().rate == "daily"


def test_a_shared_search_is_seen_by_the_group_and_only_its_owner_changes_it(
    analyst_client, analyst, django_user_model
):
    group = analyst.groups.get()
    analyst_client.post(
        reverse("articles:save_search"),
        {"query": "q=missile", "name": "Team", "rate": "daily", "shared_with": group.pk},
    )
    colleague = django_user_model.objects.create_user("colleague", password="pass-colleague-1")
    colleague.groups.add(group)
    client = Client()
    client.force_login(colleague)
    page = client.get(reverse("articles:saved_searches"))
    assert [saved.name for saved in page.context["searches"]] == ["Team"]
    saved = SavedSearch.objects.get()
    assert client.post(reverse("articles:delete_saved_search", args=[saved.pk])).status_code == 404


def test_history_lists_the_searches_run_and_is_cleared_by_its_user(analyst_client, analyst):
    analyst_client.get(reverse("articles:search"), {"q": "missile"})
    analyst_client.get(reverse("articles:search"), {"q": "missile", "page": "2"})
    analyst_client.get(reverse("articles:search"), {"q": "shoigu", "person": "kim-jong-un"})
    page = analyst_client.get(reverse("articles:history"))
    assert [entry.query for entry in page.context["entries"]] == [
        "person=kim-jong-un&q=shoigu",
        "q=missile",
    ]
    analyst_client.post(reverse("articles:clear_history"))
    assert not SearchHistory.objects.filter(user=analyst).exists()


def test_history_keeps_the_newest_searches_and_drops_the_rest_in_batches(analyst):
    runs = SearchHistory.KEPT + SearchHistory.TRIM_SLACK + 5
    for number in range(runs):
        SearchHistory.record(analyst, f"q=search{number}")
    stored = list(SearchHistory.objects.filter(user=analyst).values_list("query", flat=True))
    assert SearchHistory.KEPT <= len(stored) < SearchHistory.KEPT + SearchHistory.TRIM_SLACK
    assert stored == [f"q=search{number}" for number in range(runs - 1, runs - 1 - len(stored), -1)]
    SearchHistory.record(analyst, f"q=search{runs - 1}")  # the latest again: moved, not added
    assert SearchHistory.objects.filter(user=analyst).count() == len(stored)
