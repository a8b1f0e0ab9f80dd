"""Near-identical copies: the same wire story on two sites, with other furniture and headlines.

A body's word 3-grams ("shingles") are summarised by a MinHash signature, cut into bands; each band
is stored as one indexed key. Texts that share most shingles share a band key with high probability
(8 bands of 2: 97% at a Jaccard similarity of 0.6), so candidates come from indexed equality
lookups, never a scan of the collection. Candidates are then confirmed on their real shingles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

import numpy as np

MIN_WORDS = 40  # shorter texts share too much boilerplate to be told apart reliably
MIN_SIMILARITY = 0.6  # Jaccard similarity of shingle sets for "near-identical"
BANDS, ROWS = 8, 2
_PRIME = (1 << 61) - 1
# Fixed coefficients: the same text must give the same keys in every process and release.
_PERMUTATIONS = [
    (
        int.from_bytes(hashlib.sha256(f"a{i}".encode()).digest()[:8], "big") % _PRIME | 1,
        int.from_bytes(hashlib.sha256(f"b{i}".encode()).digest()[:8], "big") % _PRIME,
    )
    for i in range(BANDS * ROWS)
]
_P = np.uint64(_PRIME)
_A = np.array([a for a, _ in _PERMUTATIONS], dtype=np.uint64)[:, None]
_B = np.array([b for _, b in _PERMUTATIONS], dtype=np.uint64)[:, None]
_LOW32 = np.uint64(0xFFFFFFFF)
_LOW29 = np.uint64((1 << 29) - 1)


def shingles(text: str) -> set[int]:
    """The hashed word 3-grams of `text`; empty when it is too short to compare."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    if len(words) < MIN_WORDS:
        return set()
    return {
        int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + 3]).encode(), digest_size=8).digest(), "big"
        )
        for i in range(len(words) - 2)
    }


def band_keys(shingle_set: set[int]) -> list[int]:
    """One signed 63-bit key per band of the MinHash signature (empty for short texts)."""
    if not shingle_set:
        return []
    signature = [int(value) for value in minhash_signature(shingle_set)]
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr((band, rows)).encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)  # fits a signed 64-bit column
    return keys


def minhash_signature(shingle_set: set[int]) -> np.ndarray:
    """min((a * s + b) mod p) over the shingles, for each permutation (a, b), as exact integers.

    The same values as Python's big integers give (stored keys depend on them), computed on 64-bit
    lanes: numpy has no 122-bit product, so a * s is taken mod the Mersenne prime p = 2^61 - 1 in
    32-bit halves (2^61 = 1 and 2^64 = 8 mod p). Python's per-shingle loop was 9 ms for a
    500-word article, this 2.
    """
    shingle_array = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    values = _mod_prime(_reduce(shingle_array))[None, :]
    return _mod_prime(_reduce(_mul_mod(_A, values) + _B)).min(axis=1)


def _reduce(x: np.ndarray) -> np.ndarray:
    """A value congruent to x mod p and below 2^61 + 8 (x below 2^64)."""
    return (x & _P) + (x >> np.uint64(61))


def _mod_prime(x: np.ndarray) -> np.ndarray:
    """x mod p, for x below 2p."""
    return np.where(x >= _P, x - _P, x)


def _mul_mod(a: np.ndarray, s: np.ndarray) -> np.ndarray:
    """A value congruent to a * s mod p, below 2^61 + 8, for a and s below p."""
    a1, a0 = a >> np.uint64(32), a & _LOW32
    s1, s0 = s >> np.uint64(32), s & _LOW32
    high = (a1 * s1) << np.uint64(3)  # a1 * s1 * 2^64, below 2^61
    middle = a1 * s0 + a0 * s1  # times 2^32; below 2^62
    middle = (middle >> np.uint64(29)) + ((middle & _LOW29) << np.uint64(32))
    return _reduce(_reduce(high + middle) + _reduce(a0 * s0))


