"""Bulk files: JSON Lines, a JSON array (or one object), CSV with a header row.

Each is streamed record by record, so a file of 100,000 articles is never held in memory at once.
A record that cannot be read is reported by its line and the rest goes on, except inside a JSON
array, which cannot be resynchronised after a syntax error.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.decoding import DECODE_ERRORS, decode_line, guess_encoding
from articles.ingest.records import FIELD_COLUMNS, article_from_record

Item = ParsedArticle | IngestProblem
CHUNK_SIZE = 65536
# Keys under which a JSON object may hold its list of articles: {"articles": [...]}.
LIST_KEYS = ("articles", "items", "entries", "data", "results", "records", "documents", "posts")

csv.field_size_limit(64 * 1024 * 1024)


def read_json_lines(name: str, stream, options) -> Iterator[Item]:
    field_map = options.field_map
    for number, line_bytes in enumerate(stream, start=1):
        line = decode_line(line_bytes).lstrip("\ufeff").strip()
        if not line:
            continue
        origin = f"{name} line {number}"
        try:
            record = json.loads(line)
        except RecursionError:
            yield IngestProblem(origin, "not valid JSON (nested too deeply)")
            continue
        except ValueError as error:
            yield IngestProblem(origin, f"not valid JSON ({json_reason(error)})")
            continue
        if not isinstance(record, dict):
            kind = json_kind(record)
            yield IngestProblem(origin, f"{kind}, not a JSON object with article fields")
            continue
        yield article_from_record(
            record, origin=origin, raw=line, field_map=field_map, today=options.today
        )


def read_json_file(name: str, stream, options) -> Iterator[Item]:
    field_map = options.field_map
    text = io.TextIOWrapper(
        stream, encoding=guess_encoding(stream.peek(CHUNK_SIZE)), errors=DECODE_ERRORS
    )
    values = JsonArrayReader(text)
    try:
        for number, value in values:
            origin = f"{name} item {number}"
            if isinstance(value, dict):
                raw = json.dumps(value, ensure_ascii=False)
                yield article_from_record(
                    value, origin=origin, raw=raw, field_map=field_map, today=options.today
                )
            else:
                kind = json_kind(value)
                yield IngestProblem(origin, f"{kind}, not a JSON object with article fields")
    except NotAnArray as error:
        yield IngestProblem(name, str(error))
    except RecursionError:
        where = f"{name} item {values.count + 1}"
        yield IngestProblem(where, "not valid JSON (nested too deeply)")
    except json.JSONDecodeError as error:
        where = f"{name} item {values.count + 1}"
        yield IngestProblem(
            where,
            f"not valid JSON ({error.msg}, line {values.line_of(error)}); "
            "the rest of the file was skipped",
        )


def json_reason(error: ValueError) -> str:
    return error.msg if isinstance(error, json.JSONDecodeError) else str(error)


def json_kind(value: object) -> str:
    kinds = {str: "a string", int: "a number", float: "a number", bool: "true or false"}
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    return kinds.get(type(value), "a value")


class NotAnArray(ValueError):
    """The JSON document is neither an array of articles nor an object."""


class JsonArrayReader:
    """The values of a JSON array, read from a text stream a chunk at a time.

    A single object is one value, or the list it holds under a key such as "articles".
    """

    def __init__(self, stream: io.TextIOBase):
        self.stream, self.buffer, self.position = stream, "", 0
        self.lines_before, self.count, self.eof = 1, 0, False
        self.decoder = json.JSONDecoder()

    def line_of(self, error: json.JSONDecodeError) -> int:
        return self.lines_before + self.buffer.count("\n", 0, error.pos)

    def refill(self, size: int = CHUNK_SIZE) -> bool:
        self.lines_before += self.buffer.count("\n", 0, self.position)
        chunk = "" if self.eof else self.stream.read(size)
        self.eof = not chunk
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return bool(chunk)

    def next_char(self) -> str:
        """The next character that is not white space, left unread; "" at the end."""
        while True:
            while (
                self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n\ufeff"
            ):
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self.refill():
                return ""

    def decode_value(self):
        size = CHUNK_SIZE
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
                if end < len(self.buffer) or self.eof:
                    self.position = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            self.refill(size)
            size *= 2  # a value longer than the buffer: read ahead faster

    def __iter__(self) -> Iterator[tuple[int, object]]:
        first = self.next_char()
        if first == "{":
            document = self.decode_value()
            yield from self.values_in_object(document)
            return
        if first != "[":
            if first == "":
                raise NotAnArray("no JSON value in the file")
            value = self.decode_value()
            raise NotAnArray(f"the JSON holds {json_kind(value)}, not an array of articles")
        self.position += 1
        while True:
            char = self.next_char()
            if char == "]":
                return
            if char == "":
                raise json.JSONDecodeError("Unterminated array", self.buffer, self.position)
            if self.count and char != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", self.buffer, self.position)
            if self.count:
                self.position += 1
                if self.next_char() in ("]", ""):
                    raise json.JSONDecodeError("Expecting value", self.buffer, self.position)
            value = self.decode_value()
            self.count += 1
            yield self.count, value

    def values_in_object(self, document: dict) -> Iterator[tuple[int, object]]:
        for key in LIST_KEYS:
            if isinstance(document.get(key), list):
                for number, value in enumerate(document[key], start=1):
                    self.count = number
                    yield number, value
                return
        self.count = 1
        yield 1, document


def read_csv_file(name: str, stream, options) -> Iterator[Item]:
    field_map = options.field_map
    sample = stream.peek(CHUNK_SIZE)
    text = io.TextIOWrapper(
        stream, encoding=guess_encoding(sample), errors=DECODE_ERRORS, newline=""
    )
    dialect = sniff_dialect(name, decode_line(sample[:CHUNK_SIZE]))
    reader = csv.reader(text, dialect, strict=True)
    # --map title=2 --map body=3: a file without a header row, its columns named by number.
    numbered = bool(field_map) and all(column.isdigit() for column in field_map.values())
    header: list[str] | None = None
    if not numbered:
        try:
            header = [column.lstrip("\ufeff").strip() for column in next(reader)]
        except (StopIteration, csv.Error) as error:
            yield IngestProblem(name, f"no readable CSV header row ({error})")
            return
        if problem := check_columns(name, header, field_map):
            yield problem
            return
    for origin, row in csv_rows(name, reader):
        if isinstance(row, IngestProblem):
            yield row
            continue
        header = header or [str(number) for number in range(1, len(row) + 1)]
        if len(row) != len(header):
            yield IngestProblem(origin, f"{len(row)} fields where the header has {len(header)}")
            continue
        record = dict(zip(header, row, strict=True))
        yield article_from_record(
            record,
            origin=origin,
            raw=csv_line(row, dialect),
            field_map=field_map,
            today=options.today,
        )


def csv_rows(name: str, reader) -> Iterator[tuple[str, list[str] | IngestProblem]]:
    """(origin, row) for each non-blank row, named by the line it starts on; a problem for a row
    the csv module cannot read."""
    line = reader.line_num
    while True:
        origin = f"{name} line {line + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield origin, IngestProblem(origin, f"not a valid CSV row ({error})")
        else:
            if any(cell.strip() for cell in row):
                yield origin, row
        line = reader.line_num


def sniff_dialect(name: str, sample: str) -> type[csv.Dialect]:
    """Excel's CSV with the delimiter the header row uses most: comma, semicolon, tab or bar."""
    if name.lower().removesuffix(".gz").endswith(".tsv"):
        return csv.excel_tab
    header = sample.split("\n", 1)[0]
    delimiter = max(",;\t|", key=header.count) if any(d in header for d in ",;\t|") else ","
    return type("HeaderDialect", (csv.excel,), {"delimiter": delimiter})


def check_columns(name: str, header: list[str], field_map: dict[str, str]) -> IngestProblem | None:
    """A problem when no column can give an article its text, so every row would fail alike."""
    lowered = {column.lower() for column in header}
    for field in ("title", "body"):
        columns = (field_map[field],) if field in field_map else FIELD_COLUMNS[field]
        if any(column.lower() in lowered for column in columns):
            return None
    listed = ", ".join(header) or "none"
    return IngestProblem(
        name,
        f"no title or body column (columns: {listed}); name one with --map body=COLUMN",
    )


def csv_line(row: list[str], dialect) -> str:
    out = io.StringIO()
    csv.writer(out, dialect, lineterminator="").writerow(row)
    return out.getvalue()
