"""Arbitrary and hostile input: never a 500, markup always shown as text, no dangerous links."""

import csv
import datetime as dt
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Entity, Topic
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "person",
    "org",
    "place",
    "topic",
    "source",
    "date_from",
    "date_to",
    "sort",
    "page",
]
ODD_VALUES = [
    '"((',
    "*",
    "a:b:c",
    "NOT",
    "~",
    "^",
    "a~2",
    "title:",
    "AND OR",
    "\x00",
    "\x01\x7f",
    "a" * 600,
    "9" * 40,
    "-1",
    "0",
    "501",
    "1e9",
    "2024-02-30",
    "2024-13-01",
    "99999-01-01",
    "../../etc",
    "kim-jong-un",
    "<script>",
    "é中文🙂",
    "[a TO]",
    "{x TO y}",
    "'",
    "\\",
    "%00",
    "  ",
]
values = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=80), st.integers().map(str))
query_strings = st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=8)

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def collection(committed):
    with committed():
        make_article(
            "Missile test near Seoul",
            "North Korea fired a missile. The missile flew east.",
            published=dt.date(2024, 5, 14),
            source="UPI",
            people=("Kim Jong Un",),
            places=("Seoul",),
            topics=("conflict-war-and-peace",),
        )
        make_article(
            "Football final", "The cup final is played in London.", published=dt.date(2024, 6, 1)
        )


@pytest.mark.parametrize("path", ["/", "/api/search/", "/export.csv"])
def test_arbitrary_parameters_get_200_or_400_never_500(path, analyst_client, collection):
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(pairs=query_strings)
    def check(pairs):
        response = analyst_client.get(f"{path}?{urlencode(pairs)}")
        assert response.status_code in (200, 400), (pairs, response.status_code)

    check()


def test_odd_article_and_entity_addresses_are_404_not_500(analyst_client):
    for path in [
        "/articles/999999999999999999999/",
        "/entities/%00/",
        "/entities/" + "a" * 5000 + "/",
    ]:
        assert analyst_client.get(path).status_code == 404


@pytest.fixture
def hostile(committed):
    with committed():
        article = make_article(
            f"Title {HOSTILE}",
            f"Body with missile {HOSTILE} in it.\n\nSecond paragraph {HOSTILE}.",
            subtitle=HOSTILE,
            byline=HOSTILE,
            section=HOSTILE,
            url="javascript:alert(1)",
            source=f"Source {HOSTILE}",
            published=dt.date(2024, 1, 2),
        )
        entity = Entity.objects.create(name=f"Person {HOSTILE}", kind="person")
        article.mentions.create(entity=entity)
        topic = Topic.objects.create(slug="hostile-topic", name=f"Topic {HOSTILE}")
        article.article_topics.create(topic=topic, confidence=0.9)
        article.save()
    return article


def assert_escaped(html: str) -> None:
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("query", ["", "missile", "title", "person"])
def test_search_page_and_snippets_show_markup_as_text(analyst_client, hostile, query):
    page = analyst_client.get("/", {"q": query})
    assert page.status_code == 200
    assert page.context["results"].total == 1
    assert_escaped(page.content.decode())


def test_article_page_shows_markup_as_text_and_links_no_javascript(analyst_client, hostile):
    page = analyst_client.get(hostile.get_absolute_url(), {"q": "missile"})
    html = page.content.decode()
    assert_escaped(html)
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown, as text


def test_entity_page_shows_markup_as_text(analyst_client, hostile):
    entity = Entity.objects.get(name__startswith="Person")
    assert_escaped(analyst_client.get(entity.get_absolute_url()).content.decode())


def test_api_returns_markup_as_data(analyst_client, hostile):
    data = analyst_client.get("/api/search/", {"q": "missile"}).json()
    hit = data["results"][0]
    assert hit["title"] == f"Title {HOSTILE}"  # the title as data, for the caller to escape
    for html in (hit["title_html"], hit["snippet_html"]):  # the marked-up fields: escaped
        assert_escaped(html)


def test_admin_shows_markup_as_text(curator_client, hostile):
    pages = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[hostile.pk]),
        reverse("admin:articles_entity_changelist"),
        reverse("admin:articles_topic_changelist"),
    ]
    for url in pages:
        response = curator_client.get(url)
        assert response.status_code == 200, url
        assert "<script>alert" not in response.content.decode(), url


def test_csv_export_guards_formulas(analyst_client, committed):
    with committed():
        make_article(
            '=HYPERLINK("http://evil")', "+cmd|' /C calc'!A0 missile", url="https://x.org/1"
        )
        make_article("@SUM(A1)", "-2+3 missile", url="https://x.org/2")
    response = analyst_client.get("/export.csv", {"q": "missile"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, rows
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert any("HYPERLINK" in cell for cell in cells)


def test_only_http_links_are_original_links(analyst_client, committed):
    with committed():
        safe = make_article("Safe link", "Body.", url="https://example.org/story")
        data = make_article("Data link", "Body.", url="data:text/html,<script>alert(1)</script>")
    assert (
        'href="https://example.org/story"'
        in analyst_client.get(safe.get_absolute_url()).content.decode()
    )
    html = analyst_client.get(data.get_absolute_url()).content.decode()
    assert 'href="data:' not in html
    assert Article.objects.count() == 2


@pytest.mark.parametrize("path", ["/", "/api/search/?q=x", "/export.csv"])
def test_an_empty_index_answers_200(analyst_client, path):
    assert analyst_client.get(path).status_code == 200
