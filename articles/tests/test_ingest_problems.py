"""Bad input: each bad item is reported by file and line or entry, and reading goes on."""

import datetime as dt
import gzip
import json

import pytest

from articles.ingest import IngestProblem, ParsedArticle, read_inputs

TODAY = dt.date(2026, 11, 20)


def read_all(*paths, **kwargs):
    return list(read_inputs(list(paths), today=TODAY, **kwargs))


def only_problem(items):
    assert len(items) == 1, items
    assert isinstance(items[0], IngestProblem), items[0]
    return items[0]


def test_missing_path(tmp_path):
    problem = only_problem(read_all(tmp_path / "nowhere.txt"))
    assert problem.message.endswith("nowhere.txt: no such file or folder")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert only_problem(read_all(path)).message == "empty.txt: empty file"


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00data" * 50)
    assert "binary file" in only_problem(read_all(path)).message


def test_pdf_is_named(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert only_problem(read_all(path)).message == "report.pdf: binary file (a PDF), not text"


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Headline\n\n" + "word " * 1000, encoding="utf-8")
    problem = only_problem(read_all(path, max_bytes=1000))
    assert problem.origin == "big.txt"
    assert "larger than the import limit" in problem.message


def test_size_limit_comes_from_settings(tmp_path, settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "MAX_IMPORT_BYTES": 100}
    path = tmp_path / "big.txt"
    path.write_text("Headline\n\n" + "word " * 100, encoding="utf-8")
    assert "larger than the import limit" in only_problem(read_all(path)).message


def test_gzip_that_expands_past_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"Headline\n\n" + b"a" * 100_000))
    assert "larger than the import limit" in only_problem(read_all(path, max_bytes=10_000)).message


def test_corrupt_gzip(tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"title": "A"}\n' * 100)[:40])
    assert "not a valid gzip file" in only_problem(read_all(path)).message


def test_malformed_json_line_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text(
        '{"title": "One", "body": "B."}\n\n{"title": "Two" "body": "B."}\n{"title": "Three"}\n',
        encoding="utf-8",
    )
    first, problem, third = read_all(path)
    assert (first.title, third.title) == ("One", "Three")
    assert problem.origin == "data.jsonl line 3"
    assert problem.message == "data.jsonl line 3: not valid JSON (Expecting ',' delimiter)"


def test_json_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text('["a", "list"]\n', encoding="utf-8")
    problem = only_problem(read_all(path))
    assert problem.message == "data.jsonl line 1: a list, not a JSON object with article fields"


def test_row_without_text(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text('{"title": "  ", "body": "", "url": "https://x"}\n', encoding="utf-8")
    problem = only_problem(read_all(path))
    assert problem.message == "data.jsonl line 1: no text (no title and no body)"


@pytest.mark.parametrize(
    ("content", "says"),
    [("42", "a number"), ('"text"', "a string"), ("null", "null")],
)
def test_json_that_is_not_an_array_or_object(tmp_path, content, says):
    path = tmp_path / "data.json"
    path.write_text(content, encoding="utf-8")
    problem = only_problem(read_all(path))
    assert problem.message == f"data.json: the JSON holds {says}, not an array of articles"


def test_json_array_with_syntax_error_keeps_what_came_before(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('[\n{"title": "One"},\n{"title": "Two",}\n]', encoding="utf-8")
    first, problem = read_all(path)
    assert first.title == "One"
    assert problem.origin == "data.json item 2"
    assert "not valid JSON" in problem.message
    assert "line 3" in problem.message


def test_json_array_item_that_is_not_an_object(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps([{"title": "One"}, 7]), encoding="utf-8")
    first, problem = read_all(path)
    assert problem.message == "data.json item 2: a number, not a JSON object with article fields"


def test_malformed_csv_row(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(
        "title,body\nOne,Body one.\nTwo,Body two.,extra\nThree,Body three.\n", encoding="utf-8"
    )
    first, problem, third = read_all(path)
    assert (first.title, third.title) == ("One", "Three")
    assert problem.message == "data.csv line 3: 3 fields where the header has 2"


def test_csv_with_bad_quoting(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text('title,body\nOne,"Body "one"."\nTwo,Body two.\n', encoding="utf-8")
    items = read_all(path)
    assert isinstance(items[0], IngestProblem)
    assert items[0].message.startswith("data.csv line 2: not a valid CSV row")
    assert items[-1].title == "Two"


def test_csv_without_text_columns(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("name,colour\nA,red\n", encoding="utf-8")
    problem = only_problem(read_all(path))
    assert "no title or body column (columns: name, colour)" in problem.message
    assert "--map body=COLUMN" in problem.message


def test_feed_that_does_not_parse(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("this is << not > a feed &&", encoding="utf-8")
    problem = only_problem(read_all(path))
    assert problem.message.startswith("feed.xml: not a feed that parses (")


def test_problems_do_not_stop_the_other_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    items = read_all(tmp_path, tmp_path / "missing")
    assert [type(item) for item in items] == [IngestProblem, ParsedArticle, IngestProblem]


def test_unknown_input_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown input format"):
        read_all(tmp_path, input_format="docx")


@pytest.mark.parametrize(("name", "content"), [("a.json", "[]"), ("b.csv", "title,body\n")])
def test_bulk_file_without_articles(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert only_problem(read_all(path)).message == f"{name}: no articles in the file"


def test_pipe_is_not_opened(tmp_path):
    import os

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    (tmp_path / "a.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    assert [item.origin for item in read_all(tmp_path)] == ["a.txt"]
    assert only_problem(read_all(pipe)).message.endswith("pipe: not a regular file")
