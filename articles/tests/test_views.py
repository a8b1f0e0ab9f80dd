"""Pages, the JSON API and the export, through Django's test client."""

import csv
import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import reverse

from articles import search
from articles.models import Article, Entity
from articles.search import SearchParams
from articles.store.curation import merge_entities
from articles.tests.factories import make_article, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(committed):
    with committed():
        first = make_article(
            "Missile test near Seoul",
            "North Korea fired a missile. Kim Jong Un watched.",
            published=dt.date(2024, 5, 14),
            source="UPI",
            people=("Kim Jong Un",),
            places=("Seoul",),
            topics=("conflict-war-and-peace",),
        )
        second = make_article(
            "Rocket factories",
            "Kim Jong Un and Sergei Shoigu toured factories building rockets.",
            published=dt.date(2023, 8, 10),
            source="Korea Times",
            people=("Kim Jong Un", "Sergei Shoigu"),
            topics=("conflict-war-and-peace",),
        )
    return first, second


@pytest.mark.parametrize(
    "url", ["/", "/api/search/", "/export.csv", "/articles/1/", "/entities/x/", "/admin/"]
)
def test_anonymous_requests_go_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/") or response["Location"].startswith(
        "/admin/login/"
    )


def test_login_page_is_open(client):
    assert client.get("/login/").status_code == 200


