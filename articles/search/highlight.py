"""Marking matches: the best fragments of a hit (snippets), and a whole text with the query's words
marked and entity names linked; always escaped, matches in <mark>."""

from __future__ import annotations

import re

from django.utils.html import escape
from whoosh import highlight

from articles.search.query import parse_user_query
from articles.search.schema import text_analyzer

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


def query_term_texts(query) -> set[str]:
    """The analysed words a query looks for in text fields (stems, lowercase)."""
    terms = set()
    for fieldname, text in query.iter_all_terms(phrases=True):
        if fieldname in ("title", "body", "entities") and isinstance(text, str):
            terms.add(text)
    return terms


def mark_text(text: str, terms: set[str], links: list[tuple[str, str]] = ()) -> str:
    """The whole `text` as escaped HTML: words matching `terms` in <mark>, `links` names linked.

    `links` holds (name, url) pairs; longer names win over names they contain.
    """
    spans = link_spans(text, links)
    taken = [(start, end) for start, end, _ in spans]
    if terms:
        for token in text_analyzer()(text, chars=True, mode="query"):
            overlaps = any(s < token.endchar and token.startchar < e for s, e in taken)
            if token.text in terms and not overlaps:
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
