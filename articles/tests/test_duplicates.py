"""Near-identical copies are recognised; different stories are not."""

import json
import os
import random
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from articles import search
from articles.models import Article
from articles.search import SearchParams
from articles.store.near_copies import (
    _PERMUTATIONS,
    _PRIME,
    band_keys,
    minhash_signature,
    near_identical,
    shingles,
)

WIRE = (
    "North Korea fired two short-range ballistic missiles into the sea off its east coast on "
    "Thursday, South Korea's military said, the latest in a series of launches that have raised "
    "tensions on the peninsula. The Joint Chiefs of Staff said the missiles flew about 600 km "
    "before landing in the water. Japan's coast guard issued a warning to ships in the area and "
    "said there were no reports of damage. Analysts said the launches were meant to test new "
    "solid-fuel engines ahead of a planned satellite launch later this year."
)
OTHER = (
    "The central bank raised interest rates by a quarter point on Wednesday, citing stubborn "
    "inflation in services and a tight labour market. Markets had expected the move, and "
    "bond yields barely changed. The governor said further increases were possible if wage "
    "growth stayed strong, but that the bank would watch the data closely before its next "
    "meeting in June. Mortgage lenders said they would pass the increase on to borrowers."
)
COPY = "By Staff Reporter. " + WIRE.replace("Thursday", "Thursday morning") + " Follow us on X."


def test_the_same_story_with_other_furniture_is_near_identical():
    assert near_identical(WIRE, COPY)
    assert set(band_keys(shingles(WIRE))) & set(band_keys(shingles(COPY)))


def test_a_different_story_is_not():
    assert not near_identical(WIRE, OTHER)
    assert not set(band_keys(shingles(WIRE))) & set(band_keys(shingles(OTHER)))


def test_short_texts_are_not_compared():
    assert shingles("Brief item: markets closed early.") == set()
    assert band_keys(set()) == []
    assert not near_identical("Markets closed early.", "Markets closed early.")


def keys_in_a_new_process(text: str, hash_seed: str) -> list[int]:
    """band_keys of `text` computed by a fresh interpreter with its own string-hash seed, as
    another import process or a later release would compute them."""
    code = (
        f"import json, sys; from {band_keys.__module__} import band_keys, shingles; "
        "print(json.dumps(band_keys(shingles(sys.stdin.read()))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )
    return json.loads(done.stdout)


def test_keys_are_stable_across_processes_and_fit_a_signed_64_bit_column():
    """Keys one process stores are looked up by others: Python's salted hash() must not leak in."""
    keys = band_keys(shingles(WIRE))
    assert keys_in_a_new_process(WIRE, "1") == keys_in_a_new_process(WIRE, "2") == keys
    assert len(keys) == 8 and all(0 <= key < 1 << 63 for key in keys)


def test_the_vectorised_signature_is_the_exact_modular_minimum():
    """Stored band keys come from this signature: the 64-bit arithmetic must give the values
    Python's unbounded integers do, or articles stored before would no longer meet their copies."""
    generator = random.Random(20)
    edges = {0, 1, _PRIME - 1, _PRIME, _PRIME + 1, (1 << 64) - 1, 1 << 63}
    for size in (1, 2, 40, 700):
        shingle_set = {generator.getrandbits(64) for _ in range(size)} | edges
        expected = [min((a * s + b) % _PRIME for s in shingle_set) for a, b in _PERMUTATIONS]
        assert [int(value) for value in minhash_signature(shingle_set)] == expected


def import_rows(tmp_path, rows, name="rows.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    call_command("import_articles", str(path), "--quiet", "--no-enrich")


@pytest.mark.django_db(transaction=True)
def test_a_wire_copy_is_linked_to_the_earliest_and_kept(tmp_path):
    import_rows(
        tmp_path,
        [
            {
                "url": "https://b.example/2",
                "title": "Missiles fired",
                "body": COPY,
                "published": "2024-05-16",
            },
            {
                "url": "https://a.example/1",
                "title": "N. Korea fires missiles",
                "body": WIRE,
                "published": "2024-05-15",
            },
            {
                "url": "https://c.example/3",
                "title": "Rates rise",
                "body": OTHER,
                "published": "2024-05-15",
            },
        ],
    )
    original = Article.objects.get(url="https://a.example/1")
    copy = Article.objects.get(url="https://b.example/2")
    assert original.status == "published" and original.duplicate_of is None
    assert copy.status == "duplicate" and copy.duplicate_of == original
    assert Article.objects.get(url="https://c.example/3").status == "published"
    found = search.search(SearchParams(q="ballistic missiles"))
    assert [hit.article.pk for hit in found.hits] == [original.pk]


@pytest.mark.django_db(transaction=True)
def test_a_curators_status_is_not_changed(tmp_path):
    import_rows(
        tmp_path,
        [{"url": "https://b.example/2", "title": "Copy", "body": COPY, "published": "2024-05-16"}],
    )
    copy = Article.objects.get()
    copy.curated_fields = ["status"]
    copy.save()
    import_rows(
        tmp_path,
        [{"url": "https://a.example/1", "title": "Wire", "body": WIRE, "published": "2024-05-15"}],
        "more.jsonl",
    )
    copy.refresh_from_db()
    assert copy.status == "published"
