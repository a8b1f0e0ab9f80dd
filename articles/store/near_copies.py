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
    signature = [min((a * s + b) % _PRIME for s in shingle_set) for a, b in _PERMUTATIONS]
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr((band, rows)).encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)  # fits a signed 64-bit column
    return keys


def similarity(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def near_identical(a: str, b: str) -> bool:
    return similarity(shingles(a), shingles(b)) >= MIN_SIMILARITY


MAX_CANDIDATES = 50


def link_near_copies(article, new: bool = False) -> None:
    """Store the article's band keys and link it with its near-identical copies.

    The earliest of a group (by publication date, then by id) stays published; the others become
    duplicates of it, kept and reachable but out of search results. Articles whose status a curator
    set, or that are hidden, are left as they are. A `new` article has no band keys to replace.
    """
    from articles.models import Article, ArticleBand

    shingle_set = shingles(article.body)
    keys = band_keys(shingle_set)
    if not new:
        ArticleBand.objects.filter(article=article).delete()
    ArticleBand.objects.bulk_create(ArticleBand(article=article, key=key) for key in keys)
    if not keys:
        return
    candidate_ids = list(
        ArticleBand.objects.filter(key__in=keys)
        .exclude(article_id=article.pk)
        .values_list("article_id", flat=True)
        .distinct()[:MAX_CANDIDATES]
    )
    copies = [
        candidate
        for candidate in Article.objects.filter(pk__in=candidate_ids)
        if similarity(shingle_set, shingles(candidate.body)) >= MIN_SIMILARITY
    ]
    if copies:
        link_group([article, *copies])


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
