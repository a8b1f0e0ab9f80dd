"""An analyst saves a search, new articles are imported, My searches counts them and the
digest's link opens them."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from articles.jobs.models import Job
from articles.jobs.queue import start_import
from articles.monitoring.digests import send_digests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NEW_ARTICLES = [
    {
        "title": "Missile fired over the East Sea again",
        "body": "A missile was fired over the East Sea on Sunday, officials in Seoul said.",
        "source": "Yonhap",
        "url": "https://yonhap.example/missile-again",
        "published": "2024-07-07",
    },
    {
        "title": "Rice harvest starts early",
        "body": "Farmers began the rice harvest two weeks early after a warm summer.",
        "source": "Korea Times",
        "url": "https://koreatimes.example/rice",
        "published": "2024-07-08",
    },
]


def test_save_a_search_import_see_the_new_count_and_open_the_digest_link(
    analyst_page, analyst, collection, live_server, settings, screenshot
):
    settings.NEWSDESK = {**settings.NEWSDESK, "SITE_URL": live_server.url}
    analyst.email = "analyst@example.org"
    analyst.save()
    page = analyst_page
    page.goto("/")
    page.get_by_label("Search articles").fill("missile")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Save this search").click()
    expect(page.locator(".estimate")).to_contain_text("a week")
    page.get_by_label("Name").fill("Missiles")
    page.get_by_label("E-mail").select_option("daily")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/searches/$"))
    row = page.locator("tr", has=page.get_by_role("link", name="Missiles"))
    expect(row.locator(".new-count")).to_have_text("0")

    content = "\n".join(json.dumps(article) for article in NEW_ARTICLES).encode()
    job = start_import([("news.jsonl", content)], enrich=False)
    job.refresh_from_db()
    assert job.state == Job.State.FINISHED, job.error

    page.reload()
    expect(row.locator(".new-count")).to_have_text("1")
    screenshot(page, "my-searches")

    report = send_digests("daily")
    assert report.mails == 1, report.problems
    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/searches/" in word)
    page.goto(urlsplit(link).path)
    hits = page.locator(".alert-hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("Missile fired over the East Sea again")
    expect(hits.first).to_contain_text("Why: matched in title, body")
    screenshot(page)

    page.goto("/searches/")
    expect(row.locator(".new-count")).to_have_text("0")  # opening the hits was the look
