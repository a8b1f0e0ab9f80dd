"""Why a hit matched: the query's words found in each text field of the document, and the entity
names or aliases that carried a word ("matched in title, body; alias DPRK").

Read from the postings of the page's documents only, so the cost is a page's, not the result set's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.search.schema import TEXT_FIELDS, text_analyzer


@dataclass
class MatchReason:
    """Why a hit matched: the query's words found in each text field, and the entity names (or
    aliases) whose indexed names carried a word, e.g. "matched in title, body; alias DPRK"."""

    words: dict[str, list[str]] = field(default_factory=dict)  # text field -> words, as typed
    entities: list[str] = field(default_factory=list)  # "North Korea" or "alias DPRK"

    @property
    def fields(self) -> list[str]:
        return [name for name in TEXT_FIELDS if name in self.words and name != "entities"]

    def summary(self) -> str:
        parts = []
        if self.fields:
            parts.append("matched in " + ", ".join(self.fields))
        if self.entities:
            parts.append(", ".join(self.entities))
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"fields": self.fields, "words": self.words, "entities": self.entities}


def match_reasons(searcher, query, text: str, docnums: list[int], names) -> list[MatchReason]:
    """The reason of each document in `docnums` (a page of hits) for `query`, parsed from `text`.

    `names(docnums)` gives, for the documents whose entity names matched, {docnum: [(name,
    alias_of)]} with alias_of the canonical name for an alias, None for the name itself.
    """
    typed = typed_words(text)
    wanted = set(docnums)
    found: dict[int, dict[str, set[str]]] = {docnum: {} for docnum in docnums}
    reader = searcher.reader()
    for fieldname, term in sorted(query_terms(query, reader)):
        for docnum in postings_among(reader, fieldname, term, wanted):
            found[docnum].setdefault(fieldname, set()).add(term)
    with_entities = [docnum for docnum in docnums if "entities" in found[docnum]]
    entity_names = names(with_entities) if with_entities else {}
    reasons = []
    for docnum in docnums:
        matched = found[docnum]
        reasons.append(
            MatchReason(
                words={
                    name: sorted({typed.get(term, term) for term in terms})
                    for name, terms in matched.items()
                },
                entities=entities_with(entity_names.get(docnum, []), matched.get("entities", ())),
            )
        )
    return reasons


def query_terms(query, reader) -> set[tuple[str, str]]:
    """The (text field, stem) pairs a query can match, its prefixes expanded against the index."""
    terms = set()
    for fieldname, term in query.existing_terms(reader, phrases=True, expand=True):
        if fieldname in TEXT_FIELDS:
            terms.add((fieldname, term.decode("utf-8") if isinstance(term, bytes) else term))
    return terms


def postings_among(reader, fieldname: str, term: str, wanted: set[int]) -> list[int]:
    """Which of the `wanted` documents hold `term` in `fieldname`."""
    if (fieldname, term) not in reader:
        return []
    postings = reader.postings(fieldname, term)
    found = []
    for docnum in sorted(wanted):
        if not postings.is_active():
            break
        postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            found.append(docnum)
    return found


def typed_words(text: str) -> dict[str, str]:
    """Each stem of the query text, and the word the analyst typed for it."""
    words = {}
    for token in text_analyzer()(text, mode="query", chars=True):
        words.setdefault(token.text, text[token.startchar : token.endchar])
    return words


def entities_with(names: list[tuple[str, str | None]], terms) -> list[str]:
    """The names that hold a word matched in `entities`: "Name", or "alias Alias" for an alias."""
    terms = set(terms)
    labels = []
    for name, alias_of in names:
        stems = {token.text for token in text_analyzer()(name, mode="query")}
        if stems & terms:
            labels.append(f"alias {name}" if alias_of else name)
    return list(dict.fromkeys(labels))
