"""People, organisations and places in articles: a spaCy NER model, rules, one name per entity.

    extract_entities(texts, registry) -> one list of FoundEntity per text
    read_entities(texts, registry) -> the same, each with the names used as no entity

The model ships in `model/` (see its README for how it was trained and how well it does);
settings.NEWSDESK["NER_PIPELINE"] names another one. It is loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from articles.enrich import ArticleText, FoundEntity, NameUse, Registry
from articles.enrich.entities.canonical import Mention, canonical_entities, normalise_name
from articles.enrich.entities.gazetteer import load_gazetteer
from articles.enrich.entities.hygiene import (
    LOST_LETTER,
    clean_span,
    is_called_to_action,
    is_common_word,
    is_deity,
    is_numbered,
    is_people_group,
    trim_role_words,
    written_only_at_openings,
)
from articles.enrich.entities.rules import (
    TEXT_KEY,
    TITLES,
    apply_rules,
    doc_text,
    doc_words,
    used_as_leaders,
    used_as_periods,
    used_as_policies,
    used_as_works,
    written_as_works,
)
from articles.ingest.datelines import agency_span

__all__ = ["extract_entities", "find_mentions", "load_pipeline", "normalise_name", "read_entities"]

MODEL_PATH = Path(__file__).parents[1] / "model"
# What `rules.apply_rules` finds that is no entity, only a use of a name: in an event's name, an
# acronym of a law's or a treaty's.
NO_ENTITY_KINDS = ("event", "law")
# Small batches run fastest here: the CNN's activations stay in the CPU cache.
BATCH_SIZE = 16
# What the model reads of one article: the longest news stories are a tenth of this. A page
# pasted whole or a book is read this far (spaCy refuses texts past a million characters, and
# the rules weigh each name against the others, which grows with the square of the length).
MAX_READ_CHARS = 100_000
MENTIONS_KEY = "newsdesk_mentions"
USES_KEY = "newsdesk_name_uses"
# A title and its portfolio before a name: "Minister for Children Katherine Zappone", "Secretary
# of State Rex Tillerson". The model reads the portfolio's last words into the name.
PORTFOLIO = re.compile(r"\b([A-Z][a-z]+) (?:for|of)(?: the)? $")
# ... or after it: "Sports Minister Pavel Kolobkov". Only the titles of ministers: a body's own
# head goes after the body ("Garda Commissioner", where "a garda" is an officer).
TITLE_AFTER = re.compile(r" ([A-Z][a-z]+)\b")
PORTFOLIO_TITLES = frozenset({"Minister", "Secretary"})


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The NER pipeline: `name`, else settings.NEWSDESK["NER_PIPELINE"], else the shipped one."""
    if name is None:
        from django.conf import settings

        name = settings.NEWSDESK.get("NER_PIPELINE", "") if settings.configured else ""
    nlp = spacy.load(name or MODEL_PATH)
    unused = [pipe for pipe in nlp.pipe_names if pipe not in ("tok2vec", "ner")]
    nlp.select_pipes(disable=unused)
    nlp.add_pipe("entity_rules", last=True)
    return nlp


def article_text(text: ArticleText) -> str:
    """What the model reads: the title, a blank line, the body, up to MAX_READ_CHARS (cut at a
    space, not inside a word)."""
    full = f"{' '.join(text.title.split())}\n\n{text.body.strip()}"
    if len(full) <= MAX_READ_CHARS:
        return full
    return full[: MAX_READ_CHARS + 1].rsplit(None, 1)[0]


def is_title_case(title: str) -> bool:
    """ "Kim Jong Un Conducts Weapon Tests": capitals carry no signal, so names blur into words."""
    words = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    capitalised = [w for w in words if w[:1].isupper() and not w.isupper()]
    return len(words) >= 2 and len(capitalised) >= 0.8 * len(words)


def trim_title_mentions(mentions: list[Mention], title_end: int) -> list[Mention]:
    """In a Title Case title keep only the part of a mention that the body also names."""
    body_names = {m.key: m for m in mentions if m.start > title_end}
    kept = []
    for mention in mentions:
        if mention.start > title_end or mention.key in body_names:
            kept.append(mention)
            continue
        for name in sorted(body_names, key=len, reverse=True):
            at = f" {mention.key} ".find(f" {name} ")
            if at >= 0:
                body = body_names[name]
                start = mention.start + mention.text.casefold().find(body.text.casefold())
                if start >= mention.start:
                    kept.append(Mention(start, start + len(body.text), body.text, body.kind))
                break
    return kept


