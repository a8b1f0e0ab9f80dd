"""Which documents a query matches and what each scores, computed for every document at once as
numpy arrays over the searcher's document numbers: masks to match and count, BM25F scores to rank.

The scores are Whoosh's own, node by node (the tests compare them on a real collection): a term
scores BM25F with the searcher's weighting, global idf and average field length and the stored
(byte-coded) field length; AND and OR add their children's scores; a NOT scores 1; ANDNOT scores
its left side; a compound's boost multiplies, except a compound of one child, which Whoosh
passes over. A phrase scores as the AND of its words (and matches only where they are adjacent).

Anything else (prefix and fuzzy terms, ranges, proximity) is matched by Whoosh's matchers, and
`scores` raises Unscorable: the caller ranks that query with Whoosh.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh import scoring as wscoring

from articles.search.postings import (
    EMPTY_IDS,
    UNREAD,
    TermPostings,
    field_lengths,
    term_positions,
    term_postings,
)

# Document number and position in one integer key, to match a phrase's words with numpy sets.
POSITION_STRIDE = 1 << 32
# Postings one search keeps to use twice (its masks, then its scores). Past it a term is read
# again when needed: a 500-character query of common words at a million documents would
# otherwise hold gigabytes.
POSTINGS_KEPT_BYTES = 128 * 1024 * 1024


class Unscorable(Exception):
    """The query holds a node `QueryArrays.scores` does not compute; rank it with Whoosh."""


class QueryArrays:
    """One search's masks and scores; each term's postings are read once for both."""

    def __init__(self, searcher, size: int):
        self.searcher = searcher
        self.size = size
        self._postings: dict[tuple[str, str], TermPostings | None] = {}
        self._kept_bytes = 0
        # The only documents whose matching matters to the caller: phrases are checked in these
        # alone, and a mask may be wrong outside them. None: everywhere. Set before any phrase
        # is matched: phrase masks are kept for the search (an AND's score asks for them again).
        self.within: np.ndarray | None = None
        self._phrase_masks: dict[wq.Phrase, np.ndarray] = {}

    def postings(self, fieldname: str, text, values: bool = False) -> TermPostings | None:
        """A term's postings (with their stored positions when `values`); None when the field
        has no such term (or the text is not a value of the field)."""
        key = (fieldname, text)
        kept = self._postings.get(key, UNREAD)
        if kept is not UNREAD and (kept is None or kept.has_values or not values):
            return kept
        postings = self._read_postings(fieldname, text, values)
        size = postings.nbytes if postings is not None else 0
        replaced = kept.nbytes if kept not in (UNREAD, None) else 0
        if self._kept_bytes + size - replaced <= POSTINGS_KEPT_BYTES:
            self._postings[key] = postings
            self._kept_bytes += size - replaced
        return postings

    def _read_postings(self, fieldname: str, text, values: bool):
        schema = self.searcher.schema
        if fieldname not in schema:
            return None
        try:
            btext = schema[fieldname].to_bytes(text)
        except ValueError:
            return None
        postings = term_postings(self.searcher, fieldname, btext, values)
        return postings if len(postings.ids) else None

    # Matching -----------------------------------------------------------------------------

    def mask(self, query) -> np.ndarray:
        """The documents matching `query` (deleted ones too: the caller drops them)."""
        if isinstance(query, wq.Term):
            return self.term_mask(query.fieldname, query.text)
        if isinstance(query, wq.Every) and not query.fieldname:
            return np.ones(self.size, dtype=bool)
        if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
            return np.zeros(self.size, dtype=bool)
        if isinstance(query, wq.Not):
            return ~self.mask(query.query)
        if isinstance(query, wq.AndNot):
            return self.mask(query.a) & ~self.mask(query.b)
        if type(query) in (wq.And, wq.Or) and query.subqueries:
            masks = (self.mask(child) for child in query.subqueries)
            combine = np.logical_and if isinstance(query, wq.And) else np.logical_or
            result = next(masks)
            for mask in masks:
                combine(result, mask, out=result)
            return result
        if isinstance(query, wq.Phrase) and self.positions_known(query):
            return self.phrase_mask(query)
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)] = True
        return mask

    def term_mask(self, fieldname: str, text) -> np.ndarray:
        found = self.postings(fieldname, text)
        return self.term_mask_of(found.ids if found is not None else EMPTY_IDS)

    def positions_known(self, phrase: wq.Phrase) -> bool:
        """Whether the fast phrase check applies: adjacent words, in a field with positions."""
        schema = self.searcher.schema
        field = schema[phrase.fieldname] if phrase.fieldname in schema.names() else None
        return (
            phrase.slop == 1
            and field is not None
            and field.format is not None
            and field.format.supports("positions")
        )

    def phrase_mask(self, phrase: wq.Phrase) -> np.ndarray:
        """The documents holding the phrase's words at consecutive positions (a copy: callers
        combine masks in place)."""
        if phrase not in self._phrase_masks:
            self._phrase_masks[phrase] = self.check_phrase(phrase)
        return self._phrase_masks[phrase].copy()

    def check_phrase(self, phrase: wq.Phrase) -> np.ndarray:
        """The documents with all the phrase's words, then their positions, kept where word i
        sits i places after a start."""
        found = [self.postings(phrase.fieldname, word, values=True) for word in phrase.words]
        mask = np.zeros(self.size, dtype=bool)
        if not found or any(item is None for item in found):
            return mask  # a word the field never holds: Whoosh matches nothing either
        wanted = np.ones(self.size, dtype=bool) if self.within is None else self.within.copy()
        for postings in found:
            wanted &= self.term_mask_of(postings.ids)
        value_format = self.searcher.schema[phrase.fieldname].format
        starts = None
        for offset, postings in enumerate(found):
            docs, positions = term_positions(postings, value_format, wanted)
            keys = docs * POSITION_STRIDE + positions - offset
            starts = keys if starts is None else np.intersect1d(starts, keys)
            if not len(starts):
                return mask
            wanted = np.zeros(self.size, dtype=bool)
            wanted[starts // POSITION_STRIDE] = True
        return wanted

    def term_mask_of(self, ids: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[ids] = True
        return mask

    # Scoring ------------------------------------------------------------------------------

    def scores(self, query) -> np.ndarray:
        """Every document's score for `query` (0 where it does not match); Unscorable when the
        query holds a node computed here only by Whoosh."""
        if isinstance(query, wq.Term):
            return self.term_scores(query) * query.boost
        if isinstance(query, wq.Phrase):
            words = [wq.Term(query.fieldname, word) for word in query.words]
            return self.scores(wq.And(words, boost=query.boost))
        if isinstance(query, wq.Not):
            return (~self.mask(query.query)).astype(np.float64)  # Whoosh's inverse weighs 1
        if isinstance(query, wq.AndNot):
            return np.where(self.mask(query.b), 0.0, self.scores(query.a))
        if type(query) in (wq.And, wq.Or) and query.subqueries:
            return self.compound_scores(query)
        if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
            return np.zeros(self.size)
        raise Unscorable(type(query).__name__)

    def compound_scores(self, query) -> np.ndarray:
        if isinstance(query, wq.Or) and (query.scale or query.minmatch):
            raise Unscorable("Or with a coordination bonus or a minimum match")
        if len(query.subqueries) == 1:
            # Whoosh takes a lone child's matcher as it is, without the compound's boost.
            return self.scores(query.subqueries[0])
        total = np.zeros(self.size)
        for child in query.subqueries:  # one child's array at a time: a long query stays small
            total += self.scores(child)
        if isinstance(query, wq.And):
            matched = np.ones(self.size, dtype=bool)
            for child in query.subqueries:
                matched &= self.mask(child)
            total = np.where(matched, total, 0.0)
        return total * query.boost if query.boost != 1.0 else total

    def term_scores(self, term: wq.Term) -> np.ndarray:
        scores = np.zeros(self.size)
        found = self.postings(term.fieldname, term.text)
        if found is None:
            return scores
        scores[found.ids] = self.bm25f(term.fieldname, found.btext, found.ids, found.weights)
        return scores

    def bm25f(self, fieldname: str, btext: bytes, ids: np.ndarray, weights: np.ndarray):
        searcher = self.searcher
        weighting = searcher.weighting
        if not searcher.schema[fieldname].scorable:
            return weights  # Whoosh's WeightScorer: the weight itself
        if type(weighting) is not wscoring.BM25F:
            raise Unscorable(f"weighting {type(weighting).__name__}")
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = searcher.idf(fieldname, btext)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = field_lengths.lengths(searcher, fieldname, ids)
        # Whoosh's bm25(), operation for operation, so the floats come out the same.
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))


def ranked(docnums: np.ndarray, scores: np.ndarray, limit: int | None):
    """`docnums` best score first, equal scores in document order, cut to `limit` (None: all).
    Only the documents that can reach the first `limit` are sorted."""
    if limit is not None and limit < len(docnums):
        if limit <= 0:
            return EMPTY_IDS, np.zeros(0)
        cutoff = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= cutoff  # ties at the cutoff all kept, then ordered by document
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:limit]
    return docnums[order], scores[order]
