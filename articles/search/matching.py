"""Standing searches against a batch of new articles: which of them each search would find, and why.

The batch is written to an index in memory with the live index's schema and analyzers (the same
`document_for`), and each search's query and filters run against it alone: the cost follows the
batch, not the collection. Filters mean what they mean on the search page (query.py's
`facet_filter`: all of the people, organisations and places, any of the topics and sources; a date
range inclusive, undated articles outside any range); only searchable articles are written, as
only they are in the live index.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from articles.models import Article
from articles.search.params import SearchParams
from articles.search.query import facet_filter, parse_user_query
from articles.search.reasons import MatchReason, entity_names, match_reasons
from articles.search.schema import (
    FACET_GROUPS,
    articles_for_indexing,
    build_schema,
    date_number,
    document_for,
)


@dataclass
class NewMatch:
    """One article a standing search finds in the batch, and the reason (empty without words)."""

    article_id: int
    reason: MatchReason


def match_new_articles(
    article_ids: Iterable[int], searches: dict[Hashable, SearchParams]
) -> dict[Hashable, list[NewMatch]]:
    """For each search (by the caller's key), the articles of `article_ids` it matches.

    Searches that match nothing are left out of the answer.
    """
    articles = list(
        articles_for_indexing(Article.objects.filter(pk__in=set(article_ids)).order_by("pk"))
    )
    searchable = [article for article in articles if article.is_searchable]
    if not searchable or not searches:
        return {}
    storage = RamStorage()
    index = storage.create_index(build_schema())
    writer = index.writer()
    for article in searchable:
        writer.add_document(**document_for(article))
    writer.commit()
    matches = {}
    with index.searcher() as searcher:
        names = BatchNames(searcher)
        for key, params in searches.items():
            found = matches_of(searcher, params, names)
            if found:
                matches[key] = found
    return matches


def matches_of(searcher, params: SearchParams, names: BatchNames) -> list[NewMatch]:
    parsed = parse_user_query(params.q)
    restrictions = [
        facet_filter(group, params.selected(group))
        for group in FACET_GROUPS
        if params.selected(group)
    ]
    has_text = bool(params.q.strip())
    dated = bool(params.date_from or params.date_to)
    if not has_text and not restrictions and not dated:
        return []  # a search for everything is no alert
    query = wq.And([parsed.query if has_text else wq.Every(), *restrictions])
    docnums = sorted(searcher.docs_for_query(query))
    if dated:
        docnums = [d for d in docnums if in_range(searcher.stored_fields(d), params)]
    if not docnums:
        return []
    if has_text:
        reasons = match_reasons(searcher, parsed.query, params.q, docnums, read_names=names.of)
    else:
        reasons = [MatchReason() for _ in docnums]
    return [
        NewMatch(int(searcher.stored_fields(docnum)["id"]), reason)
        for docnum, reason in zip(docnums, reasons, strict=True)
    ]


def in_range(stored: dict, params: SearchParams) -> bool:
    """The date range as execute.date_mask reads it: inclusive, undated documents outside.
    (Whoosh's NumericRange with an open start matched later dates too.)"""
    published = stored.get("published") or 0
    if not published:
        return False
    if params.date_from and published < date_number(params.date_from):
        return False
    return not (params.date_to and published > date_number(params.date_to))


class BatchNames:
    """The entity names of the batch's documents, read from the database once for all searches."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.names: dict[int, list[tuple[str, bool]]] | None = None

    def of(self, searcher, docnums: list[int]) -> dict[int, list[tuple[str, bool]]]:
        if self.names is None:
            self.names = entity_names(self.searcher, list(self.searcher.reader().all_doc_ids()))
        return {docnum: self.names.get(docnum, []) for docnum in docnums}