def clean_mentions(mentions: list[Mention], text: str, words: list[str]) -> list[Mention]:
    """The mentions trimmed to what can be a name (see hygiene.py), people's names without the
    role words glued to them; common words capitalised by a sentence start are dropped unless
    the article uses them in a longer name."""
    lowercase = frozenset(word for word in words if word.islower())
    in_longer_names = {word for m in mentions if " " in m.text for word in m.text.split()}
    cleaned = []
    for mention in mentions:
        span = clean_span(text, mention.start, mention.end)
        if span is None:
            continue
        start, end = span
        if mention.kind == "person" and text.count(" ", start, end) >= 2:
            portfolio = PORTFOLIO.search(text, max(start - 40, 0), start)
            after_portfolio = portfolio is not None and portfolio.group(1) in TITLES
            cut, length = trim_role_words(text[start:end], lowercase, after_portfolio)
            start, end = start + cut, start + length
        if is_people_group(text[start:end]) or is_deity(text[start:end]):
            continue
        if mention.kind == "person" and (
            is_called_to_action(text[start:end]) or is_numbered(text[start:end])
        ):
            continue
        if text[start:end] not in in_longer_names and is_common_word(text, start, end, lowercase):
            continue
        if is_portfolio(text, start, end, lowercase):
            continue
        cleaned.append(replace(mention, start=start, end=end, text=text[start:end]))
    return cleaned


def is_portfolio(text: str, start: int, end: int, lowercase_words: frozenset[str]) -> bool:
    """A one-word "body" right before a minister's title, that the article also writes in lower
    case, is the portfolio ("Sports Minister Pavel Kolobkov": sports), not a body."""
    name = text[start:end]
    following = TITLE_AFTER.match(text, end)
    return (
        following is not None
        and following.group(1) in PORTFOLIO_TITLES
        and name.isalpha()
        and not name.isupper()
        and name.casefold() in lowercase_words
    )


@Language.component("entity_rules")
def entity_rules(doc: Doc) -> Doc:
    """The rules as the pipeline's last step.

    Mentions go in doc.user_data as plain tuples; the tensor is dropped because nothing after
    this step reads it and it is the largest part of a Doc.
    """
    text = doc_text(doc)
    title_end = max(text.find("\n\n"), 0)
    gazetteer = load_gazetteer()
    found = apply_rules(doc, gazetteer)
    mentions = [
        Mention(span.start_char, span.end_char, span.text, kind, acronym_of=expansion)
        for span, kind, expansion in found
        if kind not in NO_ENTITY_KINDS
    ]
    uses = [(span.text, kind) for span, kind, _ in found if kind in NO_ENTITY_KINDS]
    uses += [(m.text, "damaged") for m in mentions if LOST_LETTER.match(text, m.end)]
    bodies = {m.text for m in mentions if m.kind == "org" and not m.text.isupper()}
    uses += [(name, "period") for name in used_as_periods(text, bodies)]
    body_ends = {m.end: m.text for m in mentions if m.kind == "org"}
    uses += [(name, "policy") for name in used_as_policies(text, body_ends)]
    named_ends = {m.end: m.text for m in mentions if m.kind != "person"}
    uses += [(name, "leader") for name in used_as_leaders(text, named_ends)]
    places = [(m.start, m.text) for m in mentions if m.kind == "place"]
    uses += [(name, "work") for name in used_as_works(text, places, set(body_ends), gazetteer)]
    uses += [
        (name, "title") for name in written_as_works(text, {m.text for m in mentions}, gazetteer)
    ]
    mentions = without_used_names(mentions, uses, text)
    if is_title_case(text[:title_end]):
        mentions = trim_title_mentions(mentions, title_end)
    mentions = clean_mentions(mentions, text, doc_words(doc))
    uses += [
        (name, "opening") for name in written_only_at_openings(text, {m.text for m in mentions})
    ]
    doc.user_data[MENTIONS_KEY] = [(m.start, m.end, m.kind, m.acronym_of) for m in mentions]
    doc.user_data[USES_KEY] = list(dict.fromkeys(uses))
    doc.tensor = numpy.zeros((0,), dtype="f")
    return doc


