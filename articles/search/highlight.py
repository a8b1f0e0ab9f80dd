"""Marking matches: the best fragments of a hit (snippets), and a whole text with the query's words
marked and entity names linked; always escaped, matches in <mark>."""

from __future__ import annotations

import re

from django.utils.html import escape
from whoosh import highlight
from whoosh import query as wq

from articles.search.query import parse_user_query
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


def marked_text(text: str, query_string: str, links=()) -> str:
    """`text` as escaped HTML, the words of the query marked and entity names linked."""
    terms = (
        query_term_texts(parse_user_query(query_string).query) if query_string.strip() else set()
    )
    return mark_text(text, terms, links)


def marked_snippet(text: str, query_string: str) -> str:
    """About SNIPPET_CHARS of `text` around the first word the query looks for, as escaped HTML
    with the query's words marked; the opening of the text when none of them occurs in it."""
    text = " ".join(text[:HIGHLIGHT_MAX_CHARS].split())
    terms = (
        query_term_texts(parse_user_query(query_string).query) if query_string.strip() else set()
    )
    first = next(
        (
            token.startchar
            for token in text_analyzer()(text, chars=True, mode="query")
            if matches_terms(token.text, terms)
        ),
        None,
    )
    if first is None:
        return lead_snippet(text)
    start = text.rfind(" ", 0, max(0, first - SNIPPET_CHARS // 4)) + 1
    end = start + SNIPPET_CHARS
    window = text[start:end] if end >= len(text) else text[start:end].rsplit(" ", 1)[0]
    lead, tail = ("… " if start else ""), (" …" if start + len(window) < len(text) else "")
    return lead + mark_text(window, terms) + tail


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
    spans: list[tuple[int, int, str]] = []
    for name, url in sorted(links, key=lambda link: -len(link[0])):
        if len(name) < 2:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), url))
    return spans
