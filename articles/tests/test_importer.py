"""The importer's matching of a re-import to the stored article, and its fitting of long values."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

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


@pytest.mark.django_db(transaction=True)
def test_copies_stored_before_the_constraints_are_folded_into_the_earliest():
    before_the_constraints = [("articles", "0010_job_furniture_kind")]
    executor = MigrationExecutor(connection)
    executor.migrate(before_the_constraints)
    apps = executor.loader.project_state(before_the_constraints).apps
    OldArticle, OldEntity = (
        apps.get_model("articles", "Article"),
        apps.get_model("articles", "Entity"),
    )
    Mention = apps.get_model("articles", "Mention")
    kim = OldEntity.objects.create(name="Kim", kind="person", slug="kim")
    seoul = OldEntity.objects.create(name="Seoul", kind="place", slug="seoul")
    first, by_url, by_text, other = (
        OldArticle.objects.create(title="T", body="B", url=url, content_hash=digest)
        for url, digest in (
            ("https://a.example/1", "h1"),
            ("https://a.example/1", "h2"),
            ("", "h1"),
            ("https://a.example/2", "h3"),
        )
    )
    Mention.objects.create(article=first, entity=kim, count=2)
    Mention.objects.create(article=by_url, entity=kim, count=5)
    Mention.objects.create(article=by_text, entity=seoul)
    other_copy = OldArticle.objects.create(
        title="T", body="B", content_hash="h3", duplicate_of=by_url
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert set(Article.objects.values_list("pk", flat=True)) == {first.pk, other.pk}
    mentions = {(m.entity.name, m.count) for m in Article.objects.get(pk=first.pk).mentions.all()}
    assert mentions == {("Kim", 2), ("Seoul", 1)}
    assert not Article.objects.filter(pk=other_copy.pk).exists()  # same text as `other`
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="T", body="B", url="https://a.example/1", content_hash="new")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="T", body="B", content_hash="h1")
    Article.objects.create(title="Text input", body="B", content_hash="h9")
    Article.objects.create(title="Text input 2", body="C", content_hash="h10")  # both without URL
