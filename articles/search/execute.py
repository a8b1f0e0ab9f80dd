"""Running a search: which documents match (masks), the facet counts over them, and the ranking.

Ranking lives here and nowhere else: `ranked_rows()` orders the matches (BM25F with the field
weights of query.py and the parameters of index.py, computed by scoring.py, or the publication
date) and cuts out the page.
Ranks are a total order: score, then document order for equal scores, so pages never overlap.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh import collectors
from whoosh import query as wq
from whoosh.searching import Hit, Results

from articles.search import facets as facet_counting
from articles.search.hits import facet_labels, facet_values, hits_for, suggest
from articles.search.index import IndexOutdated, current_searcher, searchers
from articles.search.params import SearchParams
from articles.search.query import facet_filter, parse_user_query
from articles.search.reasons import match_reasons
from articles.search.results import SearchHit, SearchResults
from articles.search.schema import ALL_OF_GROUPS, FACET_GROUPS, date_number
from articles.search.scoring import QueryArrays, Unscorable, ranked

logger = logging.getLogger("newsdesk.search")


OUTDATED_NOTICE = (
    "The search index was built by an older version of newsdesk and must be rebuilt "
    "(manage.py rebuild_index); nothing can be searched until then."
)


@dataclass
class Matches:
    """What a search matched, before ranking: the masks, the facet table, the query to rank by."""

    searcher: object
    parsed: object
    table: object
    text_mask: np.ndarray
    group_masks: dict
    result_mask: np.ndarray
    query: object  # what ranks the matches: the words (phrases as their words), or Every
    restricted: bool  # whether the matches are fewer than the query's own (filters, phrases)
    arrays: QueryArrays  # the search's postings, read once for its masks and its scores

    @property
    def total(self) -> int:
        return int(np.count_nonzero(self.result_mask))

    @property
    def scored(self) -> bool:
        """Whether ranked rows are Whoosh hits (a text query), not stored fields (browsing)."""
        return not isinstance(self.query, wq.Every)


def search(params: SearchParams) -> SearchResults:
    """Ranked hits with snippets, exact facet counts, the date histogram and a suggestion.

    `params.offset`, when set, starts the page at that rank instead of at `params.page` (the
    API's cursor): ranks are a total order, so consecutive offsets never repeat or skip a hit.
    """
    parsed = parse_user_query(params.q)
    try:
        matches = find_matches(params, parsed)
    except IndexOutdated as error:
        logger.error("Search refused: %s", error)
        empty_facets = {group: [] for group in FACET_GROUPS}
        return SearchResults(params, 0, 1, 1, [], empty_facets, [], notice=OUTDATED_NOTICE)
    if matches is None:  # a new, empty index has no segments for facets to read
        empty_facets = {group: [] for group in FACET_GROUPS}
        return SearchResults(params, 0, 1, 1, [], empty_facets, [], notice=parsed.notice)
    searcher, table, result_mask = matches.searcher, matches.table, matches.result_mask
    facet_counts = {}
    for group in FACET_GROUPS:
        if group in ALL_OF_GROUPS or group not in matches.group_masks:
            mask = result_mask
        else:  # any-of groups count as if their own selection were not there
            others = [m for g, m in matches.group_masks.items() if g != group]
            mask = intersect(matches.text_mask, others)
        facet_counts[group] = table.count(group, mask)
    dates = facet_counting.date_histogram(table.date_numbers(result_mask))

    total = matches.total
    pages = max(1, math.ceil(total / params.per_page))
    if params.offset is not None:
        start = max(0, params.offset)
        page = start // params.per_page + 1
    else:
        page = min(max(1, params.page), pages)
        start = (page - 1) * params.per_page
    end = start + params.per_page
    hits = hits_of(matches, params, ranked_rows(matches, params, limit=end)[start:end])
    labels = facet_labels(facet_counts, params, hits)
    for hit in hits:
        hit.topic_names = [labels["topic"].get(slug, slug) for slug in hit.values["topic"]]
    return SearchResults(
        params=params,
        total=total,
        page=page,
        pages=pages,
        hits=hits,
        facets={
            group: facet_values(group, facet_counts[group], params, labels)
            for group in FACET_GROUPS
        },
        dates=dates,
        suggestion=suggest(searcher, parsed.query, params.q)
        if params.q.strip() and total < 3
        else None,
        notice=parsed.notice,
    )


def walk_hits(params: SearchParams, batch_size: int = 500) -> Iterator[SearchHit]:
    """Every hit of the search, in its rank order, read `batch_size` at a time (the exports).

    The matches are ranked once, on one searcher held for the whole walk, so an index write
    meanwhile neither repeats nor skips a row. Memory holds the ranking (a document number and a
    score per match) and one batch of articles, whatever the size of the result set.
    """
    parsed = parse_user_query(params.q)
    try:
        matches = find_matches(params, parsed)
    except IndexOutdated as error:
        logger.error("Export refused: %s", error)
        return
    if matches is None:
        return
    rows = ranked_rows(matches, params, limit=None)
    for start in range(0, matches.total, batch_size):
        yield from hits_of(matches, params, rows[start : start + batch_size])


def find_matches(params: SearchParams, parsed) -> Matches | None:
    """The matches of `params` as masks (None when the index is empty); IndexOutdated when the
    index must be rebuilt first."""
    searcher = current_searcher()
    if searcher.doc_count_all() == 0:
        return None
    has_text = bool(params.q.strip())
    table = facet_counting.facet_table(searcher, str(searchers.path))

    # Each restriction is a boolean mask over document numbers; combining them is cheap.
    arrays = QueryArrays(searcher, table.size)
    group_masks = {
        group: matching(arrays, facet_filter(group, params.selected(group)), table)
        for group in FACET_GROUPS
        if params.selected(group)
    }
    if params.date_from or params.date_to:
        group_masks["date"] = date_mask(table, params.date_from, params.date_to)
    # Every count and the ranking read the text mask through the all-of selections and the
    # dates: outside them, phrases need not be checked (their positions are the costly part).
    arrays.within = intersect(
        table.live,
        [mask for group, mask in group_masks.items() if group in (*ALL_OF_GROUPS, "date")],
    )
    text_mask = matching(arrays, parsed.query, table) if has_text else table.live
    result_mask = intersect(text_mask, group_masks.values())
    query = parsed.query if has_text else wq.Every()
    restricted = bool(group_masks)
    if has_text and has_phrase(query):
        # The mask already holds the verified phrase matches: rank them by their words alone,
        # instead of checking every phrase's positions a second time while scoring.
        query, restricted = words_of_phrases(query), True
    return Matches(
        searcher, parsed, table, text_mask, group_masks, result_mask, query, restricted, arrays
    )


def hits_of(matches: Matches, params: SearchParams, rows) -> list[SearchHit]:
    """The hits of ranked `rows`, highlighted and with their reasons when a query scored them."""
    reasons = None
    if matches.scored and rows:
        docnums = [row.docnum for row in rows]
        reasons = match_reasons(matches.searcher, matches.parsed.query, params.q, docnums)
    return hits_for(rows, highlight=matches.scored, reasons=reasons)


def matching(arrays: QueryArrays, query, table) -> np.ndarray:
    """The live documents matching `query`, as a mask over the searcher's document numbers
    (computed with numpy over whole postings: Whoosh's matchers step a document at a time)."""
    return arrays.mask(query) & table.live


def date_mask(table, date_from, date_to) -> np.ndarray:
    """Documents published in the range (inclusive); undated documents never match a range."""
    mask = table.live & (table.published > 0)
    if date_from:
        mask &= table.published >= date_number(date_from)
    if date_to:
        mask &= table.published <= date_number(date_to)
    return mask


def intersect(base: np.ndarray, others) -> np.ndarray:
    result = base
    for other in others:
        result = result & other
    return result


def has_phrase(query) -> bool:
    return isinstance(query, wq.Phrase) or any(has_phrase(child) for child in query.children())


def words_of_phrases(query):
    """`query` with each phrase replaced by the AND of its words (same terms, same boost)."""
    if isinstance(query, wq.Phrase):
        words = [wq.Term(query.fieldname, word) for word in query.words]
        return wq.And(words, boost=query.boost)
    return query.apply(words_of_phrases) if query.children() else query


def ranked_rows(matches: Matches, params: SearchParams, limit: int | None):
    """The matches best first (or by date, as `params` sorts), ranked down to `limit` (None: all),
    as a sequence to slice: Whoosh hits when a query scored them, else stored fields."""
    searcher, query, result_mask = matches.searcher, matches.query, matches.result_mask
    if not result_mask.any():
        return []
    if not matches.scored:
        return BrowseRows(searcher, result_mask, matches.table, params)
    if params.effective_sort != "relevance":
        docnums = date_order(result_mask, matches.table, params.effective_sort == "newest")
        return ScoredRows(searcher, query, docnums, np.zeros(len(docnums)))
    try:
        scores = matches.arrays.scores(matches.parsed.query)
    except Unscorable:  # prefix and fuzzy terms, proximity: Whoosh scores them
        return top_matches(searcher, query, limit, allowed(matches))
    candidates = np.flatnonzero(result_mask)
    docnums, scores = ranked(candidates, scores[candidates], limit)
    return ScoredRows(searcher, query, docnums, scores)


def date_order(result_mask: np.ndarray, table, newest: bool) -> np.ndarray:
    """The matches by publication date from the facet table, equal dates in document order
    (newest: both reversed), undated ones as the oldest; what Whoosh's sort by the published
    column gives, without running the query's matchers over the collection again."""
    candidates = np.flatnonzero(result_mask)
    order = candidates[np.lexsort((candidates, table.published[candidates]))]
    return order[::-1] if newest else order


def allowed(matches: Matches) -> set[int] | None:
    """The matches as Whoosh's filter; without filters the query itself is the restriction."""
    return set(np.flatnonzero(matches.result_mask).tolist()) if matches.restricted else None


def top_matches(searcher, query, limit: int | None, allow: set[int] | None = None):
    """The `limit` best-scoring matches of `query` (among `allow`) as Whoosh ranks them, best
    first; equal scores in document order, so the first 20 of a top-40 are the top 20. Used for
    the queries scoring.py does not compute.

    Every match is scored in full. Whoosh's default top-N search prunes with per-block score bounds
    and swaps sub-matchers as its threshold rises; on the BBC collection with the title weighted 2
    that dropped documents that belonged in the top 20 but not from the top 40, so page 2 repeated
    rows of page 1. No limit ranks every match, in the same order (score, then document order).
    """
    if limit is None:
        collector = collectors.UnlimitedCollector()
    else:
        collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow=allow)
    searcher.search_with_collector(query, collector)
    return collector.results()


class ScoredRows:
    """Ranked document numbers and their scores; slicing one gives Whoosh hits of that slice
    (what highlighting reads), on a Results that knows the query's words."""

    def __init__(self, searcher, query, docnums: np.ndarray, scores: np.ndarray):
        self.results = Results(searcher, query, top_n=[])
        self.docnums, self.scores = docnums, scores

    def __len__(self) -> int:
        return len(self.docnums)

    def __getitem__(self, window: slice) -> list[Hit]:
        start = window.indices(len(self.docnums))[0]
        return [
            Hit(self.results, docnum, start + rank, score)
            for rank, (docnum, score) in enumerate(
                zip(self.docnums[window].tolist(), self.scores[window].tolist(), strict=True)
            )
        ]


class BrowseRows:
    """Documents without a text query, in date order from the facet table; slicing one reads the
    stored fields of that slice only."""

    def __init__(self, searcher, result_mask: np.ndarray, table, params: SearchParams):
        self.order = date_order(result_mask, table, params.effective_sort == "newest")
        self.searcher = searcher

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, window: slice) -> list[dict]:
        return [self.searcher.stored_fields(int(docnum)) for docnum in self.order[window]]
