"""Bulk files: JSON Lines, JSON arrays and CSV, with field aliases and --map."""

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from articles.ingest import IngestProblem, ParsedArticle, read_inputs

TODAY = dt.date(2026, 11, 20)


def read_all(path, **kwargs):
    return list(read_inputs([path], today=TODAY, **kwargs))


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_jsonl_fields_and_aliases(tmp_path):
    path = write_jsonl(
        tmp_path / "data.jsonl",
        [
            {
                "id": 17,
                "title": "Missile test",
                "text": "First paragraph.\n\nSecond paragraph.",
                "subtitle": "A short standfirst",
                "link": "https://example.com/a",
                "source": "UPI",
                "section": "World",
                "authors": ["Jane Doe", "John Roe"],
                "publish_date": "2024-05-15T09:30:00+09:00",
                "topics": "defence; diplomacy",
            }
        ],
    )
    (article,) = read_all(path)
    assert article.title == "Missile test"
    assert article.body == "First paragraph.\n\nSecond paragraph."
    assert article.subtitle == "A short standfirst"
    assert article.url == "https://example.com/a"
    assert article.source == "UPI"
    assert article.section == "World"
    assert article.byline == "Jane Doe, John Roe"
    assert article.published == dt.date(2024, 5, 15)
    assert article.date_precision == "day"
    assert article.topics == ["defence", "diplomacy"]
    assert article.external_id == "17"
    assert article.origin == "data.jsonl line 1"
    assert json.loads(article.raw)["title"] == "Missile test"


@pytest.mark.parametrize(
    ("value", "published", "precision"),
    [
        ("2024", dt.date(2024, 1, 1), "year"),
        ("2024-05", dt.date(2024, 5, 1), "month"),
        ("May 2024", dt.date(2024, 5, 1), "month"),
        ("2024-05-15", dt.date(2024, 5, 15), "day"),
        ("Wed, 15 May 2024 10:00:00 GMT", dt.date(2024, 5, 15), "day"),
        ("May 15, 2024", dt.date(2024, 5, 15), "day"),
        ("15/05/2024", dt.date(2024, 5, 15), "day"),
        (1715760000, dt.date(2024, 5, 15), "day"),
        ("May 15", None, "unknown"),
        ("not a date", None, "unknown"),
    ],
)
def test_published_precision_follows_what_is_given(tmp_path, value, published, precision):
    path = write_jsonl(tmp_path / "d.jsonl", [{"title": "T", "body": "B.", "date": value}])
    (article,) = read_all(path)
    assert article.published == published
    assert article.date_precision == precision


def test_body_is_cleaned_of_furniture(tmp_path):
    body = "Real paragraph one.\n\nAdvertisement\n\nReal paragraph two.\n\nBack to top button"
    path = write_jsonl(tmp_path / "d.jsonl", [{"title": "T", "body": body}])
    (article,) = read_all(path)
    assert article.body == "Real paragraph one.\n\nReal paragraph two."


def test_dateline_in_body_fills_place_source_and_date(tmp_path):
    body = "SEOUL, May 15 (UPI) — The North said Wednesday it had tested a missile."
    path = write_jsonl(tmp_path / "d.jsonl", [{"title": "T", "body": body}])
    (article,) = read_all(path)
    assert (article.dateline_place, article.source) == ("Seoul", "UPI")
    assert article.published == dt.date(2024, 5, 15)


def test_explicit_fields_win_over_the_text(tmp_path):
    body = "SEOUL, May 15 (UPI) — The North said Wednesday it had tested a missile."
    record = {"title": "T", "body": body, "source": "Yonhap", "published": "2024-05-16"}
    path = write_jsonl(tmp_path / "d.jsonl", [record])
    (article,) = read_all(path)
    assert article.source == "Yonhap"
    assert article.published == dt.date(2024, 5, 16)


def test_title_only_and_body_only_rows(tmp_path):
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [{"title": "Only a title"}, {"body": "Only a body, one sentence long."}],
    )
    first, second = read_all(path)
    assert (first.title, first.body) == ("Only a title", "")
    assert second.body == "Only a body, one sentence long."
    assert second.title == "Only a body, one sentence long."


def test_field_map_names_other_columns(tmp_path):
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [{"headline_en": "Mapped title", "story": "Mapped body.", "when": "2023"}],
    )
    (article,) = read_all(path, field_map={"title": "headline_en", "body": "story", "date": "when"})
    assert (article.title, article.body) == ("Mapped title", "Mapped body.")
    assert (article.published, article.date_precision) == (dt.date(2023, 1, 1), "year")


def test_field_map_with_unknown_field_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"title": "T"}])
    with pytest.raises(ValueError, match="unknown field 'colour'"):
        read_all(path, field_map={"colour": "c"})


def test_json_array(tmp_path):
    path = tmp_path / "data.json"
    records = [{"title": f"Story {n}", "content": f"Body {n}."} for n in range(1, 4)]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    items = read_all(path)
    assert [item.title for item in items] == ["Story 1", "Story 2", "Story 3"]
    assert items[2].origin == "data.json item 3"


