"""Exact facet counts and the publication-date histogram over a set of matching documents.

Counting reads each document's facet values from a per-process cache built once per segment (segments
never change after they are written, so a commit only adds the new small segment's values). Counting
is then a pass over the matching document numbers, with no Whoosh query per facet value.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from dataclasses import dataclass

from articles.search.schema import FACET_GROUPS

_segment_values: dict[tuple[str, str], list[tuple]] = {}
_lock = threading.Lock()


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


def read_segment_values(reader) -> list[tuple]:
    """For each document of one segment: (published, person, org, place, topic, source)."""
    values = []
    for docnum in range(reader.doc_count_all()):
        if reader.is_deleted(docnum):
            values.append(None)
            continue
        stored = reader.stored_fields(docnum)
        row = [stored.get("published")]
        for group in FACET_GROUPS:
            raw = stored.get(group)
            row.append(tuple(raw.split(",")) if raw else ())
        values.append(tuple(row))
    return values


def document_values(searcher, index_path: str) -> list[tuple[int, list[tuple]]]:
    """The cached values of every segment of `searcher`, with each segment's first docnum."""
    leaves = []
    live_keys = set()
    for reader, offset in searcher.reader().leaf_readers():
        key = (index_path, reader.segment().segment_id())
        live_keys.add(key)
        values = _segment_values.get(key)
        if values is None:
            values = read_segment_values(reader)
            with _lock:
                _segment_values[key] = values
        leaves.append((offset, values))
    forget_other_segments(live_keys)
    return leaves


def forget_other_segments(live_keys: set) -> None:
    """Drop the values of segments merged away or of indexes replaced by a rebuild."""
    with _lock:
        for key in list(_segment_values):
            if key not in live_keys:
                del _segment_values[key]


def values_lookup(searcher, index_path: str):
    """A function docnum -> that document's facet row."""
    leaves = document_values(searcher, index_path)
    if len(leaves) == 1:
        only = leaves[0][1]
        return only.__getitem__
    offsets = [offset for offset, _ in leaves]

    def lookup(docnum: int):
        # Few segments: a linear scan from the end is as fast as bisect here.
        for index in range(len(offsets) - 1, -1, -1):
            if docnum >= offsets[index]:
                return leaves[index][1][docnum - offsets[index]]
        raise IndexError(docnum)

    return lookup


def count_facets(lookup, docnums, group: str) -> Counter:
    position = FACET_GROUPS.index(group) + 1
    counts: Counter = Counter()
    for docnum in docnums:
        row = lookup(docnum)
        if row is not None:
            counts.update(row[position])
    return counts


def count_dates(lookup, docnums) -> list[int]:
    return [row[0] for row in map(lookup, docnums) if row is not None and row[0]]


def number_to_date(number: int) -> dt.date:
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def date_histogram(date_numbers: list[int]) -> list[DateBucket]:
    """Buckets of days, months or years, whichever gives a readable number of bars for the span."""
    if not date_numbers:
        return []
    first, last = number_to_date(min(date_numbers)), number_to_date(max(date_numbers))
    span_days = (last - first).days
    if span_days <= 62:
        unit = "day"
    elif span_days <= 365 * 4:
        unit = "month"
    else:
        unit = "year"
    counts: Counter = Counter()
    for number in date_numbers:
        if unit == "day":
            counts[number] += 1
        elif unit == "month":
            counts[number // 100] += 1
        else:
            counts[number // 10000] += 1
    return [bucket_for(unit, key, count) for key, count in sorted(counts.items())]


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
