"""The API (articles/api/): tokens, permissions, throttling, the schema, the cursor walk and the
streamed exports, through Django's test client as a script would use them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.management import call_command

from articles import search
from articles.api.models import ApiToken, hash_key
from articles.filters import SearchFilter
from articles.models import Article
from articles.search import SearchParams
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counts live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def analyst_key(analyst) -> str:
    return ApiToken.create_for(analyst, "notebook")[1]


@pytest.fixture
def curator_key(curator) -> str:
    return ApiToken.create_for(curator, "curation script")[1]


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
            "Kim Jong Un and Sergei Shoigu toured factories building rockets and a missile.",
            published=dt.date(2023, 8, 10),
            source="Korea Times",
            people=("Kim Jong Un", "Sergei Shoigu"),
        )
    return first, second


@pytest.fixture
def many_missiles(committed):
    """45 articles about missiles, many of them with the same text (equal scores, so ties)."""
    with committed():
        return [
            make_article(
                f"Missile report {n}",
                "A missile was fired." if n % 3 else f"A missile, and another missile, day {n}.",
                published=dt.date(2024, 1, 1) + dt.timedelta(days=n % 7),
            )
            for n in range(45)
        ]


def walk(client, key: str, path: str, params: dict) -> list[int]:
    """The ids of every page of `path`, following `next` from the first page."""
    ids = []
    response = client.get(path, params, **bearer(key))
    while True:
        assert response.status_code == 200, response.content
        data = response.json()
        ids += [hit["id"] for hit in data["results"]]
        if data["next"] is None:
            return ids
        response = client.get(data["next"], **bearer(key))


def test_a_token_made_on_the_account_page_is_shown_once_and_works_until_revoked(
    analyst_client, analyst, articles
):
    page = analyst_client.post("/account/tokens/", {"name": "election notebook"})
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key in page.content.decode()
    token = ApiToken.objects.get(user=analyst)
    assert token.name == "election notebook"
    assert token.key_hash == hash_key(key) and key not in token.key_hash  # only the hash kept
    assert key not in analyst_client.get("/account/tokens/").content.decode()  # shown once

    api = analyst_client.__class__()  # no session: the token alone
    response = api.get("/api/v1/search/", {"q": "missile"}, **bearer(key))
    assert response.status_code == 200
    assert response.json()["total"] == 2
    token.refresh_from_db()
    assert token.last_used is not None

    revoked = analyst_client.post(f"/account/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302
    response = api.get("/api/v1/search/", {"q": "missile"}, **bearer(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer nd_not-a-real-key", "Bearer", "Bearer two keys", "Basic dXNlcjpwYXNz"]
)
def test_an_unknown_or_malformed_token_gets_401_and_no_data(client, articles, header):
    response = client.get("/api/v1/search/", {"q": "missile"}, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert b"Seoul" not in response.content


def test_no_credentials_get_401(client, articles):
    for path in ["/api/v1/search/", "/api/v1/entities/", "/api/schema/", "/api/v1/"]:
        assert client.get(path).status_code == 401, path


def test_a_user_cannot_revoke_another_users_token(analyst_client, curator, curator_key):
    token = ApiToken.objects.get(user=curator)
    assert analyst_client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_deactivated_users_token_stops_working(client, analyst, analyst_key):
    analyst.is_active = False
    analyst.save()
    assert client.get("/api/v1/topics/", **bearer(analyst_key)).status_code == 401


def test_an_analysts_token_cannot_write_curated_data(client, analyst_key, articles):
    first, _ = articles
    response = client.patch(
        f"/api/v1/articles/{first.pk}/",
        {"title": "Vandalised"},
        content_type="application/json",
        **bearer(analyst_key),
    )
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.title == "Missile test near Seoul"


def test_a_curators_token_corrects_a_title_as_the_admin_would(
    client, curator, curator_key, articles, committed
):
    first, _ = articles
    with committed():
        response = client.patch(
            f"/api/v1/articles/{first.pk}/",
            {"title": "Ballistic missile test near Seoul", "body": "ignored: read-only"},
            content_type="application/json",
            **bearer(curator_key),
        )
    assert response.status_code == 200
    assert response.json()["title"] == "Ballistic missile test near Seoul"
    first.refresh_from_db()
    assert first.title == "Ballistic missile test near Seoul"
    assert "title" in first.curated_fields and "body" not in first.curated_fields
    assert LogEntry.objects.filter(object_id=str(first.pk), user=curator).exists()
    assert first.pk in {hit.article.pk for hit in search.search(SearchParams(q="ballistic")).hits}


def test_a_curator_may_not_post_or_delete_articles(client, curator_key, articles):
    first, _ = articles
    url = f"/api/v1/articles/{first.pk}/"
    assert client.delete(url, **bearer(curator_key)).status_code == 405
    assert Article.objects.filter(pk=first.pk).exists()


def test_too_many_requests_get_429_with_retry_after(client, analyst_key, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute"},
    }
    codes = [client.get("/api/v1/topics/", **bearer(analyst_key)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/topics/", **bearer(analyst_key))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_the_throttle_counts_per_token(client, analyst, analyst_key, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "1/minute"},
    }
    other_key = ApiToken.create_for(analyst, "second notebook")[1]
    assert client.get("/api/v1/topics/", **bearer(analyst_key)).status_code == 200
    assert client.get("/api/v1/topics/", **bearer(analyst_key)).status_code == 429
    assert client.get("/api/v1/topics/", **bearer(other_key)).status_code == 200


API_PATHS = {
    "/api/v1/search/",
    "/api/v1/search/export.jsonl",
    "/api/v1/articles/{id}/",
    "/api/v1/entities/",
    "/api/v1/entities/{slug}/",
    "/api/v1/topics/",
    "/api/v1/topics/{slug}/",
    "/api/v1/sources/",
    "/api/v1/sources/{slug}/",
    "/api/v1/saved-searches/",
    "/api/v1/saved-searches/{id}/",
}


def test_the_schema_validates_without_warnings_and_documents_every_endpoint(tmp_path):
    # --fail-on-warn: an endpoint or parameter drf-spectacular could not read fails here.
    path = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(path),
    )
    schema = json.loads(path.read_text())
    assert set(schema["paths"]) == API_PATHS
    search_parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    # Every parameter the one SearchFilter declares, the cursor taking the page's place.
    assert search_parameters >= set(SearchFilter.base_filters) - {"page"} | {"cursor", "page_size"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_and_docs_are_served(client, analyst_client, analyst_key):
    schema = client.get("/api/schema/", {"format": "json"}, **bearer(analyst_key))
    assert schema.status_code == 200
    assert "/api/v1/search/" in schema.json()["paths"]
    docs = analyst_client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()  # served from the sidecar
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    script = analyst_client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()


def test_the_v1_search_answers_the_search_fields_and_each_hits_reason(
    client, analyst_key, articles
):
    data = client.get("/api/v1/search/", {"q": "missile seoul"}, **bearer(analyst_key)).json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["title"] == "Missile test near Seoul"
    assert hit["people"] == ["kim-jong-un"] and hit["source"] == "upi"
    assert "title" in hit["matched"]["fields"]
    assert hit["reason"].startswith("matched in title")
    assert {"facets", "suggestion", "notice", "next", "previous"} <= set(data)


def test_invalid_search_parameters_get_400_by_field(client, analyst_key):
    for params, field in [
        ({"date_to": "2024-13-45"}, "date_to"),
        ({"person": "not a slug!"}, "person"),
        ({"page_size": "500"}, "page_size"),
        ({"cursor": "garbage"}, "cursor"),
    ]:
        response = client.get("/api/v1/search/", params, **bearer(analyst_key))
        assert response.status_code == 400, params
        assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [{"q": "missile"}, {"q": "missile", "sort": "oldest"}, {}, {"sort": "oldest"}],
    ids=["relevance", "query-by-date", "browse-newest", "browse-oldest"],
)
def test_the_cursor_walks_every_hit_exactly_once_in_rank_order(
    client, analyst_key, many_missiles, params
):
    ids = walk(client, analyst_key, "/api/v1/search/", {**params, "page_size": 10})
    assert len(ids) == len(set(ids)) == 45
    assert set(ids) == {article.pk for article in many_missiles}
    one_page = search.search(
        SearchParams(q=params.get("q", ""), sort=params.get("sort", ""), per_page=100)
    )
    assert ids == [hit.article.pk for hit in one_page.hits]  # the order of one big page


def test_previous_goes_back_a_page(client, analyst_key, many_missiles):
    first = client.get("/api/v1/search/", {"q": "missile", "page_size": 20}, **bearer(analyst_key))
    second = client.get(first.json()["next"], **bearer(analyst_key)).json()
    back = client.get(second["previous"], **bearer(analyst_key)).json()
    assert [h["id"] for h in back["results"]] == [h["id"] for h in first.json()["results"]]
    assert first.json()["previous"] is None


def test_jsonl_export_streams_every_hit_in_rank_order(client, analyst_key, many_missiles):
    response = client.get("/api/v1/search/export.jsonl", {"q": "missile"}, **bearer(analyst_key))
    assert response.status_code == 200 and response.streaming
    lines = response.getvalue().decode().splitlines()
    rows = [json.loads(line) for line in lines]
    walked = walk(client, analyst_key, "/api/v1/search/", {"q": "missile", "page_size": 100})
    assert [row["id"] for row in rows] == walked
    assert len(rows) == 45 and rows[0]["reason"]


def test_walk_hits_reads_in_batches_and_returns_every_hit(many_missiles):
    # Batches smaller than the result set: nothing caps the walk at a batch or a page.
    for params in (SearchParams(q="missile"), SearchParams()):
        walked = [hit.article.pk for hit in search.walk_hits(params, batch_size=4)]
        assert len(walked) == len(set(walked)) == 45
        assert walked == [
            h.article.pk for h in search.search(SearchParams(q=params.q, per_page=100)).hits
        ]


def test_csv_export_streams_the_whole_result_set(analyst_client, many_missiles, settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "RESULTS_PER_PAGE": 5}
    response = analyst_client.get("/export.csv", {"q": "missile"})
    assert response.status_code == 200 and response.streaming
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "id" and len(rows) - 1 == 45
    assert {int(row[0]) for row in rows[1:]} == {article.pk for article in many_missiles}


def test_the_old_search_api_answers_as_before_with_the_session(analyst_client, articles):
    data = analyst_client.get("/api/search/", {"q": "missile"}).json()
    assert set(data) == {
        "query",
        "total",
        "page",
        "pages",
        "suggestion",
        "notice",
        "results",
        "facets",
    }
    assert set(data["facets"]) == {"person", "org", "place", "topic", "source", "date"}
    hit = next(h for h in data["results"] if h["title"] == "Missile test near Seoul")
    assert hit["published"] == "2024-05-14" and hit["source"] == "upi"
    assert hit["url"].startswith("http://testserver/articles/")
    assert set(hit["matched"]) == {"fields", "words", "entities"}
    assert "reason" not in hit


def test_an_article_in_full(client, analyst_key, articles, committed):
    first, second = articles
    with committed():
        copy = make_article(
            "Missile test near Seoul (copy)",
            first.body,
            status=Article.Status.DUPLICATE,
            duplicate_of=first,
        )
    data = client.get(f"/api/v1/articles/{first.pk}/", **bearer(analyst_key)).json()
    assert data["body"] == first.body and data["published"] == "2024-05-14"
    assert data["source"]["slug"] == "upi"
    assert {(e["name"], e["kind"]) for e in data["entities"]} == {
        ("Kim Jong Un", "person"),
        ("Seoul", "place"),
    }
    assert [t["slug"] for t in data["topics"]] == ["conflict-war-and-peace"]
    assert data["copies"] == [copy.pk] and data["duplicate_of"] is None
    assert (
        client.get(f"/api/v1/articles/{copy.pk}/", **bearer(analyst_key)).json()["duplicate_of"]
        == first.pk
    )
    assert client.get("/api/v1/articles/999999/", **bearer(analyst_key)).status_code == 404


def test_entities_filter_by_kind_and_name_and_show_counts(client, analyst_key, articles):
    listed = client.get(
        "/api/v1/entities/", {"kind": "person", "name": "kim"}, **bearer(analyst_key)
    ).json()
    assert [e["slug"] for e in listed["results"]] == ["kim-jong-un"]
    places = client.get("/api/v1/entities/", {"kind": "place"}, **bearer(analyst_key)).json()
    assert [e["slug"] for e in places["results"]] == ["seoul"]
    entity = client.get(listed["results"][0]["url"], **bearer(analyst_key)).json()
    assert entity["article_count"] == 2 and entity["last_mention"] == "2024-05-14"
    assert entity["co_mentioned"][0]["slug"] in {"seoul", "sergei-shoigu"}
    assert sorted(entity["latest"]) == sorted(a.pk for a in articles)
    assert (
        client.get("/api/v1/entities/", {"kind": "planet"}, **bearer(analyst_key)).status_code
        == 400
    )


def test_the_lists_walk_with_a_cursor(client, analyst_key):
    ids = []
    response = client.get("/api/v1/topics/", {"page_size": 5}, **bearer(analyst_key)).json()
    while True:
        ids += [topic["slug"] for topic in response["results"]]
        if not response["next"]:
            break
        response = client.get(response["next"], **bearer(analyst_key)).json()
    assert len(ids) == len(set(ids)) >= 17  # the IPTC subjects


def test_sources_list_their_domains(client, analyst_key, articles):
    data = client.get("/api/v1/sources/upi/", **bearer(analyst_key)).json()
    assert data["name"] == "UPI" and "domains" in data


def test_a_curator_revokes_a_token_in_the_admin(curator_client, analyst, analyst_key, client):
    token = ApiToken.objects.get(user=analyst)
    response = curator_client.post(
        "/admin/articles/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    assert client.get("/api/v1/topics/", **bearer(analyst_key)).status_code == 401
    assert (
        analyst_key
        not in curator_client.get(f"/admin/articles/apitoken/{token.pk}/change/").content.decode()
    )


SAVED = "/api/v1/saved-searches/"


def post_json(client, url: str, data, key: str):
    return client.post(url, json.dumps(data), content_type="application/json", **bearer(key))


def test_saved_searches_are_created_listed_and_deleted_with_a_token(client, analyst, analyst_key):
    created = post_json(
        client,
        SAVED,
        {"name": "Missiles", "query": "q=missile&person=kim-jong-un&page=3"},
        analyst_key,
    )
    assert created.status_code == 201, created.content
    saved = created.json()
    # Kept as the search page keeps it: the page is how it is read, not what it asks.
    assert saved["query"] == "person=kim-jong-un&q=missile"
    assert (saved["rate"], saved["owner"]) == ("daily", analyst.username)
    listed = client.get(SAVED, **bearer(analyst_key)).json()["results"]
    assert [item["name"] for item in listed] == ["Missiles"]
    assert client.delete(f"{SAVED}{saved['id']}/", **bearer(analyst_key)).status_code == 204
    assert client.get(SAVED, **bearer(analyst_key)).json()["results"] == []


def test_a_saved_search_that_does_not_parse_is_refused_naming_the_field(client, analyst_key):
    response = post_json(
        client, SAVED, {"name": "Bad", "query": "date_from=yesterday"}, analyst_key
    )
    assert response.status_code == 400
    assert "date_from" in response.json()["query"][0]


def test_another_users_saved_searches_are_hidden_and_shared_ones_are_read_only(
    client, analyst, analyst_key, curator_key, django_user_model
):
    from django.contrib.auth.models import Group

    team = Group.objects.create(name="Desk")
    analyst.groups.add(team)
    private = post_json(client, SAVED, {"name": "Mine", "query": "q=oil"}, analyst_key).json()
    shared = post_json(
        client, SAVED, {"name": "Team", "query": "q=gas", "shared_with": team.pk}, analyst_key
    ).json()
    colleague = django_user_model.objects.create_user("colleague", password="x")
    colleague.groups.add(team)
    colleague_key = ApiToken.create_for(colleague, "notebook")[1]
    seen = client.get(SAVED, **bearer(colleague_key)).json()["results"]
    assert [item["name"] for item in seen] == ["Team"]
    assert client.get(f"{SAVED}{private['id']}/", **bearer(colleague_key)).status_code == 404
    assert client.delete(f"{SAVED}{shared['id']}/", **bearer(colleague_key)).status_code == 403
    # Nor can one share with a group one is not in.
    refused = post_json(
        client, SAVED, {"name": "Theirs", "query": "q=oil", "shared_with": team.pk}, curator_key
    )
    assert refused.status_code == 400 and "shared_with" in refused.json()


@pytest.mark.parametrize("thing", ["entities", "topics", "sources"])
def test_an_address_that_is_no_slug_answers_404_before_any_query(client, analyst_key, thing):
    # A NUL byte reached PostgreSQL's query and failed there (500); SQLite let it through.
    assert client.get(f"/api/v1/{thing}/%00/", **bearer(analyst_key)).status_code == 404
    assert client.get(f"/api/v1/{thing}/a%20b/", **bearer(analyst_key)).status_code == 404
