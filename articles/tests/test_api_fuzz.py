"""Hypothesis-fuzzed parameters, paths, headers and bodies on every API endpoint: the answer is
200, 400, 401, 403, 404 or 429, never a 500 (nor a stream that breaks half way)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.api.models import ApiToken
from articles.tests.factories import make_article
from articles.tests.test_hostile_input import ODD_VALUES, PARAMETERS

pytestmark = pytest.mark.django_db

ALLOWED = {200, 400, 401, 403, 404, 429}
# A few seconds an endpoint on CI.
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

API_PARAMETERS = [*PARAMETERS, "cursor", "page_size", "kind", "name", "format", "ordering"]
values = st.one_of(
    st.sampled_from([*ODD_VALUES, "bz0xMA", "bz0tMQ", "cD0x", "person", "100", "101"]),
    st.text(max_size=60),
    st.integers().map(str),
)
query_strings = st.lists(st.tuples(st.sampled_from(API_PARAMETERS), values), max_size=6)
path_parts = st.one_of(
    st.sampled_from(
        ["kim-jong-un", "upi", "politics", "0", "-1", "9" * 30, "%00", "..", "a" * 300]
    ),
    st.text(min_size=1, max_size=40).map(lambda text: quote(text, safe="")),
)


@pytest.fixture
def collection(committed, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/minute"},
    }
    with committed():
        first = make_article(
            "Missile test near Seoul",
            "North Korea fired a missile. The missile flew east.",
            published=dt.date(2024, 5, 14),
            source="UPI",
            people=("Kim Jong Un",),
            places=("Seoul",),
            topics=("politics",),
        )
        make_article("Football final", "The cup final is played in London.", source="BBC")
    return first


@pytest.fixture
def headers(analyst) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(analyst, 'fuzz')[1]}"}


def answer(client, url: str, **extra) -> int:
    response = client.get(url, **extra)
    if response.streaming:
        response.getvalue()  # an error inside the stream surfaces here
    return response.status_code


LISTS = [
    "/api/v1/search/",
    "/api/v1/search/export.jsonl",
    "/api/v1/entities/",
    "/api/v1/topics/",
    "/api/v1/sources/",
    "/api/v1/saved-searches/",
    "/api/v1/",
    "/api/schema/",
]


@pytest.mark.parametrize("path", LISTS)
def test_any_parameters_on_a_list_answer_an_allowed_status(client, collection, headers, path):
    @FUZZ
    @given(pairs=query_strings)
    def check(pairs):
        status = answer(client, f"{path}?{urlencode(pairs)}", **headers)
        assert status in ALLOWED, (pairs, status)

    check()


@pytest.mark.parametrize(
    "pattern",
    [
        "/api/v1/articles/{}/",
        "/api/v1/entities/{}/",
        "/api/v1/topics/{}/",
        "/api/v1/sources/{}/",
        "/api/v1/saved-searches/{}/",
    ],
)
def test_any_address_of_a_thing_answers_an_allowed_status(client, collection, headers, pattern):
    @FUZZ
    @given(
        part=st.one_of(path_parts, st.integers(min_value=-10, max_value=10**25).map(str)),
        pairs=query_strings,
    )
    def check(part, pairs):
        status = answer(client, pattern.format(part) + "?" + urlencode(pairs), **headers)
        assert status in ALLOWED, (part, pairs, status)

    check()


def test_any_authorization_header_answers_401_or_200(client, collection):
    @FUZZ
    @given(header=st.one_of(st.text(max_size=80), st.text(max_size=60).map("Bearer {}".format)))
    def check(header):
        try:
            status = answer(client, "/api/v1/topics/", HTTP_AUTHORIZATION=header)
        except ValueError:  # the test client refuses a header with a newline; so would HTTP
            return
        assert status in {200, 401}, (header, status)

    check()


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=600)
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)


def test_any_article_edit_by_a_curator_answers_an_allowed_status(client, collection, curator):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(curator, 'fuzz')[1]}"}

    @FUZZ
    @given(
        body=st.one_of(
            st.dictionaries(
                st.sampled_from(["title", "body", "status", "x"]), json_values, max_size=3
            ),
            json_values,
        ),
        cut=st.booleans(),
    )
    def check(body, cut):
        data = json.dumps(body)[:-1] if cut else json.dumps(body)  # cut: not JSON
        response = client.patch(
            f"/api/v1/articles/{collection.pk}/", data, content_type="application/json", **headers
        )
        assert response.status_code in ALLOWED, (body, response.status_code)

    check()


def test_any_saved_search_created_answers_an_allowed_status(client, collection, headers):
    @FUZZ
    @given(
        body=st.one_of(
            st.dictionaries(
                st.sampled_from(["name", "query", "rate", "shared_with", "x"]),
                st.one_of(json_values, query_strings.map(urlencode)),
                max_size=4,
            ),
            json_values,
        )
    )
    def check(body):
        response = client.post(
            "/api/v1/saved-searches/", json.dumps(body), content_type="application/json", **headers
        )
        assert response.status_code in ALLOWED | {201}, (body, response.status_code)

    check()
