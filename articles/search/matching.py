"""Standing searches against a batch of new articles: which of them each search would find, and why.

The batch is written to an index in memory (Whoosh's MemoryCodec: no segment files to encode)
with the live index's schema and analyzers and the same `document_for`, and each search's query
and filters run against it alone, so the cost follows the batch, not the collection. They run
through the search page's own code (execute.py's `matching`, `date_mask` and `intersect`,
query.py's `facet_filter`): all of the people, organisations and places, any of the topics and
sources, a date range inclusive with undated articles outside it. Only searchable articles are
written, as only they are in the live index.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from whoosh.codec.memory import MemoryCodec
from whoosh.searching import Searcher

from articles.models import Article
from articles.search.execute import date_mask, intersect, matching
from articles.search.facets import FacetTable
from articles.search.params import SearchParams
from articles.search.query import ParsedQuery, facet_filter, parse_user_query
from articles.search.reasons import MatchReason, match_reasons
from articles.search.schema import FACET_GROUPS, articles_for_indexing, build_schema, document_for
from articles.search.scoring import QueryArrays


@dataclass
class NewMatch:
    """One article a standing search finds in the batch, and the reason (empty without words)."""

    article_id: int
    reason: MatchReason


def match_new_articles(
    article_ids: Iterable[int], searches: dict[Hashable, SearchParams]
) -> dict[Hashable, list[NewMatch]]:
    """For each search (by the caller's key), the articles of `article_ids` it matches.

    Searches that match nothing, or ask for nothing (every article), are left out of the answer.
    """
    if not searches:
        return {}  # before reading the batch: an import runs this for every batch
    articles = list(
        articles_for_indexing(Article.objects.filter(pk__in=set(article_ids)).order_by("pk"))
    )
    searchable = [article for article in articles if article.is_searchable]
    if not searchable:
        return {}
    batch = BatchIndex(searchable)
    matches = {}
    for key, params in searches.items():
        found = batch.matches_of(params)
        if found:
            matches[key] = found
    return matches


class BatchIndex:
    """The batch's documents in memory, with the facet table the search page's masks read."""

    def __init__(self, articles: list[Article]):
        documents = [document_for(article) for article in articles]
        schema = build_schema()
        for name in schema.names():
            # Nobody asks a batch for spelling suggestions: the unstemmed copy of each text
            # field Whoosh keeps for them would double the analysis.
            schema[name].spelling = False
        codec = MemoryCodec()
        writer = codec.writer(schema)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        # A field no document of the batch fills must read as empty, as on disk; MemoryCodec
        # raises TermNotFound for it when a prefix query lists its terms.
        for name in schema.names():
            codec.segment._invindex.setdefault(name, {})
        self.searcher = Searcher(codec.reader(schema))
        self.ids = [int(document["id"]) for document in documents]
        published = np.array([d.get("published", 0) for d in documents], dtype=np.int32)
        live = np.ones(len(documents), dtype=bool)
        self.table = FacetTable(published, live, docs={}, value_ids={}, values={})
        # reasons.entity_names' (name, is_alias) pairs, from the mentions already loaded.
        self.names = {
            docnum: [
                (name, is_alias)
                for mention in article.mentions.all()
                for name, is_alias in [
                    (mention.entity.name, False),
                    *((alias.name, True) for alias in mention.entity.aliases.all()),
                ]
            ]
            for docnum, article in enumerate(articles)
        }

    def matches_of(self, params: SearchParams) -> list[NewMatch]:
        has_text = bool(params.q.strip())
        arrays = QueryArrays(self.searcher, self.table.size)
        masks = [
            matching(arrays, facet_filter(group, params.selected(group)), self.table)
            for group in FACET_GROUPS
            if params.selected(group)
        ]
        if params.date_from or params.date_to:
            masks.append(date_mask(self.table, params.date_from, params.date_to))
        if not has_text and not masks:
            return []  # a search for everything is no alert
        parsed = parsed_query(params.q)
        text_mask = matching(arrays, parsed.query, self.table) if has_text else None
        result = intersect(text_mask if has_text else self.table.live, masks)
        docnums = np.flatnonzero(result).tolist()
        if not docnums:
            return []
        if has_text:
            reasons = match_reasons(
                self.searcher, parsed.query, params.q, docnums, read_names=self.names_of
            )
        else:
            reasons = [MatchReason() for _ in docnums]
        return [
            NewMatch(self.ids[docnum], reason)
            for docnum, reason in zip(docnums, reasons, strict=True)
        ]

    def names_of(self, searcher, docnums: list[int]) -> dict[int, list[tuple[str, bool]]]:
        """The entity names of these documents: no query per search."""
        return {docnum: self.names[docnum] for docnum in docnums}


@functools.lru_cache(maxsize=10_000)
def parsed_query(text: str) -> ParsedQuery:
    """Parsing costs ~1 ms a query; standing searches come back with every batch."""
    return parse_user_query(text)