def test_json_array_is_streamed_across_chunks(tmp_path):
    path = tmp_path / "big.json"
    records = [{"title": f"Story {n}", "body": "word " * 200 + "é."} for n in range(500)]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    items = read_all(path)
    assert len(items) == 500
    assert all(isinstance(item, ParsedArticle) for item in items)
    assert items[-1].title == "Story 499"


def test_json_object_with_article_list(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"articles": [{"title": "A", "body": "B."}]}), encoding="utf-8")
    (article,) = read_all(path)
    assert article.title == "A"


def test_json_single_object_is_one_article(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "A", "body": "B."}), encoding="utf-8")
    (article,) = read_all(path)
    assert article.origin == "one.json item 1"


def test_csv_with_header(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(
        "id,title,body,author,date,tags\n"
        '1,First story,"Line one.\n\nLine two.",Jane Doe,2024-05-15,"a, b"\n'
        "2,Second story,Body two.,,2024-05,\n",
        encoding="utf-8",
    )
    first, second = read_all(path)
    assert first.title == "First story"
    assert first.body == "Line one.\n\nLine two."
    assert first.byline == "Jane Doe"
    assert first.topics == ["a", "b"]
    assert first.origin == "data.csv line 2"
    assert second.origin == "data.csv line 5"
    assert (second.published, second.date_precision) == (dt.date(2024, 5, 1), "month")


def test_csv_semicolons_and_windows_1252(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes("Title;Body\nCafé story;Résumé of the “news”.\n".encode("cp1252"))
    (article,) = read_all(path)
    assert article.title == "Café story"
    assert article.body == "Résumé of the “news”."


def test_gzipped_jsonl_by_content(tmp_path):
    path = tmp_path / "data.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"title": "Zipped", "body": "Body."}\n'))
    (article,) = read_all(path)
    assert article.title == "Zipped"
    assert article.origin == "data.jsonl.gz line 1"


def test_format_detected_from_content_without_extension(tmp_path):
    (tmp_path / "lines").write_text('{"title": "A"}\n{"title": "B"}\n', encoding="utf-8")
    (tmp_path / "array").write_text('[{"title": "C"}]', encoding="utf-8")
    titles = [item.title for item in read_all(tmp_path)]
    assert titles == ["C", "A", "B"]


def test_input_format_overrides_detection(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text('{"title": "A", "body": "B."}\n', encoding="utf-8")
    (article,) = read_all(path, input_format="jsonl")
    assert article.title == "A"


def test_large_jsonl_is_read_lazily(tmp_path):
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(20000):
            out.write(json.dumps({"title": f"Story {n}", "body": "Text."}) + "\n")
    items = read_inputs([path], today=TODAY)
    assert next(items).title == "Story 0"
    assert sum(1 for item in items if not isinstance(item, IngestProblem)) == 19999


def test_trailing_agency_in_authors_becomes_the_source(tmp_path):
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [
            {
                "headline": "Boosters",
                "short_description": "Uptake rose.",
                "authors": "Carla K. Johnson, AP",
            },
            {
                "headline": "Flyer banned",
                "authors": "Mary Papenfuss, Staff Writer",
                "source": "HuffPost",
            },
        ],
    )
    first, second = read_all(path)
    assert (first.byline, first.source, first.subtitle) == (
        "Carla K. Johnson",
        "AP",
        "Uptake rose.",
    )
    assert (second.byline, second.source) == ("Mary Papenfuss", "HuffPost")


def test_headerless_csv_with_numbered_columns(tmp_path):
    path = tmp_path / "ag.csv"
    path.write_text(
        '"3","Fears for pension","Unions say they are disappointed."\n', encoding="utf-8"
    )
    (article,) = read_all(path, field_map={"title": "2", "body": "3", "section": "1"})
    assert (article.title, article.body, article.section) == (
        "Fears for pension",
        "Unions say they are disappointed.",
        "3",
    )
    assert article.origin == "ag.csv line 1"


CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


@pytest.mark.corpus
def test_huffpost_sample_reads_whole():
    path = CORPORA / "huffpost_sample" / "News_Category_Dataset_v3.first10000.jsonl.gz"
    if not path.exists():
        pytest.skip(f"needs the shared corpora in {CORPORA}")
    items = list(read_inputs([path], today=TODAY))
    assert len(items) == 10000
    assert all(isinstance(item, ParsedArticle) for item in items)
    assert all(item.published and item.date_precision == "day" for item in items)
    first = items[0]
    # The byline credits AP, but the row's URL names the outlet: the store side gives its source.
    assert (first.byline, first.source, first.section) == ("Carla K. Johnson", "", "U.S. NEWS")
    assert first.url.startswith("https://www.huffpost.com/")


@pytest.mark.corpus
def test_ag_news_without_header_through_numbered_columns():
    path = CORPORA / "ag_news" / "test.csv.gz"
    if not path.exists():
        pytest.skip(f"needs the shared corpora in {CORPORA}")
    items = list(read_inputs([path], field_map={"title": "2", "body": "3"}, today=TODAY))
    assert len(items) == 7600
    assert all(isinstance(item, ParsedArticle) for item in items)
    # A few descriptions are only a photo caption; every other body survives cleaning.
    assert sum(1 for item in items if not item.body) < 10
