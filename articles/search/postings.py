"""A term's postings read a block at a time into numpy arrays (document numbers, weights,
positions), and each field's per-document lengths as one array: what scoring.py computes on.

Whoosh's matchers step through postings a document at a time in Python, through layers of
wrapping matchers: at a million documents a common word took ~0.2 s to list its documents and as
long again to score them, and a phrase over two common words over a second. Its on-disk postings
are blocks of up to 128 documents whose numbers and weights are arrays; read whole, a term costs
one unpickling per block.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

# A document's field length is stored as one byte, Whoosh's lossy code; 0 means "no length".
LENGTH_OF_CODE = np.array([0.0] + [byte_to_length(code) for code in range(1, 256)])
EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)
UNREAD = object()
# Bytes read for a block's header (a pickled tuple of six numbers, ~40 bytes) with its length.
HEADER_READ = 96


@dataclass
class Block:
    """One block of a segment's postings of a term: global document numbers, weights, and the
    stored values (positions) as Whoosh wrote them when asked for, decoded only by a phrase."""

    ids: np.ndarray
    weights: np.ndarray
    values: Sequence | None


@dataclass
class TermPostings:
    """A term's postings in every segment: its documents (ascending) and weights (frequency in
    the field), deleted documents included, and the blocks they came from."""

    btext: bytes
    blocks: list[Block]
    ids: np.ndarray
    weights: np.ndarray
    has_values: bool

    @property
    def nbytes(self) -> int:
        """About what it holds in memory (a stored value, with its object, ~50 bytes)."""
        return (
            self.ids.nbytes * 2
            + self.weights.nbytes
            + (len(self.ids) * 50 if self.has_values else 0)
        )


def term_postings(searcher, fieldname: str, btext: bytes, values: bool = False) -> TermPostings:
    """Every block of a term's postings in every segment, deleted documents included; with
    `values`, the blocks keep their stored values (positions) for `term_positions`."""
    blocks = []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, btext) in reader:
            matcher = raw_postings(reader, fieldname, btext)
            blocks.extend(segment_blocks(matcher, offset, values))
    if not blocks:
        return TermPostings(btext, [], EMPTY_IDS, EMPTY_WEIGHTS, values)
    ids = np.concatenate([block.ids for block in blocks])
    weights = np.concatenate([block.weights for block in blocks])
    return TermPostings(btext, blocks, ids, weights, values)


def raw_postings(reader, fieldname: str, btext: bytes):
    """A segment's postings of a term, deleted documents included: the reader wraps them in a
    matcher that skips its deleted documents one posting at a time."""
    matcher = reader.postings(fieldname, btext)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def segment_blocks(matcher, offset: int, values: bool):
    if not isinstance(matcher, W3LeafMatcher):  # a few postings, inlined in the term's info
        ids, weights, stored = [], [], []
        while matcher.is_active():
            ids.append(matcher.id() + offset)
            weights.append(matcher.weight())
            stored.append(matcher.value() if values else None)
            matcher.next()
        ids, weights = np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
        yield Block(ids, weights, stored if values else None)
        return
    position = matcher._baseoffset
    while position is not None:
        header, data, position = read_block(matcher._postfile, position)
        count = header[0]
        stored_ids = np.asarray(data[0], dtype=np.int64)
        ids = stored_ids if matcher._byteids else np.cumsum(stored_ids)  # delta-coded
        yield Block(ids + offset, block_weights(data[1], count), data[2] if values else None)


def read_block(postfile, position: int):
    """(header, data, next block's position or None) of the block at `position`, read the way
    W3LeafMatcher reads it, in two slices of the file instead of a read per pickle opcode."""
    head = postfile.get(position, _INT_SIZE + HEADER_READ)
    (length,) = unpack_int(head[:_INT_SIZE])
    stream = io.BytesIO(head[_INT_SIZE:])
    try:
        header = pickle.load(stream)  # noqa: S301 (our index, as Whoosh reads it)
    except (EOFError, pickle.UnpicklingError):  # a header longer than the first read
        postfile.seek(position + _INT_SIZE)
        header = postfile.read_pickle()
        data_start = postfile.tell()
    else:
        data_start = position + _INT_SIZE + stream.tell()
    end = position + _INT_SIZE + abs(length)
    raw = postfile.get(data_start, end - data_start)
    if header[3]:  # compressed
        raw = zlib.decompress(raw)
    data = pickle.loads(raw)  # noqa: S301
    return header, data, None if length < 0 else end  # a negative length marks the last block


def block_weights(stored, count: int) -> np.ndarray:
    if stored is None:  # every weight 1.0
        return np.ones(count, dtype=np.float64)
    if isinstance(stored, float):  # every weight the same
        return np.full(count, stored, dtype=np.float64)
    return np.asarray(stored, dtype=np.float32).astype(np.float64)


def term_positions(postings: TermPostings, value_format, wanted: np.ndarray):
    """(document numbers, positions) of every occurrence of a term in the documents of the
    `wanted` mask, as two flat arrays."""
    gaps = position_gaps(value_format)
    docs, counts, deltas = [], [], []
    for block in postings.blocks:
        chosen = np.flatnonzero(wanted[block.ids])
        if not chosen.size:
            continue
        docs.extend(block.ids[chosen].tolist())
        values = block.values
        for index in chosen.tolist():
            found = gaps(values[index])
            counts.append(len(found))
            deltas.extend(found)
    if not docs:
        return EMPTY_IDS, EMPTY_IDS
    counts = np.array(counts, dtype=np.int64)
    running = np.cumsum(np.array(deltas, dtype=np.int64))
    # Each posting's gaps add up from its own first position: take off what came before it.
    ends = np.cumsum(counts)
    before = np.concatenate(([0], running[ends[:-1] - 1]))
    return np.repeat(np.array(docs, dtype=np.int64), counts), running - np.repeat(before, counts)


def position_gaps(value_format):
    """A function from a posting's stored value to the gaps between its positions (the first
    from 0). Whoosh's Positions format stores a count and the pickled gaps; decoding them into
    positions in Python was most of a phrase query's time."""
    if type(value_format) is Positions:
        return lambda value: pickle.loads(value[_INT_SIZE:])  # noqa: S301 (our index)

    def from_positions(value):
        found = value_format.decode_positions(value)
        return [found[0], *np.diff(found).tolist()] if found else []

    return from_positions


