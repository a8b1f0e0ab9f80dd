"""From the analyst's query string and filters to Whoosh queries.

The query language: words (all must match), "phrases", proximity ("kim shoigu"~10), AND / OR / NOT,
parentheses, prefix wildcards (missil*), and fields: title:, person:, org:, place:, topic:, source:.
A query that does not parse is searched as plain words, with a notice for the analyst.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as q
from whoosh.qparser import FieldAliasPlugin, MultifieldParser
from whoosh.qparser import plugins as qplugins

from articles.search.schema import (
    ALL_OF_GROUPS,
    NAME_FIELDS,
    TEXT_FIELDS,
    build_schema,
    date_number,
)

DEFAULT_FIELDS = list(TEXT_FIELDS)
# How much a match in each field counts, relative to the body, chosen on the relevance harness
# (bench/relevance_tuning.py; README "Search relevance"). Title matches count most (4 to 8 did
# equally well); entity names at 1.5 let companies named after a commodity ("gold") outrank news
# about it, at 0.1 aliases barely counted; a standfirst weighted 0.5 to 3 changed nothing.
FIELD_WEIGHTS = {"title": 6.0, "standfirst": 1.0, "body": 1.0, "entities": 0.5}
# What the analyst may write before a colon, and the field it searches.
QUERY_FIELDS = {"title": "title", **{group: NAME_FIELDS[group] for group in NAME_FIELDS}}
FIELD_SYNONYMS = {"org": ["organisation", "organization"], "place": ["location"]}
WORD_PATTERN = re.compile(r"\w+(?:[-'.]\w+)*")


@dataclass
class ParsedQuery:
    query: q.Query
    notice: str = ""  # set when the query did not parse and was searched as plain words


def build_parser(schema=None) -> MultifieldParser:
    parser = MultifieldParser(DEFAULT_FIELDS, schema or build_schema(), fieldboosts=FIELD_WEIGHTS)
    aliases = {}
    for written, field in QUERY_FIELDS.items():
        if written != field:
            aliases[field] = [written, *FIELD_SYNONYMS.get(written, [])]
    parser.add_plugin(FieldAliasPlugin(aliases))
    # Only the fields above may be named; anything else before a colon is an ordinary word.
    parser.remove_plugin_class(qplugins.FieldsPlugin)
    parser.add_plugin(qplugins.FieldsPlugin(remove_unknown=True))
    return parser


def build_words_parser(schema=None) -> MultifieldParser:
    """A parser that reads every word as a word: no fields, operators, quotes or wildcards."""
    words_parser = MultifieldParser(
        DEFAULT_FIELDS, schema or build_schema(), fieldboosts=FIELD_WEIGHTS
    )
    for plugin in SYNTAX_PLUGINS:
        words_parser.remove_plugin_class(plugin)
    return words_parser


SYNTAX_PLUGINS = (
    qplugins.FieldsPlugin,
    qplugins.WildcardPlugin,
    qplugins.PhrasePlugin,
    qplugins.RangePlugin,
    qplugins.GroupPlugin,
    qplugins.OperatorsPlugin,
    qplugins.BoostPlugin,
    qplugins.EveryPlugin,
    qplugins.SingleQuotePlugin,
)
_parsers: dict[str, MultifieldParser] = {}


def parser(kind: str = "syntax") -> MultifieldParser:
    if kind not in _parsers:
        _parsers[kind] = build_parser() if kind == "syntax" else build_words_parser()
    return _parsers[kind]


def has_error(node: q.Query) -> bool:
    if getattr(node, "error", None):
        return True
    return any(has_error(child) for child in node.children())


def plain_words_query(text: str) -> q.Query:
    """All the words of `text`, ignoring any syntax."""
    words = WORD_PATTERN.findall(text)
    if not words:
        return q.NullQuery
    return parser("words").parse(" ".join(words))


def parse_user_query(text: str) -> ParsedQuery:
    text = text.strip()
    if not text:
        return ParsedQuery(q.Every())
    notice = "Your query could not be read as search syntax; searched for its words instead."
    try:
        parsed = parser().parse(text)
    except Exception:  # Whoosh's parser raises assorted errors on odd input; all mean "not syntax".
        return ParsedQuery(plain_words_query(text), notice)
    if has_error(parsed) or not balanced(text):
        return ParsedQuery(plain_words_query(text), notice)
    return ParsedQuery(parsed)


def balanced(text: str) -> bool:
    """Quotes and parentheses pair up; Whoosh quietly guesses otherwise."""
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        if char == '"':
            return False
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def facet_filter(group: str, slugs: list[str]) -> q.Query:
    """Articles with all (people, orgs, places) or any (topics, sources) of the slugs."""
    terms = [q.Term(group, slug) for slug in slugs]
    return q.And(terms) if group in ALL_OF_GROUPS else q.Or(terms)


def date_filter(date_from, date_to) -> q.Query:
    return q.NumericRange("published", date_number(date_from), date_number(date_to))
