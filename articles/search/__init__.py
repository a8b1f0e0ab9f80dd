"""Search over the collection: the only part of newsdesk that touches Whoosh.

The verbs:
  index_articles_by_id(ids)  write these articles' current state to the index; gone or
                             unpublished ones are removed
  rebuild_index()            build a fresh index from the database and swap it in atomically
  search(params)             ranked hits, snippets, exact facet counts, date histogram, suggestion
  check_index(repair)        compare database and index, and repair (health.py)
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from whoosh import query as wq

from articles.models import Article, Entity, Source, Topic
from articles.search import facets as facet_counting
from articles.search.facets import DateBucket, FacetValue
from articles.search.health import IndexHealth, check_index, index_waiting
from articles.search.highlight import highlight_hit, lead_snippet
from articles.search.index import (
    IndexBusy,
    current_searcher,
    live_writer,
    rebuild_running,
    searchers,
)
from articles.search.query import facet_filter, parse_user_query
from articles.search.rebuild import rebuild_index
from articles.search.schema import (
    ALL_OF_GROUPS,
    FACET_GROUPS,
    articles_for_indexing,
    date_number,
    document_for,
)

__all__ = [
    "IndexBusy",
    "SearchParams",
    "SearchResults",
    "SearchHit",
    "index_articles_by_id",
    "rebuild_index",
    "search",
    "close_index",
    "similar_articles",
    "marked_text",
    "IndexHealth",
    "check_index",
    "index_waiting",
    "rebuild_running",
]

logger = logging.getLogger("newsdesk.search")

INDEX_BATCH_SIZE = 500
MAX_FACET_VALUES = 100


@dataclass
class SearchParams:
    q: str = ""
    person: list[str] = field(default_factory=list)
    org: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    date_from: object = None
    date_to: object = None
    sort: str = ""  # "relevance" (the default with a query), "newest" or "oldest"
    page: int = 1
    per_page: int = 20

    def selected(self, group: str) -> list[str]:
        return getattr(self, group)

    @property
    def effective_sort(self) -> str:
        if self.sort in ("newest", "oldest"):
            return self.sort
        return "relevance" if self.q.strip() else "newest"


@dataclass
class SearchHit:
    article: Article
    title_html: str
    snippet_html: str
    values: dict[str, list[str]]  # facet group -> slugs, as indexed


@dataclass
class SearchResults:
    params: SearchParams
    total: int
    page: int
    pages: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    dates: list[DateBucket]
    suggestion: str | None = None
    notice: str = ""


def index_articles_by_id(article_ids) -> int:
    """Bring the index up to date for these articles; returns how many documents were written.

    Articles that are gone or not published are removed from the index. Raises IndexBusy (or the
    Whoosh error) when the write fails; the articles then stay flagged `needs_indexing`.
    """
    ids = sorted({int(pk) for pk in article_ids})
    written = 0
    for start in range(0, len(ids), INDEX_BATCH_SIZE):
        chunk = ids[start : start + INDEX_BATCH_SIZE]
        articles = list(articles_for_indexing(Article.objects.filter(pk__in=chunk)))
        with live_writer() as writer:
            for article in articles:
                if article.is_searchable:
                    writer.update_document(**document_for(article))
                    written += 1
                else:
                    writer.delete_by_term("id", str(article.pk))
            for missing in set(chunk) - {article.pk for article in articles}:
                writer.delete_by_term("id", str(missing))
        mark_indexed(articles)
    return written


def mark_indexed(articles: list[Article]) -> None:
    """Clear `needs_indexing` on the articles not edited again since they were read."""
    for start in range(0, len(articles), 200):
        unchanged = Q(pk__in=[])
        for article in articles[start : start + 200]:
            unchanged |= Q(pk=article.pk, updated=article.updated)
        Article.objects.filter(unchanged).update(needs_indexing=False)


def close_index() -> None:
    searchers.close()


def search(params: SearchParams) -> SearchResults:
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
    hits = ranked_hits(searcher, query, result_mask, restricted, table, params, page)
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


def has_phrase(query) -> bool:
    return isinstance(query, wq.Phrase) or any(has_phrase(child) for child in query.children())


def words_of_phrases(query):
    """`query` with each phrase replaced by the AND of its words (same terms, same boost)."""
    if isinstance(query, wq.Phrase):
        words = [wq.Term(query.fieldname, word) for word in query.words]
        return wq.And(words, boost=query.boost)
    return query.apply(words_of_phrases) if query.children() else query


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


def ranked_hits(searcher, query, result_mask, restricted, table, params, page) -> list[SearchHit]:
    if not result_mask.any():
        return []
    if isinstance(query, wq.Every):
        rows = browse_rows(searcher, result_mask, table, params, page)
    else:
        # search(), not search_page(): a page would count its matches again, a third pass over
        # the postings after `matching` and the scoring (measured ~30% of a phrase query's time).
        end = page * params.per_page
        options = {"limit": end}
        if restricted:  # without filters the query itself is the restriction
            options["filter"] = set(np.flatnonzero(result_mask).tolist())
        if params.effective_sort != "relevance":
            options.update(sortedby="published", reverse=params.effective_sort == "newest")
        rows = searcher.search(query, **options)[end - params.per_page : end]
    articles = Article.objects.select_related("source").in_bulk([int(row["id"]) for row in rows])
    hits = []
    for row in rows:
        article = articles.get(int(row["id"]))
        if article is not None:  # deleted since the index was read
            hits.append(make_hit(row, article, highlight=not isinstance(query, wq.Every)))
    return hits


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


def make_hit(row, article: Article, highlight: bool) -> SearchHit:
    title_html = snippet_html = ""
    body = "\n".join(part for part in (article.subtitle, article.body) if part)
    if highlight:
        title_html = highlight_hit(row, "title", article.title, top=1, whole=True)
        snippet_html = highlight_hit(row, "body", body, top=3)
    values = {
        group: row.get(group, "").split(",") if row.get(group) else [] for group in FACET_GROUPS
    }
    return SearchHit(
        article=article,
        title_html=title_html or lead_snippet(article.title),
        snippet_html=snippet_html or lead_snippet(body),
        values=values,
    )


def facet_labels(facet_counts, params: SearchParams, hits: list[SearchHit]) -> dict[str, dict]:
    """Display names for every slug shown, in one query per kind of thing."""
    wanted = {group: set(params.selected(group)) for group in FACET_GROUPS}
    for group, counts in facet_counts.items():
        wanted[group].update(slug for slug, _ in counts.most_common(MAX_FACET_VALUES))
    for hit in hits:
        for group, slugs in hit.values.items():
            wanted[group].update(slugs)
    entity_slugs = wanted["person"] | wanted["org"] | wanted["place"]
    entity_names = dict(Entity.objects.filter(slug__in=entity_slugs).values_list("slug", "name"))
    return {
        "person": entity_names,
        "org": entity_names,
        "place": entity_names,
        "topic": dict(Topic.objects.filter(slug__in=wanted["topic"]).values_list("slug", "name")),
        "source": dict(
            Source.objects.filter(slug__in=wanted["source"]).values_list("slug", "name")
        ),
    }


def facet_values(group: str, counts, params: SearchParams, labels) -> list[FacetValue]:
    selected = params.selected(group)
    values = [
        FacetValue(slug, labels[group].get(slug, slug), count, slug in selected)
        for slug, count in counts.most_common(MAX_FACET_VALUES)
    ]
    shown = {value.value for value in values}
    for slug in selected:  # a selected value stays visible, even when nothing matches it now
        if slug not in shown:
            values.append(
                FacetValue(slug, labels[group].get(slug, slug), counts.get(slug, 0), True)
            )
    return values


def suggest(searcher, query, text: str) -> str | None:
    """A corrected query string from the index vocabulary, when one differs from what was typed."""
    try:
        corrected = searcher.correct_query(query, text, prefix=1)
    except Exception:  # correction is a nicety; an odd query must not break the search
        logger.debug("No correction for %r", text, exc_info=True)
        return None
    if corrected.query != query and corrected.string.strip().lower() != text.strip().lower():
        return corrected.string
    return None


def similar_articles(article: Article, limit: int = 5) -> list[Article]:
    """Published articles most like this one, by the key terms of its text."""
    searcher = current_searcher()
    docnum = searcher.document_number(id=str(article.pk))
    text = f"{article.title}\n{article.body}"
    if docnum is None:
        return []
    results = searcher.more_like(docnum, "body", text=text, top=limit)
    ids = [int(hit["id"]) for hit in results]
    found = Article.objects.select_related("source").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def marked_text(text: str, query_string: str, links=()) -> str:
    """`text` as escaped HTML, the words of the query marked and entity names linked."""
    from articles.search.highlight import mark_text, query_term_texts

    terms = (
        query_term_texts(parse_user_query(query_string).query) if query_string.strip() else set()
    )
    return mark_text(text, terms, links)