def test_search_page_shows_marked_snippets_and_facets(analyst_client, articles):
    response = analyst_client.get("/", {"q": "missile"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>missile</mark>" in html.lower() or "<mark>Missile</mark>" in html
    assert "Kim Jong Un" in html and "person=kim-jong-un" in html
    assert "1</strong> article" in html


def test_each_hit_names_its_topics(analyst_client, articles):
    topic = articles[0].topics.get()
    html = analyst_client.get("/", {"q": "missile"}).content.decode()
    assert f'<span class="hit-topic">{topic.name}</span>' in html


def test_a_hit_shows_its_date_as_precisely_as_the_input_gave_it(analyst_client, committed):
    with committed():
        by_year = make_article("Harvest <report>", "Grain harvest.", published=dt.date(2023, 1, 1))
        by_month = make_article("Harvest month", "Grain harvest.", published=dt.date(2023, 3, 1))
        undated = make_article("Harvest undated", "Grain harvest, no date.")
        Article.objects.filter(pk=by_year.pk).update(date_precision=Article.Precision.YEAR)
        Article.objects.filter(pk=by_month.pk).update(date_precision=Article.Precision.MONTH)
    html = analyst_client.get("/", {"q": "grain & harvest"}).content.decode()
    assert '<time datetime="2023-01-01">2023</time>' in html
    assert '<time datetime="2023-03-01">March 2023</time>' in html
    assert '<span class="hit-undated">Date unknown</span>' in html
    # The title is escaped, and each hit links to its article with the query, encoded.
    assert "&lt;report&gt;</a>" in html and "<report>" not in html
    assert f'href="/articles/{undated.pk}/?q=grain%20%26amp%3B%20harvest"' not in html
    assert f'href="/articles/{undated.pk}/?q=grain%20%26%20harvest"' in html


def test_the_histogram_labels_each_bar_and_sums_them_up(analyst_client, committed):
    with committed():
        make_article("Flood one", "River flood.", published=dt.date(2022, 1, 5))
        make_article("Flood two", "River flood.", published=dt.date(2024, 6, 5))
        make_article("Flood three", "River flood.", published=dt.date(2024, 6, 25))
    html = analyst_client.get("/", {"q": "flood"}).content.decode()
    assert 'aria-label="2022-01: 1 article"' in html and 'aria-label="2024-06: 2 articles"' in html
    assert '<p id="histogram-summary" class="visually-hidden">2022-01: 1; 2024-06: 2</p>' in html
    assert html.count('class="hit-area"') == 2
    assert 'href="?q=flood&amp;date_from=2024-06-01&amp;date_to=2024-06-30"' in html


def test_facet_link_narrows_the_results_and_shows_a_chip(analyst_client, articles):
    response = analyst_client.get("/", {"person": "sergei-shoigu"})
    html = response.content.decode()
    assert "1</strong> article" in html
    assert "Remove filter Sergei Shoigu" in html
    assert "Rocket factories" in html and "Missile test near Seoul" not in html


def test_invalid_parameters_give_a_message_not_an_error(analyst_client, articles):
    response = analyst_client.get("/", {"date_from": "yesterday", "person": "<b>", "page": "-3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "were not valid" in html and "date_from" in html


def test_api_returns_the_documented_shape(analyst_client, articles):
    response = analyst_client.get("/api/search/", {"q": "kim", "person": "kim-jong-un"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"query", "total", "page", "pages", "suggestion", "results", "facets"}
    assert data["total"] == 2 and data["page"] == 1 and data["pages"] == 1
    result = data["results"][0]
    assert set(result) == {
        "id",
        "url",
        "title",
        "title_html",
        "snippet_html",
        "published",
        "source",
        "topics",
        "people",
        "orgs",
        "places",
        "matched",
    }
    assert "kim-jong-un" in result["people"]
    person = {v["value"]: v for v in data["facets"]["person"]}
    assert person["kim-jong-un"] == {
        "value": "kim-jong-un",
        "label": "Kim Jong Un",
        "count": 2,
        "selected": True,
    }
    assert sum(bucket["count"] for bucket in data["facets"]["date"]) == 2


def test_page_size_is_the_results_per_page_setting(analyst_client, articles, settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "RESULTS_PER_PAGE": 1}
    first_page = analyst_client.get("/api/search/", {"q": "kim"}).json()
    second_page = analyst_client.get("/api/search/", {"q": "kim", "page": 2}).json()
    assert first_page["total"] == 2 and first_page["pages"] == 2
    assert len(first_page["results"]) == len(second_page["results"]) == 1
    assert first_page["results"][0]["id"] != second_page["results"][0]["id"]


def test_an_invalid_parameter_counts_as_not_given_on_the_page(analyst_client, articles):
    response = analyst_client.get("/", {"person": "not a slug!", "q": "missile"})
    assert response.status_code == 200
    assert "1</strong> article" in response.content.decode()


def test_api_rejects_invalid_parameters_with_400(analyst_client):
    response = analyst_client.get("/api/search/", {"date_to": "2024-13-45"})
    assert response.status_code == 400
    assert "date_to" in response.json()["errors"]


def test_export_is_exactly_the_result_set(analyst_client, articles, committed):
    with committed():
        make_article('=HYPERLINK("http://evil")', "kim rocket", people=("Kim Jong Un",))
    response = analyst_client.get("/export.csv", {"person": "kim-jong-un"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == [
        "id",
        "title",
        "url",
        "source",
        "published",
        "topics",
        "people",
        "orgs",
        "places",
        "snippet",
    ]
    assert len(rows) - 1 == search.search(SearchParams(person=["kim-jong-un"])).total == 3
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles  # a formula is exported as text


def test_article_page_marks_the_query_and_links_entities(analyst_client, articles):
    first, _ = articles
    response = analyst_client.get(f"/articles/{first.pk}/", {"q": "missile"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>missile</mark>" in html
    assert f'href="{reverse("articles:entity", args=["kim-jong-un"])}"' in html
    assert "/?topic=conflict-war-and-peace" in html


def test_entity_page(analyst_client, articles):
    response = analyst_client.get("/entities/kim-jong-un/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kim Jong Un" in html and "Sergei Shoigu" in html
    assert "person=kim-jong-un&amp;person=sergei-shoigu" in html


def test_entity_merged_away_and_alias_urls_redirect_permanently(analyst_client, articles):
    kim = Entity.objects.get(name="Kim Jong Un")
    with transaction.atomic():
        other = make_article("Leader visits", "Kim Jong-un visited.", people=("Kim Jong-un",))
        spelling = other.mentions.get().entity
        make_entity("Chairman Kim", aliases=("Kim Chairman", "Supreme Leader Kim"))
    chairman = Entity.objects.get(name="Chairman Kim")
    merge_entities(kim, [spelling])
    merge_entities(chairman, [kim])  # twice merged: the first old URL follows along

    for old in (
        spelling.slug,
        "kim-jong-un",
        "kim-chairman",
        "supreme-leader-kim",
        "kim-jong-un-2",
    ):
        response = analyst_client.get(f"/entities/{old}/")
        assert (response.status_code, response["Location"]) == (301, chairman.get_absolute_url())
    assert analyst_client.get(chairman.get_absolute_url()).status_code == 200
    assert analyst_client.get("/entities/never-was/").status_code == 404


def test_admin_title_edit_is_searchable_without_rebuild(
    curator_client, articles, committed, admin_form_data
):
    first, _ = articles
    url = reverse("admin:articles_article_change", args=[first.pk])
    data = admin_form_data(curator_client.get(url))
    data.update(
        {
            "title": "Hypersonic glide vehicle unveiled",
            "published": "2024-05-14",
        }
    )
    with committed():
        response = curator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [hit.article.pk for hit in search.search(SearchParams(q="hypersonic")).hits] == [
        first.pk
    ]
    assert "title" in Article.objects.get(pk=first.pk).curated_fields


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=kim",
        "person=kim-jong-un&q=missile+test&page=3",
        "q=a%26b&person=kim-jong-un&person=sergei-shoigu&sort=newest",
        "place=seoul&date_from=2024-01-01&person=kim-jong-un",
        "person=kim-jong-un",
    ],
)
def test_facet_and_histogram_links_change_one_parameter_keeping_the_rest(query):
    """The links a facet group or the histogram builds at once are those `changed` builds."""
    from django.http import QueryDict

    from articles.templatetags.search_urls import changed, changed_urls, toggle_urls

    params = QueryDict(query)
    values = ["kim-jong-un", "sergei-shoigu", "émile zola", "a&b"]
    selected = params.getlist("person")
    expected = [
        changed(params, person=([v for v in selected if v != value] or None))
        if value in selected
        else changed(params, person=[*selected, value])
        for value in values
    ]
    assert toggle_urls(params, "person", values) == expected
    months = [("2024-01-01", "2024-01-31"), ("2024-02-01", "2024-02-29")]
    assert changed_urls(params, [{"date_from": [a], "date_to": [b]} for a, b in months]) == [
        changed(params, date_from=a, date_to=b) for a, b in months
    ]