class FieldLengths:
    """Each segment's per-document field length codes, read once per segment (segments never
    change) and dropped with their segment."""

    def __init__(self):
        self._codes: dict[tuple[str, str], np.ndarray | None] = {}

    def lengths(self, searcher, fieldname: str, docnums: np.ndarray) -> np.ndarray:
        """The lengths of `fieldname` in these (global, ascending) documents, as Whoosh's scorer
        reads them: 1 in a segment without the field's length column."""
        result = np.ones(len(docnums), dtype=np.float64)
        live = set()
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            key = (reader.segment().segment_id(), fieldname)
            live.add(key[0])
            start, end = np.searchsorted(docnums, [offset, offset + reader.doc_count_all()])
            if start == end:
                continue
            codes = self._codes.get(key, UNREAD)
            if codes is UNREAD:
                codes = self._codes[key] = segment_codes(reader, fieldname)
            if codes is not None:
                result[start:end] = LENGTH_OF_CODE[codes[docnums[start:end] - offset]]
        for key in [key for key in list(self._codes) if key[0] not in live]:
            self._codes.pop(key, None)
        return result


def segment_codes(reader, fieldname: str) -> np.ndarray | None:
    """A segment's length codes of a field, one byte per document (None: no length column)."""
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    codes = np.zeros(reader.doc_count_all(), dtype=np.uint8)
    stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
    codes[: len(stored)] = stored[: len(codes)]
    return codes


field_lengths = FieldLengths()
