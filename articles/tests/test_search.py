"""The search verbs over a small collection built by each test."""

import datetime as dt

import pytest

from articles import search
from articles.search import SearchParams
from articles.tests.factories import make_article, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(committed):
    with committed():
        a = make_article(
            "Missile test near Seoul",
            "North Korea fired a missile on Tuesday. The missiles flew east.",
            published=dt.date(2024, 5, 14),
            source="UPI",
            people=("Kim Jong Un",),
            places=("Seoul", "North Korea"),
            topics=("conflict-war-and-peace",),
        )
        b = make_article(
            "Factories build rocket launchers",
            "Kim Jong Un toured factories. Sergei Shoigu visited a parade in July.",
            published=dt.date(2023, 8, 10),
            source="Korea Times",
            people=("Kim Jong Un", "Sergei Shoigu"),
            places=("North Korea",),
            topics=("conflict-war-and-peace",),
        )
        c = make_article(
            "Football final tonight",
            "The cup final is played in London. Fans expect a missile of a shot.",
            published=dt.date(2024, 6, 1),
            source="UPI",
            places=("London",),
            topics=("sport",),
        )
        hidden = make_article("Missile story hidden", "missile missile", status="hidden")
    return {"a": a, "b": b, "c": c, "hidden": hidden}


def ids(results):
    return {hit.article.pk for hit in results.hits}


def test_a_word_finds_every_article_with_it_and_marks_it(collection):
    results = search.search(SearchParams(q="missile"))
    assert ids(results) == {collection["a"].pk, collection["c"].pk}
    assert results.total == 2
    assert all("<mark>" in hit.snippet_html for hit in results.hits)


def test_stemming_and_case_folding(collection):
    assert ids(search.search(SearchParams(q="MISSILES"))) == {
        collection["a"].pk,
        collection["c"].pk,
    }
    assert ids(search.search(SearchParams(q="launcher"))) == {collection["b"].pk}


def test_hidden_articles_are_not_found(collection, committed):
    hidden = collection["hidden"]
    assert ids(search.search(SearchParams(q="missile story"))) == set()
    with committed():
        hidden.status = "published"
        hidden.save()
    assert ids(search.search(SearchParams(q="missile story"))) == {hidden.pk}


def test_phrase_and_proximity(collection):
    assert ids(search.search(SearchParams(q='"rocket launchers"'))) == {collection["b"].pk}
    assert ids(search.search(SearchParams(q='"launchers rocket"'))) == set()
    assert ids(search.search(SearchParams(q='"kim parade"~30'))) == {collection["b"].pk}
    assert ids(search.search(SearchParams(q='"kim parade"~3'))) == set()


def test_boolean_operators_and_prefix(collection):
    assert ids(search.search(SearchParams(q="missile NOT football"))) == {collection["a"].pk}
    assert ids(search.search(SearchParams(q="football OR factories"))) == {
        collection["b"].pk,
        collection["c"].pk,
    }
    assert ids(search.search(SearchParams(q="(football OR factories) AND shoigu"))) == {
        collection["b"].pk
    }
    assert ids(search.search(SearchParams(q="launch*"))) == {collection["b"].pk}


def test_fields(collection):
    assert ids(search.search(SearchParams(q="title:missile"))) == {collection["a"].pk}
    assert ids(search.search(SearchParams(q="person:shoigu"))) == {collection["b"].pk}
    assert ids(search.search(SearchParams(q="place:london"))) == {collection["c"].pk}
    assert ids(search.search(SearchParams(q="source:upi"))) == {
        collection["a"].pk,
        collection["c"].pk,
    }


def test_unparseable_query_is_searched_as_words_with_a_notice(collection):
    results = search.search(SearchParams(q='"missile (seoul'))
    assert results.notice
    assert ids(results) == {collection["a"].pk}


def test_people_must_all_be_mentioned(collection):
    kim, shoigu = "kim-jong-un", "sergei-shoigu"
    assert ids(search.search(SearchParams(person=[kim]))) == {
        collection["a"].pk,
        collection["b"].pk,
    }
    assert ids(search.search(SearchParams(person=[kim, shoigu]))) == {collection["b"].pk}


def test_topics_and_sources_match_any(collection):
    results = search.search(SearchParams(topic=["sport", "conflict-war-and-peace"]))
    assert ids(results) == {collection["a"].pk, collection["b"].pk, collection["c"].pk}
    results = search.search(SearchParams(source=["upi", "korea-times"], place=["north-korea"]))
    assert ids(results) == {collection["a"].pk, collection["b"].pk}


