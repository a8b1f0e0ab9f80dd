"""Furniture learned from a collection: what recurs across many articles of one outlet.

The rules in furniture.py know furniture any site may carry. An outlet also has its own: a
disclaimer under every opinion piece, a credit line, a share bar in words no rule foresaw. Those
are found here by frequency: a line, a sentence or a closing block of sentences that recurs in
enough of an outlet's articles, counted once per article, is furniture. Both a count and a share
must be met, so a quote that a handful of stories repeat stays text, and a small outlet needs
its furniture on a good part of its pages before any is learned.

Scraped text often comes with its paragraphs joined (one line per article), so sentences are
units as well as lines. Datelines recur too ("MOSCOW, February 7. /TASS/.") but carry the place
and date, and a unit of one or two words is more often a split abbreviation than furniture; both
are never learned as sentences.

Nothing here touches the database: `learn_furniture` takes texts and gives `Furniture`,
`remove_furniture` takes a text and the patterns to remove; the store side keeps the patterns
per source and decides when to learn again.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from articles.ingest.datelines import match_dateline

LINE, SENTENCE, TRAILING = "line", "sentence", "trailing"
KINDS = (LINE, SENTENCE, TRAILING)

# Measured on the dev outlets (400-560 articles each): their furniture recurs in 9-36% of the
# articles, a background paragraph a few stories share in 5; 2% of the articles, at least 6,
# keeps those apart with room on both sides.
MIN_COUNT = 6
MIN_SHARE = 0.02
MIN_ARTICLES = 20  # fewer articles than this say nothing about what recurs
MIN_SENTENCE_WORDS = 3
TRAILING_SENTENCES = (2, 3)  # closing blocks of this many sentences are units of their own

URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# A sentence ends at . ! ? (and a closing quote or bracket) before a space and a capital, a
# digit or an opening quote, a dash allowed where joined paragraphs met; not after a lone
# initial or a short abbreviation ("St.", "Mr.").
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*[-–—]?\s+(?=(?:[-–—]\s+)?[\"“‘(\[]?[A-Z0-9])")
ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:St|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|Jr|Sr|Inc|Co|Corp|Ltd"
    r"|No|Vol|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.K|U\.N))\.$"
)


@dataclass(frozen=True)
class Furniture:
    """A unit of text that is furniture wherever it occurs as a whole line, sentence or ending."""

    text: str
    kind: str = SENTENCE
    count: int = 0  # articles it was found in when learned
    share: float = 0.0  # of the articles learned from

    @property
    def key(self) -> str:
        return unit_key(self.text)


def unit_key(text: str) -> str:
    """What two units must share to be the same: case, spacing, URLs and edge dashes aside.

    Scrapes that join paragraphs leave a dash at the seam ("...editorial policy.-").
    """
    text = URL.sub("<url>", " ".join(text.split()))
    return text.strip(" -–—|•·").casefold()


def split_sentences(line: str) -> list[str]:
    """The sentences of one line, in order; their " ".join is the line with spacing normalised."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(line):
        if ABBREVIATION.search(line[start : match.start()]):
            continue
        sentences.append(line[start : match.start()].strip())
        start = match.end()
    sentences.append(line[start:].strip())
    return [sentence for sentence in sentences if sentence]


def text_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def article_units(text: str) -> dict[tuple[str, str], str]:
    """The (kind, key) units of one article, each once, with the wording it has there."""
    units: dict[tuple[str, str], str] = {}
    sentences = []
    for line in text_lines(text):
        units[(LINE, unit_key(line))] = line
        line_sentences = split_sentences(line)
        sentences.extend(line_sentences)
        for sentence in line_sentences:
            if is_sentence_unit(sentence):
                units[(SENTENCE, unit_key(sentence))] = sentence
    for size in TRAILING_SENTENCES:
        if len(sentences) > size:  # a closing block that is the whole text is the story
            block = " ".join(sentences[-size:])
            units[(TRAILING, unit_key(block))] = block
    return units


def is_sentence_unit(sentence: str) -> bool:
    return len(sentence.split()) >= MIN_SENTENCE_WORDS and not match_dateline(sentence)


def learn_furniture(
    texts: Iterable[str], *, min_count: int = MIN_COUNT, min_share: float = MIN_SHARE
) -> list[Furniture]:
    """The furniture that recurs across `texts` (one outlet's articles), most frequent first.

    Give the texts as read, before learned furniture was removed from them: what was learned
    before is found again only if it still recurs.
    """
    counts: Counter[tuple[str, str]] = Counter()
    wordings: dict[tuple[str, str], str] = {}  # the first wording seen, to show curators
    total = 0
    for text in texts:
        total += 1
        for unit, wording in article_units(text).items():
            counts[unit] += 1
            wordings.setdefault(unit, wording)
    if total < MIN_ARTICLES:
        return []
    needed = max(min_count, math.ceil(min_share * total))
    found = [
        Furniture(wordings[unit].strip(" -–—"), unit[0], count, round(count / total, 4))
        for unit, count in counts.items()
        if count >= needed and re.search(r"\w", unit[1])
    ]
    return drop_covered(sorted(found, key=lambda item: (-item.count, item.kind, item.text)))


def drop_covered(found: list[Furniture]) -> list[Furniture]:
    """Without units another one removes anyway: a one-sentence line kept as a sentence, the
    sentences of a closing block that never occur outside it."""
    sentences = {item.key for item in found if item.kind == SENTENCE}
    kept = []
    for item in found:
        if item.kind == LINE and item.key in sentences:
            continue
        kept.append(item)
    blocks = [item for item in kept if item.kind == TRAILING]
    result = []
    for item in kept:
        inside = [block for block in blocks if block is not item and item.key in block.key]
        if item.kind != LINE and any(block.count >= item.count for block in inside):
            continue
        result.append(item)
    return result


def remove_furniture(text: str, patterns: Iterable[Furniture]) -> str:
    """`text` without the lines, sentences and endings `patterns` name; `text` itself when none
    occurs. Paragraphs stay apart by a blank line, as the ingest package writes bodies."""
    by_kind: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for pattern in patterns:
        by_kind.setdefault(pattern.kind, set()).add(pattern.key)
    if not any(by_kind.values()):
        return text
    lines = text_lines(text)
    kept_lines = []
    changed = False
    for line in lines:
        if unit_key(line) in by_kind[LINE]:
            changed = True
            continue
        sentences = split_sentences(line)
        kept = [s for s in sentences if unit_key(s) not in by_kind[SENTENCE]]
        changed = changed or len(kept) != len(sentences)
        if kept:
            kept_lines.append(kept)
    changed = drop_trailing(kept_lines, by_kind[TRAILING]) or changed
    if not changed:
        return text
    return "\n\n".join(" ".join(sentences) for sentences in kept_lines if sentences)


def drop_trailing(lines: list[list[str]], keys: set[str]) -> bool:
    """Remove a closing block named in `keys` from the end of `lines` (lists of sentences)."""
    if not keys:
        return False
    flat = [(i, j) for i, sentences in enumerate(lines) for j in range(len(sentences))]
    for size in sorted(TRAILING_SENTENCES, reverse=True):
        if len(flat) <= size:
            continue
        tail = flat[-size:]
        if unit_key(" ".join(lines[i][j] for i, j in tail)) in keys:
            for i, j in reversed(tail):
                del lines[i][j]
            return True
    return False