def without_used_names(
    mentions: list[Mention], uses: list[tuple[str, str]], text: str
) -> list[Mention]:
    """Within the article that shows it, a name used in an event's name is no body anywhere
    ("Euphrates Shield" forces, after "Operation Euphrates Shield"; a place stays: "Iraq" of
    "Iraq War", and an acronym: "NATO" of "NATO Summit"), a name that lost a letter lost it
    before every "?" ("RT? News"), and a work's title is the work all through the article
    ("Imelda Staunton (Vera Drake)" after "the film Vera Drake")."""
    events = {normalise_name(name) for name, use in uses if use == "event"}
    damaged = {name for name, use in uses if use == "damaged"}
    titles = {name for name, use in uses if use == "title"}
    return [
        m
        for m in mentions
        if not (m.kind == "org" and m.key in events and not m.text.isupper())
        and not (m.text in damaged and text.startswith("?", m.end))
        and m.text not in titles
    ]


def without_own_dateline(mentions: list[Mention], text: str, outlet: str) -> list[Mention]:
    """The mentions less the outlet's own name in the dateline of its own page ("Washington
    (CNN) ..." on CNN's site, in the first paragraph or the one after a standfirst): its banner,
    which every one of its articles would otherwise mention. Another agency's dateline ("SEOUL
    (UPI) —" on any other page) credits the agency and stays a mention of it."""
    if not outlet:
        return mentions
    own = normalise_name(outlet)
    body = text.find("\n\n") + 2  # the model's text always holds the title's break
    second = text.find("\n\n", body)
    for start in (body,) if second < 0 else (body, second + 2):
        span = agency_span(text, start)
        if span and normalise_name(text[span[0] : span[1]]) == own:
            return [m for m in mentions if not span[0] <= m.start < span[1]]
    return mentions


def doc_with_text(nlp: Language, text: str) -> Doc:
    """The tokenised text, holding on to the text itself for the rules (see `rules.doc_text`)."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def find_raw_mentions(texts: list[str]) -> Iterator[tuple[list[Mention], list[NameUse]]]:
    """Each text's mentions as the model and rules found them, before canonical names, and the
    names it uses as no entity (`NameUse`).

    One process: callers with many texts spread them over `workers.EnrichmentWorkers`.
    """
    nlp = load_pipeline()
    docs = nlp.pipe((doc_with_text(nlp, text) for text in texts), batch_size=BATCH_SIZE)
    for text, doc in zip(texts, docs, strict=True):
        mentions = [
            Mention(start, end, text[start:end], kind, acronym_of=expansion)
            for start, end, kind, expansion in doc.user_data[MENTIONS_KEY]
        ]
        yield mentions, [NameUse(name, use) for name, use in doc.user_data[USES_KEY]]


def find_mentions(
    texts: list[ArticleText], registry: Registry | None = None
) -> list[tuple[str, list[Mention]]]:
    """Each article's text as the model read it and its mentions, with canonical names and kinds.

    `extract_entities` counts these; `evaluate_entities` scores them span by span.
    """
    registry = registry or Registry()
    places = load_gazetteer().places
    full_texts = [article_text(text) for text in texts]
    return [
        (text, canonical_entities(mentions, registry, places)[1])
        for text, (mentions, _) in zip(full_texts, find_raw_mentions(full_texts), strict=True)
    ]


def read_entities(
    texts: list[ArticleText], registry: Registry
) -> list[tuple[list[FoundEntity], list[NameUse]]]:
    """The people, organisations and places each text mentions, most mentioned first, and the
    names it uses as no entity."""
    places = load_gazetteer().places
    full_texts = [article_text(text) for text in texts]
    read = []
    for text, full, (mentions, uses) in zip(
        texts, full_texts, find_raw_mentions(full_texts), strict=True
    ):
        mentions = without_own_dateline(mentions, full, text.outlet)
        read.append((canonical_entities(mentions, registry, places)[0], uses))
    return read


def extract_entities(texts: list[ArticleText], registry: Registry) -> list[list[FoundEntity]]:
    """The people, organisations and places each text mentions, most mentioned first."""
    return [entities for entities, _ in read_entities(texts, registry)]