def test_empty_query_browses_newest_first(collection):
    results = search.search(SearchParams())
    assert [hit.article.pk for hit in results.hits] == [
        collection["c"].pk,
        collection["a"].pk,
        collection["b"].pk,
    ]
    oldest = search.search(SearchParams(sort="oldest"))
    assert [hit.article.pk for hit in oldest.hits] == [
        collection["b"].pk,
        collection["a"].pk,
        collection["c"].pk,
    ]


def test_date_range_is_inclusive(collection):
    results = search.search(
        SearchParams(date_from=dt.date(2024, 5, 14), date_to=dt.date(2024, 6, 1))
    )
    assert ids(results) == {collection["a"].pk, collection["c"].pk}


def facet_counts(results, group):
    return {value.value: value.count for value in results.facets[group]}


@pytest.mark.parametrize("query", ["", "missile", "kim"])
def test_facet_counts_equal_the_totals_of_selecting_them(collection, query):
    results = search.search(SearchParams(q=query))
    for group in ("person", "org", "place", "topic", "source"):
        for value, count in facet_counts(results, group).items():
            narrowed = search.search(SearchParams(q=query, **{group: [value]}))
            assert narrowed.total == count, (group, value)


def test_selected_value_stays_visible_with_its_count(collection):
    results = search.search(SearchParams(q="football", person=["kim-jong-un"]))
    assert results.total == 0
    kim = [v for v in results.facets["person"] if v.value == "kim-jong-un"]
    assert kim and kim[0].selected and kim[0].count == 0


def test_any_of_groups_count_as_if_their_selection_were_not_there(collection):
    results = search.search(SearchParams(source=["upi"]))
    counts = facet_counts(results, "source")
    assert counts == {"upi": 2, "korea-times": 1}


def test_histogram_buckets_sum_to_the_dated_results(collection):
    results = search.search(SearchParams())
    assert sum(bucket.count for bucket in results.dates) == 3
    # Ten months apart: month buckets, each covering its whole month.
    assert [(b.value, b.count) for b in results.dates] == [
        ("2023-08", 1),
        ("2024-05", 1),
        ("2024-06", 1),
    ]
    assert results.dates[1].date_from == dt.date(2024, 5, 1)
    assert results.dates[1].date_to == dt.date(2024, 5, 31)


def test_histogram_unit_follows_the_span():
    from articles.search.facets import date_histogram

    assert [b.value for b in date_histogram([20240501, 20240503])] == ["2024-05-01", "2024-05-03"]
    assert [b.value for b in date_histogram([20150101, 20240503, 20240601])] == ["2015", "2024"]
    assert date_histogram([]) == []


def test_highlighting_escapes_article_markup(committed):
    with committed():
        make_article(
            "<script>alert(1)</script> missile", "A <b>missile</b> & <img src=x onerror=alert(1)>"
        )
    hit = search.search(SearchParams(q="missile")).hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<img" not in hit.snippet_html and "<b>" not in hit.snippet_html
    assert "<mark>missile</mark>" in hit.snippet_html


def test_alias_finds_articles_of_the_canonical_entity(committed):
    with committed():
        article = make_article(
            "Launch report", "The country launched again.", places=("North Korea",)
        )
        make_entity("North Korea", "place", aliases=("DPRK",))
    assert ids(search.search(SearchParams(q="dprk"))) == {article.pk}


def test_suggestion_for_a_misspelt_word(collection):
    results = search.search(SearchParams(q="misile"))
    assert results.total == 0
    assert results.suggestion == "missile"


def test_rebuild_gives_the_same_results(collection):
    before = search.search(SearchParams(q="kim"))
    assert search.rebuild_index() == 3
    after = search.search(SearchParams(q="kim"))
    assert ids(after) == ids(before) and after.total == before.total


def test_deleting_an_article_removes_it(collection, committed):
    with committed():
        collection["a"].delete()
    assert ids(search.search(SearchParams(q="missile"))) == {collection["c"].pk}


def test_a_search_survives_the_generation_vanishing_under_it(collection, settings):
    """A rebuild may swap generations under an open searcher; the search still answers."""
    import shutil

    from articles.search.index import live_dir

    search.search(SearchParams(q="missile"))  # a searcher is open on the current generation
    old = live_dir()
    search.rebuild_index()
    shutil.rmtree(old, ignore_errors=True)
    assert ids(search.search(SearchParams(q="missile"))) == {collection["a"].pk, collection["c"].pk}
