"""Why a hit matched: the query's words found in each text field of the document, and the entity
names or aliases that carried a word ("matched in title, body; alias DPRK").

Read from the postings of the page's documents only, so the cost is a page's, not the result set's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from whoosh import query as wq

from articles.models import Mention
from articles.search.schema import NAME_FIELDS, TEXT_FIELDS, text_analyzer

# Fields whose matches come from entity names: the default `entities`, and person:, org:, place:.
ENTITY_FIELDS = ("entities", *(NAME_FIELDS[group] for group in ("person", "org", "place")))
SHOWN_FIELDS = tuple(name for name in TEXT_FIELDS if name != "entities")


@dataclass
class MatchReason:
    """Which of the query's words matched in which field, and which entity names carried them."""

    words: dict[str, list[str]] = field(default_factory=dict)  # field -> the words, as typed
    entities: list[str] = field(default_factory=list)  # "North Korea", or "alias DPRK"

    @property
    def fields(self) -> list[str]:
        """The article's own text fields that matched, in schema order."""
        return [name for name in SHOWN_FIELDS if name in self.words]

    def summary(self) -> str:
        parts = []
        if self.fields:
            parts.append("matched in " + ", ".join(self.fields))
        if self.entities:
            parts.append(", ".join(self.entities))
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"fields": self.fields, "words": self.words, "entities": self.entities}


def match_reasons(
    searcher, query, text: str, docnums: list[int], read_names=None
) -> list[MatchReason]:
    """The reason of each document in `docnums` (a page of hits) for `query`, parsed from `text`.

    `read_names(searcher, docnums)` gives the documents' entity names (default `entity_names`, one
    query per call; a caller asking many times about the same documents reads them once).
    """
    typed = typed_words(text)
    found: dict[int, dict[str, set[str]]] = {docnum: {} for docnum in docnums}
    reader = searcher.reader()
    for fieldname, term in sorted(query_terms(query, reader)):
        for docnum in postings_among(reader, fieldname, term, set(docnums)):
            found[docnum].setdefault(fieldname, set()).add(term)
    by_entities = [d for d in docnums if any(name in found[d] for name in ENTITY_FIELDS)]
    names = (read_names or entity_names)(searcher, by_entities) if by_entities else {}
    reasons = []
    for docnum in docnums:
        matched = found[docnum]
        entity_terms = {term for name in ENTITY_FIELDS for term in matched.get(name, ())}
        reasons.append(
            MatchReason(
                words={
                    name: sorted({typed.get(term, term) for term in terms})
                    for name, terms in matched.items()
                },
                entities=names_holding(names.get(docnum, []), entity_terms),
            )
        )
    return reasons


def query_terms(query, reader) -> set[tuple[str, str]]:
    """The (field, stem) pairs a query looks for in text and entity fields; a prefix query's
    prefix expanded to the stems of the index that start with it."""
    wanted = (*TEXT_FIELDS, *ENTITY_FIELDS)
    terms = {
        (fieldname, text)
        for fieldname, text in query.iter_all_terms(phrases=True)
        if fieldname in wanted and isinstance(text, str)
    }
    for node in query.leaves():
        if isinstance(node, wq.Prefix) and node.fieldname in wanted:
            for stem in reader.expand_prefix(node.fieldname, node.text):
                terms.add(
                    (node.fieldname, stem.decode("utf-8") if isinstance(stem, bytes) else stem)
                )
    return terms


def postings_among(reader, fieldname: str, term: str, wanted: set[int]) -> set[int]:
    """Which of the `wanted` documents hold `term` in `fieldname`, skipping along the postings
    (reading them all took ~30 ms for a word in 6,000 articles, skipping to 20 documents ~8)."""
    if (fieldname, term) not in reader:
        return set()
    postings = reader.postings(fieldname, term)
    found = set()
    for docnum in sorted(wanted):
        if not postings.is_active():
            break
        if postings.id() < docnum:  # skip_to() moves on even from the target itself
            postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            found.add(docnum)
    return found


def typed_words(text: str) -> dict[str, str]:
    """Each stem of the query text, and the word the analyst typed for it."""
    words = {}
    for token in text_analyzer()(text, mode="query", chars=True):
        words.setdefault(token.text, text[token.startchar : token.endchar])
    return words


def entity_names(searcher, docnums: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """(name, is_alias) of every entity each document mentions, as the index holds them."""
    pks = {docnum: int(searcher.stored_fields(docnum)["id"]) for docnum in docnums}
    mentions = Mention.objects.filter(article_id__in=pks.values()).select_related("entity")
    by_article: dict[int, list[tuple[str, bool]]] = {}
    for mention in mentions.prefetch_related("entity__aliases"):
        names = by_article.setdefault(mention.article_id, [])
        names.append((mention.entity.name, False))
        names.extend((alias.name, True) for alias in mention.entity.aliases.all())
    return {docnum: by_article.get(pk, []) for docnum, pk in pks.items()}


def names_holding(names: list[tuple[str, bool]], terms: set[str]) -> list[str]:
    """The names that hold one of `terms`: "Name", or "alias Alias" for an alias."""
    labels = []
    for name, is_alias in names:
        if terms & name_stems(name):
            labels.append(f"alias {name}" if is_alias else name)
    return list(dict.fromkeys(labels))


@functools.lru_cache(maxsize=50_000)
def name_stems(name: str) -> frozenset[str]:
    """The stems of an entity name; alert matching asks about the same names for every search."""
    return frozenset(token.text for token in text_analyzer()(name, mode="query"))
