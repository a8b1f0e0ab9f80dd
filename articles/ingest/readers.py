"""read_inputs: every file under the paths given, each read by the reader its format calls for."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.article import build_article
from articles.ingest.decoding import NotText, decode_text, describe_binary
from articles.ingest.inputs import (
    BadCompression,
    InputFile,
    TooLarge,
    configured_max_bytes,
    find_inputs,
    open_input,
    read_head,
)
from articles.ingest.records import check_field_map

FORMATS = ("text", "html", "feed", "jsonl", "json", "csv")
EXTENSIONS = {
    "txt": "text",
    "text": "text",
    "md": "text",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "shtml": "html",
    "rss": "feed",
    "atom": "feed",
    "xml": "feed",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "json": "json",
    "csv": "csv",
    "tsv": "csv",
}
HEAD_SIZE = 65536

Item = ParsedArticle | IngestProblem


@dataclass(frozen=True)
class ReadOptions:
    today: dt.date
    max_bytes: int
    field_map: dict[str, str] = field(default_factory=dict)


def read_inputs(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    input_format: str | None = None,
    field_map: dict[str, str] | None = None,
    today: dt.date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Item]:
    """Yield a ParsedArticle or an IngestProblem for every item under `paths`, in order, lazily."""
    if input_format not in (None, *FORMATS):
        raise ValueError(f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}")
    checked_map = check_field_map(field_map or {})
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if isinstance(today, dt.datetime):
        today = today.date()
    options = ReadOptions(
        today=today or dt.date.today(),
        max_bytes=max_bytes or configured_max_bytes(),
        field_map=checked_map,
    )
    for item in find_inputs(paths):
        if isinstance(item, IngestProblem):
            yield item
        else:
            yield from read_file(item, input_format, options)


def read_file(item: InputFile, input_format: str | None, options: ReadOptions) -> Iterator[Item]:
    name = item.name
    try:
        stream = open_input(item, options.max_bytes)
        with stream:
            head, stream = read_head(stream, HEAD_SIZE)
            with stream:
                if not head.lstrip(b"\xef\xbb\xbf").strip():
                    yield IngestProblem(name, "empty file")
                    return
                if reason := describe_binary(head[:8192]):
                    yield IngestProblem(name, reason)
                    return
                reader = READERS[input_format or detect_format(item.suffix, head)]
                found = False
                for result in reader(name, stream, options):
                    found = True
                    yield result
                if not found:
                    yield IngestProblem(name, "no articles in the file")
    except TooLarge:
        limit = describe_size(options.max_bytes)
        yield IngestProblem(
            name, f"larger than the import limit of {limit} (MAX_IMPORT_BYTES); split it"
        )
    except BadCompression as error:
        yield IngestProblem(name, f"not a valid gzip file ({error})")
    except NotText as error:
        yield IngestProblem(name, str(error))
    except OSError as error:
        yield IngestProblem(name, f"cannot be read ({error.strerror or error})")


def describe_size(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def detect_format(suffix: str, head: bytes) -> str:
    """The format of a file from its extension and its first bytes; content wins for markup."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if suffix in ("json", "jsonl", "ndjson", "csv", "tsv"):
        return EXTENSIONS[suffix]
    if start.startswith(b"<"):
        if re.search(rb"<(?:rss|feed|rdf:rdf)[\s>]", head[:4096].lower()):
            return "feed"
        if re.search(rb"<!doctype html|<html|<head|<body|<meta|<div|<p[\s>]|<article", start):
            return "html"
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        return "jsonl" if looks_like_json_lines(head) else "json"
    return "text"


def looks_like_json_lines(head: bytes) -> bool:
    import json

    first_line = head.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first_line), dict)
    except ValueError:
        return False


def read_text_file(name: str, stream, options: ReadOptions) -> Iterator[Item]:
    """A page's text as a scraper saved it: one article per file."""
    text = decode_text(stream.read())
    yield build_article(
        raw=text, origin=name, text=text, stated=ParsedArticle(), today=options.today
    )


def lazy_reader(module: str, function: str) -> Callable[..., Iterator[Item]]:
    """A reader whose module (and its heavy imports) loads only when a file needs it."""

    def read(name: str, stream, options: ReadOptions) -> Iterator[Item]:
        import importlib

        return getattr(importlib.import_module(module), function)(name, stream, options)

    return read


READERS: dict[str, Callable[..., Iterator[Item]]] = {
    "text": read_text_file,
    "html": lazy_reader("articles.ingest.html", "read_html_file"),
    "feed": lazy_reader("articles.ingest.feeds", "read_feed_file"),
    "jsonl": lazy_reader("articles.ingest.bulk", "read_json_lines"),
    "json": lazy_reader("articles.ingest.bulk", "read_json_file"),
    "csv": lazy_reader("articles.ingest.bulk", "read_csv_file"),
}
