"""Finding the files to read under the paths given, and opening them as byte streams.

Folders are walked recursively in sorted order, skipping hidden files and folders; "-" is standard
input; gzip is undone transparently (recognised by its magic number, whatever the file is called);
every stream is cut off at the size limit.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from articles.ingest import IngestProblem

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(Exception):
    """The input is larger than the import limit."""


class BadCompression(Exception):
    """A .gz input that does not decompress."""


@dataclass(frozen=True)
class InputFile:
    name: str  # how reports name it: the path as given, or relative to the folder given
    path: Path | None  # None for standard input

    @property
    def suffix(self) -> str:
        """The extension that says what is inside: "jsonl" for "data.jsonl.gz"."""
        suffixes = [s.lower().lstrip(".") for s in Path(self.name).suffixes]
        if suffixes and suffixes[-1] == "gz":
            suffixes.pop()
        return suffixes[-1] if suffixes else ""


def configured_max_bytes() -> int:
    """settings.NEWSDESK["MAX_IMPORT_BYTES"] when Django is configured, else 50 MB."""
    try:
        from django.conf import settings

        if settings.configured:
            return int(settings.NEWSDESK.get("MAX_IMPORT_BYTES", DEFAULT_MAX_BYTES))
    except (ImportError, AttributeError):
        pass
    return DEFAULT_MAX_BYTES


def find_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[InputFile | IngestProblem]:
    """Every file to read, in order, and a problem for each path that names none."""
    for given in paths:
        if str(given) == "-":
            yield InputFile("<stdin>", None)
            continue
        path = Path(given)
        if path.is_dir():
            for found in walk_folder(path):
                yield InputFile(found.relative_to(path).as_posix(), found)
        elif path.is_file():
            yield InputFile(path.name, path)
        elif path.exists():
            # A pipe or a device would block or never end.
            yield IngestProblem(str(given), "not a regular file")
        else:
            yield IngestProblem(str(given), "no such file or folder")


def walk_folder(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and path.is_file():
                yield path


class LimitedReader(io.RawIOBase):
    """A byte stream that raises TooLarge once more than `limit` bytes have come through it."""

    def __init__(self, stream, limit: int, *, closes: tuple = ()):
        super().__init__()
        self.stream, self.limit, self.count, self.closes = stream, limit, 0, closes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.stream.read(len(buffer))
        except (OSError, EOFError, zlib.error) as error:
            if isinstance(self.stream, gzip.GzipFile):
                raise BadCompression(str(error) or type(error).__name__) from error
            raise
        self.count += len(data)
        if self.count > self.limit:
            raise TooLarge
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            for stream in self.closes:
                stream.close()
        super().close()


def open_input(item: InputFile, limit: int) -> io.BufferedReader:
    """The decompressed bytes of `item`, cut off at `limit`. Raises TooLarge, OSError."""
    if item.path is None:
        raw = io.BufferedReader(sys.stdin.buffer)
    else:
        if item.path.stat().st_size > limit:
            raise TooLarge
        raw = io.BufferedReader(open(item.path, "rb"))  # noqa: SIM115 - closed with the reader
    stream = gzip.GzipFile(fileobj=raw) if raw.peek(2)[:2] == GZIP_MAGIC else raw
    # Standard input stays open for whoever reads it next.
    closes = () if item.path is None else (stream, raw)
    limited = LimitedReader(stream, limit, closes=closes)
    return io.BufferedReader(limited, buffer_size=65536)


class PrefixedReader(io.RawIOBase):
    """`head` (bytes already read from `stream`) followed by the rest of `stream`."""

    def __init__(self, head: bytes, stream):
        super().__init__()
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
            return size
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self.stream.close()
        super().close()


def read_head(stream: io.BufferedReader, size: int) -> tuple[bytes, io.BufferedReader]:
    """The first `size` bytes of `stream`, and a stream that still starts with them."""
    head = stream.read(size)
    return head, io.BufferedReader(PrefixedReader(head, stream), buffer_size=65536)
