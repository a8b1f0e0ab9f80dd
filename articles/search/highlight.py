"""What matched in a hit: snippets around the matched terms (escaped, matches in <mark>), marked
whole texts, and the reason a hit matched (which words in which fields, which entity or alias)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from whoosh import highlight
from whoosh import query as wq

from articles.search.schema import TEXT_FIELDS, text_analyzer

# Longer bodies are highlighted on their first part only: the cost grows with the text.
HIGHLIGHT_MAX_CHARS = 30_000
SNIPPET_CHARS = 280


class MarkFormatter(highlight.HtmlFormatter):
    """<mark> around matches; everything else escaped (HtmlFormatter escapes the text between)."""

    template = "<mark>%(t)s</mark>"

    def __init__(self):
        super().__init__(between=" … ")


def body_fragmenter():
    return highlight.ContextFragmenter(maxchars=200, surround=60)


def highlight_hit(hit, field: str, text: str, top: int, whole: bool = False) -> str:
    """Marked-up fragments of `text`, or "" when no term of the query occurs in it."""
    if not text:
        return ""
    hit.results.fragmenter = highlight.WholeFragmenter() if whole else body_fragmenter()
    hit.results.formatter = MarkFormatter()
    return hit.highlights(field, text=text[:HIGHLIGHT_MAX_CHARS], top=top)


def lead_snippet(text: str) -> str:
    """The opening of a text, escaped: the snippet when nothing in the body matched."""
    text = " ".join(text.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)


def query_term_texts(query) -> set[str]:
    """The analysed words a query looks for in text fields (stems, lowercase). A prefix query's
    prefix (the parser stems it too) comes with a trailing "*": no stem holds one (words are \\w+).
    """
    terms = set()
    for fieldname, text in query.iter_all_terms(phrases=True):
        if fieldname in TEXT_FIELDS and isinstance(text, str):
            terms.add(text)
    for node in query.leaves():
        if isinstance(node, wq.Prefix) and node.fieldname in TEXT_FIELDS:
            terms.add(f"{node.text}*")
    return terms


def matches_terms(stem: str, terms: set[str]) -> bool:
    """Whether a word's stem is one `terms` ask for, or starts with one of their prefixes: the
    index matches prefixes against stems, and the marks follow what matched."""
    if stem in terms:
        return True
    return any(term.endswith("*") and stem.startswith(term[:-1]) for term in terms)


def mark_text(text: str, terms: set[str], links: list[tuple[str, str]] = ()) -> str:
    """The whole `text` as escaped HTML: words matching `terms` in <mark>, `links` names linked.

    `links` holds (name, url) pairs; longer names win over names they contain.
    """
    spans = link_spans(text, links)
    taken = [(start, end) for start, end, _ in spans]
    if terms:
        for token in text_analyzer()(text, chars=True, mode="query"):
            overlaps = any(s < token.endchar and token.startchar < e for s, e in taken)
            if not overlaps and matches_terms(token.text, terms):
                spans.append((token.startchar, token.endchar, None))
    spans.sort()
    parts, position = [], 0
    for start, end, url in spans:
        parts.append(escape(text[position:start]))
        fragment = escape(text[start:end])
        marked = f'<a href="{escape(url)}">{fragment}</a>' if url else f"<mark>{fragment}</mark>"
        parts.append(marked)
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def link_spans(text: str, links) -> list[tuple[int, int, str]]:
    import re

    spans: list[tuple[int, int, str]] = []
    for name, url in sorted(links, key=lambda link: -len(link[0])):
        if len(name) < 2:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), url))
    return spans


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
