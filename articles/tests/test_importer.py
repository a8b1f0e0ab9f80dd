"""The importer's matching of a re-import to the stored article, and its fitting of long values."""

import json

import pytest

from articles.models import Article
from articles.store.importer import import_articles

pytestmark = pytest.mark.django_db

BODY = "The council met on Tuesday and agreed the budget for the coming year after a long debate."


def write_records(path, *records) -> str:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return str(path)


def test_a_reimport_with_the_same_id_updates_the_article_whatever_its_url_and_text(tmp_path):
    first = {"id": "item-17", "source": "Wire", "title": "Budget agreed", "body": BODY,
             "url": "https://example.com/budget"}  # fmt: skip
    import_articles([write_records(tmp_path / "a.jsonl", first)], enrich=False)
    changed = {**first, "url": "https://example.com/budget-v2", "body": BODY + " Updated."}

    report = import_articles([write_records(tmp_path / "b.jsonl", changed)], enrich=False)

    assert report.summary() == "created 0, updated 1, unchanged 0, failed 0"
    article = Article.objects.get()
    assert (article.external_id, article.body) == ("item-17", changed["body"])


def test_the_same_id_from_another_source_is_another_article(tmp_path):
    one = {"id": "1", "source": "Wire", "title": "Budget agreed", "body": BODY}
    other = {"id": "1", "source": "Gazette", "title": "Floods in the valley",
             "body": "Rivers rose across the valley overnight and roads were closed."}  # fmt: skip

    report = import_articles([write_records(tmp_path / "a.jsonl", one, other)], enrich=False)

    assert report.created == 2
    assert sorted(Article.objects.values_list("source__name", "external_id")) == [
        ("Gazette", "1"),
        ("Wire", "1"),
    ]


def test_values_longer_than_their_column_are_cut_and_long_urls_dropped(tmp_path):
    title_limit = Article._meta.get_field("title").max_length
    url_limit = Article._meta.get_field("url").max_length
    record = {"title": "word " * title_limit, "body": BODY,
              "url": "https://example.com/" + "a" * url_limit}  # fmt: skip

    import_articles([write_records(tmp_path / "a.jsonl", record)], enrich=False)

    article = Article.objects.get()
    assert len(article.title) <= title_limit
    assert article.title.endswith("word…")
    assert article.url == ""
