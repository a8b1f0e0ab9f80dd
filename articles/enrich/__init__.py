"""Enrichment: the entities, topics and dates an article mentions, extracted offline.

Nothing here touches the database. The curated registry (aliases, blocked names) is passed in as a
`Registry`, built from the database by the caller (articles/store/enrichment.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FoundEntity:
    name: str  # canonical name: the registry's name, or the fullest form the article uses
    kind: str  # "person", "org" or "place", as Entity.Kind
    count: int
    variants: tuple[str, ...] = ()  # other spellings seen in the article ("Kim", "KCNA")
    introduced: tuple[str, ...] = ()  # acronyms the article gave it in brackets: "(KCNA)"


@dataclass(frozen=True)
class FoundTopic:
    qcode: str  # IPTC Media Topic code, as Topic.qcode
    confidence: float


@dataclass(frozen=True)
class MentionedDate:
    text: str  # as written: "late July"
    date: dt.date
    precision: str  # day, month or year


@dataclass(frozen=True)
class NameUse:
    """A name an article uses as no person, body or place: part of an event's, law's or
    holiday's name ("Euphrates Shield" of "Operation Euphrates Shield", "St Patrick" of "St
    Patrick's Day"), or written with a letter lost in encoding ("RT?'s" for "RTÉ's"); or as
    the person who leads something ("the Biden administration") where the model read a body.
    Where other articles read the bare name otherwise, the collection weighs these
    (name_links)."""

    name: str
    use: str  # one of models.NameUse.Use: "event", "period", "damaged", "policy", "law", ...


@dataclass
class Enrichment:
    entities: list[FoundEntity] = field(default_factory=list)
    topics: list[FoundTopic] = field(default_factory=list)
    dates: list[MentionedDate] = field(default_factory=list)
    name_uses: list[NameUse] = field(default_factory=list)


@dataclass(frozen=True)
class Registry:
    """What curators decided, applied at extraction time."""

    # normalised spelling -> (canonical name, kind); covers entity names and their aliases
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # normalised names that are never entities
    blocked: frozenset[str] = frozenset()
    # automatic links across the collection, below the article's own names and every curated
    # decision: (normalised name, kind) -> (canonical name, kind), or to None when the name is
    # one several people share (not shown); see entities/name_links.py
    linked: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleText:
    title: str
    body: str
    published: dt.date | None = None
    # The outlet whose page this is, by its URL ("" when unknown): its own name in its own
    # dateline ("Washington (CNN) ...") is its banner, no mention.
    outlet: str = ""


def enrich_articles(texts: list[ArticleText], registry: Registry | None = None) -> list[Enrichment]:
    """Entities, topics and dates for each text, in order. Batches the work; call it with many."""
    from articles.enrich.pipeline import enrich_articles as _enrich_articles

    return _enrich_articles(texts, registry or Registry())
