"""Exact facet counts and the publication-date histogram over a set of matching documents.

Each segment's facet values are read once into numpy arrays (segments never change after they are
written, so a commit only reads the new small segment), kept on disk beside the segment for the
next process to load, and joined into one table per searcher. A set of matching documents is a
boolean mask over document numbers; counting a group is one `bincount` over that group's
(document, value) pairs: no Whoosh query per facet value and no Python loop per document.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import weakref
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from articles.search.schema import FACET_GROUPS

logger = logging.getLogger("newsdesk.search")

# Bump when SegmentTable's arrays change meaning: files of another format are read again.
TABLE_FILE_FORMAT = 1


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class DateBucket:
    value: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    count: int
    date_from: dt.date
    date_to: dt.date


@dataclass
class SegmentTable:
    """One segment's facet values, read once: its dates and, per group, (document, value) pairs."""

    published: np.ndarray  # int32 YYYYMMDD per document, 0 when unknown (or deleted when read)
    pairs: dict[str, tuple[np.ndarray, np.ndarray, list[str]]]  # group -> (docs, value ids, values)


@dataclass
class FacetTable:
    """The facet values of every document a searcher sees, by its global document number."""

    published: np.ndarray
    live: np.ndarray  # False for deleted documents
    docs: dict[str, np.ndarray]  # group -> document number of each (document, value) pair
    value_ids: dict[str, np.ndarray]  # group -> index into `values[group]` of each pair
    values: dict[str, list[str]]

    @property
    def size(self) -> int:
        return len(self.live)

    def count(self, group: str, mask: np.ndarray) -> Counter:
        """How many documents in `mask` have each value of `group` (values with none left out)."""
        selected = self.value_ids[group][mask[self.docs[group]]]
        counts = np.bincount(selected, minlength=len(self.values[group]))
        names = self.values[group]
        return Counter({names[index]: int(counts[index]) for index in np.flatnonzero(counts)})

    def date_numbers(self, mask: np.ndarray) -> np.ndarray:
        dates = self.published[mask]
        return dates[dates > 0]


_segment_tables: dict[tuple[str, str], SegmentTable] = {}
_joined: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def read_segment_table(reader) -> SegmentTable:
    published = np.zeros(reader.doc_count_all(), dtype=np.int32)
    pair_docs = {group: [] for group in FACET_GROUPS}
    pair_values = {group: [] for group in FACET_GROUPS}
    for docnum, stored in reader.iter_docs():  # live documents only
        published[docnum] = stored.get("published") or 0
        for group in FACET_GROUPS:
            raw = stored.get(group)
            if raw:
                for value in raw.split(","):
                    pair_docs[group].append(docnum)
                    pair_values[group].append(value)
    pairs = {}
    for group in FACET_GROUPS:
        names = sorted(set(pair_values[group]))
        position = {name: index for index, name in enumerate(names)}
        ids = np.fromiter(
            (position[v] for v in pair_values[group]), np.int64, len(pair_values[group])
        )
        pairs[group] = (np.array(pair_docs[group], dtype=np.int64), ids, names)
    return SegmentTable(published, pairs)


def table_file(index_path: str, segment_id: str) -> Path:
    """Where a segment's table is kept: named like the segment's own files ("<segment id>.<...>")
    so that Whoosh deletes it with them when the segment is merged away."""
    return Path(index_path) / f"{segment_id}.facets{TABLE_FILE_FORMAT}.npz"


def stored_or_read_table(reader, index_path: str) -> SegmentTable:
    """The segment's table from its file, or read from its stored documents and kept in one.

    Reading unpickles every stored document of the segment, which grows with the collection;
    loading the file is one read of the arrays, so a restarted web worker's first search does not
    pay for the whole collection again."""
    path = table_file(index_path, reader.segment().segment_id())
    table = load_table(path)
    if table is None:
        table = read_segment_table(reader)
        save_table(table, path)
    return table


def load_table(path: Path) -> SegmentTable | None:
    try:
        with np.load(path, allow_pickle=False) as arrays:
            pairs = {
                group: (
                    arrays[f"{group}_docs"],
                    arrays[f"{group}_ids"],
                    arrays[f"{group}_names"].tolist(),
                )
                for group in FACET_GROUPS
            }
            return SegmentTable(arrays["published"], pairs)
    except FileNotFoundError:
        return None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        logger.warning("Facet table %s unreadable; reading the segment again", path, exc_info=True)
        return None


