"""Running a search: which documents match (masks), the facet counts over them, and the ranking.

Ranking lives here and nowhere else: `ranked_rows()` orders the matches (Whoosh's BM25F over the
schema's field boosts, or the publication date) and cuts out the page.
"""

from __future__ import annotations

import math

import numpy as np
from whoosh import query as wq

from articles.search import facets as facet_counting
from articles.search.hits import facet_labels, facet_values, hits_for, suggest
from articles.search.index import current_searcher, searchers
from articles.search.params import SearchParams
from articles.search.query import facet_filter, parse_user_query
from articles.search.results import SearchResults
from articles.search.schema import ALL_OF_GROUPS, FACET_GROUPS, date_number


def search(params: SearchParams) -> SearchResults:
    """Ranked hits with snippets, exact facet counts, the date histogram and a suggestion."""
    searcher = current_searcher()
    parsed = parse_user_query(params.q)
    has_text = bool(params.q.strip())
    if searcher.doc_count_all() == 0:  # a new, empty index has no segments for facets to read
        empty_facets = {group: [] for group in FACET_GROUPS}
        return SearchResults(params, 0, 1, 1, [], empty_facets, [], notice=parsed.notice)
    table = facet_counting.facet_table(searcher, str(searchers.path))

    # Each restriction is a boolean mask over document numbers; combining them is cheap.
    text_mask = matching(searcher, parsed.query, table) if has_text else table.live
    group_masks = {
        group: matching(searcher, facet_filter(group, params.selected(group)), table)
        for group in FACET_GROUPS
        if params.selected(group)
    }
    if params.date_from or params.date_to:
        group_masks["date"] = date_mask(table, params.date_from, params.date_to)
    result_mask = intersect(text_mask, group_masks.values())

    facet_counts = {}
    for group in FACET_GROUPS:
        if group in ALL_OF_GROUPS or group not in group_masks:
            mask = result_mask
        else:  # any-of groups count as if their own selection were not there
            mask = intersect(text_mask, [m for g, m in group_masks.items() if g != group])
        facet_counts[group] = table.count(group, mask)
    dates = facet_counting.date_histogram(table.date_numbers(result_mask))

    total = int(np.count_nonzero(result_mask))
    pages = max(1, math.ceil(total / params.per_page))
    page = min(max(1, params.page), pages)
    query = parsed.query if has_text else wq.Every()
    restricted = bool(group_masks)
    if has_text and has_phrase(query):
        # The mask already holds the verified phrase matches: rank them by their words alone,
        # instead of checking every phrase's positions a second time while scoring.
        query, restricted = words_of_phrases(query), True
    rows = ranked_rows(searcher, query, result_mask, restricted, table, params, page)
    hits = hits_for(rows, highlight=not isinstance(query, wq.Every))
    labels = facet_labels(facet_counts, params, hits)
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
        suggestion=suggest(searcher, parsed.query, params.q) if has_text and total < 3 else None,
        notice=parsed.notice,
    )


def matching(searcher, query, table) -> np.ndarray:
    """The live documents matching `query`, as a mask over the searcher's document numbers.

    Words and their AND / OR / NOT combine as numpy masks over each term's postings: Whoosh's own
    union and intersection matchers step document by document in Python (~80% of a query's time
    at 100k). Phrases, wildcards and the rest are matched by Whoosh.
    """
    return query_mask(searcher, query, table) & table.live


def query_mask(searcher, query, table) -> np.ndarray:
    if isinstance(query, wq.Term):
        return term_mask(searcher, query, table)
    if isinstance(query, wq.Every) and not query.fieldname:
        return table.live.copy()
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return np.zeros(table.size, dtype=bool)
    if isinstance(query, wq.Not):
        return ~query_mask(searcher, query.query, table)
    if isinstance(query, wq.AndNot):
        return query_mask(searcher, query.a, table) & ~query_mask(searcher, query.b, table)
    if type(query) in (wq.And, wq.Or) and query.subqueries:
        masks = (query_mask(searcher, child, table) for child in query.subqueries)
        combine = np.logical_and if isinstance(query, wq.And) else np.logical_or
        result = next(masks)
        for mask in masks:
            combine(result, mask, out=result)
        return result
    mask = np.zeros(table.size, dtype=bool)
    mask[np.fromiter(searcher.docs_for_query(query), dtype=np.int64)] = True
    return mask


def term_mask(searcher, term: wq.Term, table) -> np.ndarray:
    mask = np.zeros(table.size, dtype=bool)
    if term.fieldname not in searcher.schema:
        return mask
    try:
        text = searcher.schema[term.fieldname].to_bytes(term.text)
    except ValueError:
        return mask
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (term.fieldname, text) in reader:
            ids = np.fromiter(reader.postings(term.fieldname, text).all_ids(), dtype=np.int64)
            mask[ids + offset] = True  # includes deleted documents: `matching` drops them
    return mask


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


def ranked_rows(searcher, query, result_mask, restricted, table, params, page) -> list:
    """The stored fields of the page's documents, best first (or by date, as `params` sorts)."""
    if not result_mask.any():
        return []
    if isinstance(query, wq.Every):
        return browse_rows(searcher, result_mask, table, params, page)
    # search(), not search_page(): a page would count its matches again, a third pass over the
    # postings after `matching` and the scoring (measured ~30% of a phrase query's time).
    end = page * params.per_page
    options = {"limit": end}
    if restricted:  # without filters the query itself is the restriction
        options["filter"] = set(np.flatnonzero(result_mask).tolist())
    if params.effective_sort != "relevance":
        options.update(sortedby="published", reverse=params.effective_sort == "newest")
    return searcher.search(query, **options)[end - params.per_page : end]


def browse_rows(searcher, result_mask, table, params: SearchParams, page: int) -> list[dict]:
    """A page of documents without a text query, in date order from the facet table."""
    candidates = np.flatnonzero(result_mask)
    order = candidates[np.lexsort((candidates, table.published[candidates]))]
    if params.effective_sort == "newest":
        order = order[::-1]
    start = (page - 1) * params.per_page
    return [
        searcher.stored_fields(int(docnum)) for docnum in order[start : start + params.per_page]
    ]
