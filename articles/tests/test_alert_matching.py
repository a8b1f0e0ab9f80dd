"""Standing searches against a batch of new articles (search/matching.py): the same articles the
search page finds among them, for the same reasons."""

import datetime as dt

import pytest

from articles import search
from articles.models import Article
from articles.search import SearchParams
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(committed):
    with committed():
        articles = [
            make_article(
                "Missile test near Seoul",
                "North Korea fired a missile on Tuesday. The missiles flew east.",
                published=dt.date(2024, 5, 14),
                source="UPI",
                people=("Kim Jong Un",),
                places=("Seoul", "North Korea"),
                topics=("conflict-war-and-peace",),
            ),
            make_article(
                "Factories build rocket launchers",
                "Kim Jong Un toured factories. Sergei Shoigu visited a parade in July.",
                published=dt.date(2023, 8, 10),
                source="Korea Times",
                people=("Kim Jong Un", "Sergei Shoigu"),
                places=("North Korea",),
                topics=("conflict-war-and-peace",),
            ),
            make_article(
                "Football final tonight",
                "The cup final is played in London. Fans expect a missile of a shot.",
                published=dt.date(2024, 6, 1),
                source="UPI",
                places=("London",),
                topics=("sport",),
            ),
            make_article(
                "Undated note on missile shipping",
                "Shipping of missile parts through the port went on.",
                source="Reuters",
            ),
            make_article(
                "Election in Seoul",
                "Voters in Seoul chose a new parliament; the missile question hardly came up.",
                published=dt.date(2024, 4, 10),
                source="Yonhap",
                places=("Seoul",),
                topics=("politics",),
            ),
        ]
    return articles


SEARCHES = [
    {"q": "missile"},
    {"q": "missiles fired"},
    {"q": '"missile parts"'},
    {"q": "missile NOT seoul"},
    {"q": "shoigu OR football"},
    {"q": "missil*"},
    {"q": "title:missile"},
    {"q": "person:kim"},
    {"q": "missile", "person": ["kim-jong-un"]},
    {"person": ["kim-jong-un", "sergei-shoigu"]},
    {"topic": ["sport", "politics"]},
    {"source": ["upi"]},
    {"q": "missile", "date_from": dt.date(2024, 5, 1), "date_to": dt.date(2024, 6, 1)},
    {"date_to": dt.date(2024, 5, 14)},
    {"q": "missile", "place": ["seoul"], "topic": ["conflict-war-and-peace"]},
    {"q": "(unbalanced missile"},
]


@pytest.mark.parametrize("asked", SEARCHES, ids=lambda asked: str(asked))
def test_a_standing_search_finds_among_new_articles_what_the_search_page_finds(batch, found, asked):
    matches = search.match_new_articles(
        [article.pk for article in batch], {"one": SearchParams(**asked)}
    )
    assert {match.article_id for match in matches.get("one", [])} == found(**asked)


def test_only_the_given_articles_are_matched(batch):
    new = [batch[0].pk, batch[2].pk]
    matches = search.match_new_articles(new, {"missile": SearchParams(q="missile")})
    assert {match.article_id for match in matches["missile"]} == set(new)


def test_searches_that_match_nothing_are_left_out(batch):
    matches = search.match_new_articles(
        [article.pk for article in batch],
        {"none": SearchParams(q="volcano"), "some": SearchParams(q="parliament")},
    )
    assert list(matches) == ["some"]
    assert [match.article_id for match in matches["some"]] == [batch[4].pk]


def test_each_match_says_which_words_matched_in_which_fields(batch):
    [match] = search.match_new_articles([batch[1].pk], {"kim": SearchParams(q="shoigu factories")})[
        "kim"
    ]
    assert match.reason.fields == ["title", "body"]
    assert match.reason.words["body"] == ["factories", "shoigu"]
    assert "Sergei Shoigu" in match.reason.entities


def test_articles_out_of_search_never_match(batch, committed):
    with committed():
        for article in batch[:2]:
            article.status = Article.Status.DUPLICATE
            article.save()
    matches = search.match_new_articles(
        [article.pk for article in batch], {"kim": SearchParams(person=["kim-jong-un"])}
    )
    assert matches == {}