def similarity(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def near_identical(a: str, b: str) -> bool:
    return similarity(shingles(a), shingles(b)) >= MIN_SIMILARITY


MAX_CANDIDATES = 50


def link_near_copies(articles: list, replaced: set[int] = frozenset()) -> None:
    """Store the articles' band keys and link each with its near-identical copies.

    The earliest of a group (by publication date, then by id) stays published; the others become
    duplicates of it, kept and reachable but out of search results. Articles whose status a curator
    set, or that are hidden, are left as they are. `replaced` are the ids among `articles` whose
    band keys were stored before (their body changed); new articles have none.
    One insert for the whole list and the candidates' bodies read once: per article this was
    9 ms of an import (README "Importing").
    """
    from articles.models import Article, ArticleBand

    shingle_sets = {article.pk: shingles(article.body) for article in articles}
    keys = {pk: band_keys(shingle_set) for pk, shingle_set in shingle_sets.items()}
    if replaced:
        ArticleBand.objects.filter(article_id__in=list(replaced)).delete()
    ArticleBand.objects.bulk_create(
        ArticleBand(article_id=pk, key=key)
        for pk, article_keys in keys.items()
        for key in article_keys
    )
    candidates = candidates_by_key(keys)
    known = {article.pk: article for article in articles}
    wanted = {pk for ids in candidates.values() for pk in ids} - known.keys()
    for candidate in Article.objects.filter(pk__in=wanted).only(*LINKING_FIELDS):
        known[candidate.pk] = candidate
    for pk, candidate_ids in candidates.items():
        copies = [
            known[candidate_id]
            for candidate_id in candidate_ids
            if candidate_id in known
            and similarity(shingle_sets[pk], shingles_of(known[candidate_id], shingle_sets))
            >= MIN_SIMILARITY
        ]
        if copies:
            link_group([known[pk], *copies])


# Band keys per query: SQLite limits a query's variables.
KEYS_PER_QUERY = 500


def candidates_by_key(keys: dict[int, list[int]]) -> dict[int, list[int]]:
    """For each article, up to MAX_CANDIDATES others sharing one of its band keys (lowest ids
    first), from one query per KEYS_PER_QUERY keys rather than one per article."""
    from articles.models import ArticleBand

    holders: dict[int, set[int]] = {}
    wanted = sorted({key for article_keys in keys.values() for key in article_keys})
    for start in range(0, len(wanted), KEYS_PER_QUERY):
        rows = ArticleBand.objects.filter(key__in=wanted[start : start + KEYS_PER_QUERY])
        for key, article_id in rows.values_list("key", "article_id"):
            holders.setdefault(key, set()).add(article_id)
    candidates = {}
    for pk, article_keys in keys.items():
        if article_keys:
            others = set().union(*(holders.get(key, ()) for key in article_keys)) - {pk}
            candidates[pk] = sorted(others)[:MAX_CANDIDATES]
    return candidates


# What linking reads of a candidate: its body to compare, the rest to choose and mark the original.
LINKING_FIELDS = ("pk", "body", "published", "status", "curated_fields", "duplicate_of")


def shingles_of(article, computed: dict[int, set[int]]) -> set[int]:
    if article.pk not in computed:
        computed[article.pk] = shingles(article.body)
    return computed[article.pk]


def link_group(group) -> None:
    from articles.models import Article

    def earliest(member):
        return (member.published or dt.date.max, member.pk)

    original = min(group, key=earliest)
    for member in group:
        if "status" in member.curated_fields or member.status == Article.Status.HIDDEN:
            continue
        if member.pk == original.pk:
            status, duplicate_of = Article.Status.PUBLISHED, None
        else:
            status, duplicate_of = Article.Status.DUPLICATE, original
        if member.status != status or member.duplicate_of_id != (duplicate_of and duplicate_of.pk):
            member.status, member.duplicate_of = status, duplicate_of
            member.save(update_fields=["status", "duplicate_of"])
