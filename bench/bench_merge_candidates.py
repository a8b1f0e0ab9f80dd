"""How long merge suggestions take over many entities (the admin page's work, without the query).

    python bench/bench_merge_candidates.py [N]

Builds N synthetic entities of three kinds with realistic name shapes and planted duplicates, then
times articles.store.merge_candidates.find_merge_candidates. Prints figures; asserts nothing
about speed.
"""

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django  # noqa: E402

django.setup()

from articles.store.merge_candidates import Candidate, find_merge_candidates  # noqa: E402

FIRST = ["John", "Maria", "Sergei", "Kim", "Li", "Ahmed", "Anna", "Pierre", "Yuki", "Omar"]
ORG_WORDS = ["Ministry", "Agency", "Council", "Bank", "Party", "Institute", "Union", "Office"]


def synthetic(n: int, seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(4, 9))).capitalize()

    rows = []
    for pk in range(1, n + 1):
        kind = rng.choice(["person", "person", "org", "place"])
        if kind == "person":
            name = f"{rng.choice(FIRST)} {word()}"
        elif kind == "org":
            name = f"{rng.choice(ORG_WORDS)} of {word()}"
        else:
            name = word()
        rows.append(Candidate(pk, name, kind, rng.randint(1, 50)))
    for i in range(0, n // 10):  # plant a duplicate for one entity in ten
        base = rows[i * 10]
        words = base.name.split()
        rows.append(
            Candidate(n + i + 1, words[-1] if len(words) > 1 else base.name + "s", base.kind, 1)
        )
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rows = synthetic(n)
    start = time.perf_counter()
    suggestions = find_merge_candidates(rows, limit=1_000_000)
    elapsed = time.perf_counter() - start
    print(f"{len(rows)} entities: {len(suggestions)} suggestions in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
