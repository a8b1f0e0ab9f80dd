"""Merge candidates: entities that are likely one and the same, for curators to merge in one click.

Pairs are only ever compared inside small blocks: entities of the same kind that share a word, the
first letters of their name, or an acronym. A block too large to compare all its pairs (a common
word such as "ministry") is compared in name order with its nearest neighbours only, so 20,000
entities take about a second (bench/bench_merge_candidates.py) instead of 200 million
comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from django.db.models import Count
from rapidfuzz.distance import Indel

from articles.enrich.entities.canonical import normalise_name
from articles.models import Entity

# Why a pair is suggested, most certain first.
REASONS = ("same name", "initials", "acronym", "contained", "close spelling")
MAX_BLOCK = 40  # a block larger than this is compared with neighbours only
NEIGHBOURS = 6
MIN_RATIO = 0.85
ACRONYM_SKIP = {"of", "and", "for", "the", "de"}


@dataclass(frozen=True)
class Candidate:
    pk: int
    name: str
    kind: str
    mentions: int

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(normalise_name(self.name).split())

    @cached_property
    def compact(self) -> str:
        return "".join(self.words)


@dataclass(frozen=True)
class MergeSuggestion:
    survivor: Candidate  # the more mentioned of the two
    other: Candidate
    reason: str


def suggest_merges(limit: int = 200) -> list[MergeSuggestion]:
    """Likely merges among all entities, most certain and most mentioned first."""
    rows = Entity.objects.annotate(mentions_total=Count("mentions")).values_list(
        "pk", "name", "kind", "mentions_total"
    )
    return find_merge_candidates([Candidate(*row) for row in rows], limit)


def find_merge_candidates(candidates: list[Candidate], limit: int = 200) -> list[MergeSuggestion]:
    suggestions = {}
    for first, second in candidate_pairs(candidates):
        key = (min(first.pk, second.pk), max(first.pk, second.pk))
        if key in suggestions:
            continue
        reason = merge_reason(first, second)
        if reason:
            survivor, other = sorted((first, second), key=survivor_rank, reverse=True)
            suggestions[key] = MergeSuggestion(survivor, other, reason)
    ordered = sorted(
        suggestions.values(),
        key=lambda s: (REASONS.index(s.reason), -(s.survivor.mentions + s.other.mentions)),
    )
    return ordered[:limit]


def survivor_rank(candidate: Candidate) -> tuple:
    return (candidate.mentions, len(candidate.name), -candidate.pk)


def block_keys(candidate: Candidate) -> set[str]:
    words = candidate.words
    if not words:
        return set()
    keys = {f"prefix:{candidate.compact[:4]}"}
    keys |= {f"word:{word}" for word in words if len(word) >= 3}
    if len(words) == 1 and 2 <= len(words[0]) <= 6:
        keys.add(f"acronym:{words[0]}")
    elif len(words) > 1:
        keys.add(f"acronym:{acronym(words)}")
    return keys


def acronym(words: tuple[str, ...]) -> str:
    return "".join(word[0] for word in words if word not in ACRONYM_SKIP)


def candidate_pairs(candidates: list[Candidate]):
    blocks: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        for key in block_keys(candidate):
            blocks[(candidate.kind, key)].append(candidate)
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
            yield from combinations(members, 2)
        else:
            members.sort(key=lambda c: c.compact)
            for i, first in enumerate(members):
                for second in members[i + 1 : i + 1 + NEIGHBOURS]:
                    yield first, second


def merge_reason(first: Candidate, second: Candidate) -> str | None:
    a, b = first.words, second.words
    if not a or not b or first.kind != second.kind:
        return None
    if first.compact == second.compact:
        return "same name"
    if is_initials_of(a, b) or is_initials_of(b, a):
        return "initials"
    if first.kind != "person" and (is_acronym_of(a, b) or is_acronym_of(b, a)):
        return "acronym"
    if first.kind != "place" and (is_contained(a, b) or is_contained(b, a)):
        return "contained"
    # Indel similarity is difflib's ratio(), computed in C; the cutoff stops early below it.
    if Indel.normalized_similarity(" ".join(a), " ".join(b), score_cutoff=MIN_RATIO):
        return "close spelling"
    return None


def is_initials_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "j smith" for "john smith", "j r smith" for "john robert smith"."""
    if len(short) != len(full) or len(short) < 2 or short[-1] != full[-1]:
        return False
    abbreviated = False
    for s, f in zip(short[:-1], full[:-1], strict=True):
        if s == f:
            continue
        if len(s) == 1 and f.startswith(s) and len(f) > 1:
            abbreviated = True
            continue
        return False
    return abbreviated


def is_acronym_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "us" for "united states", "kcna" for "korean central news agency"."""
    return len(short) == 1 and len(full) > 1 and short[0] == acronym(full)


def is_contained(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "shoigu" in "sergei shoigu": every word of the shorter name, in order, in the longer."""
    n = len(short)
    if n >= len(full) or max(len(word) for word in short) < 3:
        return False
    return any(full[i : i + n] == short for i in range(len(full) - n + 1))