def save_table(table: SegmentTable, path: Path) -> None:
    """Written beside and renamed into place, so a reader never sees half a file (the leading dot
    keeps Whoosh's clean-up away from the temporary name)."""
    arrays = {"published": table.published}
    for group, (docs, ids, names) in table.pairs.items():
        arrays[f"{group}_docs"] = docs
        arrays[f"{group}_ids"] = ids
        arrays[f"{group}_names"] = np.array(names, dtype=str)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(temporary, path)
    except OSError:  # a read-only index folder: the table still serves this process
        logger.warning("Facet table %s not kept", path, exc_info=True)
        temporary.unlink(missing_ok=True)


def store_segment_tables(searcher, index_path: str) -> None:
    """Keep a table file for every segment of `searcher` (after a rebuild: the first search of
    every web worker then loads them)."""
    for reader, _ in searcher.reader().leaf_readers():
        stored_or_read_table(reader, index_path)


def segment_tables(searcher, index_path: str) -> list[tuple[int, SegmentTable, object]]:
    """(first docnum, cached table, reader) for every segment of `searcher`."""
    leaves = []
    live_keys = set()
    for reader, offset in searcher.reader().leaf_readers():
        key = (index_path, reader.segment().segment_id())
        live_keys.add(key)
        table = _segment_tables.get(key)
        if table is None:
            table = stored_or_read_table(reader, index_path)
            with _lock:
                _segment_tables[key] = table
        leaves.append((offset, table, reader))
    forget_other_segments(index_path, live_keys)
    return leaves


def forget_other_segments(index_path: str, live_keys: set) -> None:
    """Drop the tables of segments merged away or of indexes replaced by a rebuild."""
    with _lock:
        for key in list(_segment_tables):
            if key not in live_keys:
                del _segment_tables[key]


def facet_table(searcher, index_path: str) -> FacetTable:
    """The joined table for this searcher, built once per searcher (a refresh is a new searcher)."""
    table = _joined.get(searcher)
    if table is None:
        table = join_tables(segment_tables(searcher, index_path))
        with _lock:
            _joined[searcher] = table
    return table


def join_tables(leaves) -> FacetTable:
    """One table over all segments; documents deleted since a segment was read are masked out."""
    size = sum(reader.doc_count_all() for _, _, reader in leaves)
    published = np.zeros(size, dtype=np.int32)
    live = np.zeros(size, dtype=bool)
    for offset, table, reader in leaves:
        published[offset : offset + len(table.published)] = table.published
        if reader.has_deletions():
            live_ids = np.fromiter(reader.all_doc_ids(), np.int64)
            live[live_ids + offset] = True
        else:  # most segments: no Python loop over a million document numbers
            live[offset : offset + reader.doc_count_all()] = True
    docs, value_ids, values = {}, {}, {}
    for group in FACET_GROUPS:
        names = sorted({name for _, table, _ in leaves for name in table.pairs[group][2]})
        position = {name: index for index, name in enumerate(names)}
        group_docs, group_ids = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for offset, table, _ in leaves:
            segment_docs, segment_ids, segment_names = table.pairs[group]
            to_global = np.array([position[name] for name in segment_names], dtype=np.int64)
            group_docs.append(segment_docs + offset)
            group_ids.append(to_global[segment_ids] if len(segment_names) else segment_ids)
        docs[group] = np.concatenate(group_docs)
        value_ids[group] = np.concatenate(group_ids)
        values[group] = names
    return FacetTable(published, live, docs, value_ids, values)


def number_to_date(number: int) -> dt.date:
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def date_histogram(date_numbers) -> list[DateBucket]:
    """Buckets of days, months or years, whichever gives a readable number of bars for the span."""
    numbers = np.asarray(date_numbers, dtype=np.int64)
    if not len(numbers):
        return []
    first, last = number_to_date(int(numbers.min())), number_to_date(int(numbers.max()))
    span_days = (last - first).days
    if span_days <= 62:
        unit, keys = "day", numbers
    elif span_days <= 365 * 4:
        unit, keys = "month", numbers // 100
    else:
        unit, keys = "year", numbers // 10000
    buckets, counts = np.unique(keys, return_counts=True)
    return [
        bucket_for(unit, int(key), int(count)) for key, count in zip(buckets, counts, strict=True)
    ]


def bucket_for(unit: str, key: int, count: int) -> DateBucket:
    if unit == "day":
        day = number_to_date(key)
        return DateBucket(day.isoformat(), count, day, day)
    if unit == "month":
        year, month = divmod(key, 100)
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return DateBucket(f"{year:04d}-{month:02d}", count, first, following - dt.timedelta(days=1))
    return DateBucket(f"{key:04d}", count, dt.date(key, 1, 1), dt.date(key, 12, 31))
