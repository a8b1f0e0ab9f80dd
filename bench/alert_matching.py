"""Alert matching: 1,000 saved searches against a batch of 1,000 newly imported articles.

    nice -n 10 .venv/bin/python bench/alert_matching.py ../shared/corpora [--base 2000]
        [--batch 1000] [--searches 1000] [--no-enrich]

Builds a collection with build_collection.py (Reuters-21578 first), imports its first --base
articles into a fresh data folder, saves --searches searches made from that collection's own
title words, entities, topics and sources (words, two words, phrases, OR, follows, words with
filters and date ranges), then imports the next --batch articles through the real importer and
prints the time the alert matching took (the importer's `alert_new_articles` calls, timed where
the importer calls them), the import time of the batch, and matching's share of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORD = re.compile(r"[A-Za-z]{4,}")


def build_collection(corpora: Path, size: int, out: Path) -> list[str]:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/build_collection.py"),
            str(corpora),
            "--size",
            str(size),
            "--out",
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out.read_text(encoding="utf-8").splitlines()


def setup_django(data_dir: Path) -> None:
    os.environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    os.environ.setdefault("NEWSDESK_LOG_LEVEL", "ERROR")
    import django

    django.setup()


def title_words(lines: list[str]) -> list[str]:
    """Words of the base collection's titles found in 0.1% to 5% of them: what analysts type."""
    counts = Counter()
    for line in lines:
        counts.update({word.lower() for word in WORD.findall(json.loads(line)["title"])})
    low, high = max(2, len(lines) // 1000), len(lines) // 20
    return sorted(word for word, count in counts.items() if low <= count <= high)


def title_phrases(lines: list[str]) -> list[str]:
    pairs = Counter()
    for line in lines:
        words = WORD.findall(json.loads(line)["title"].lower())
        pairs.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return [pair for pair, count in pairs.items() if count >= 3]


def saved_queries(lines: list[str], count: int, rng: random.Random) -> list[dict]:
    """`count` searches as the search page would send them, of the kinds analysts save."""
    from articles.models import Entity, Source, Topic

    words, phrases = title_words(lines), title_phrases(lines)
    entities = list(Entity.objects.filter(mentions__isnull=False).distinct().values("slug", "kind"))
    topics = list(Topic.objects.filter(article_topics__isnull=False).distinct().values("slug"))
    sources = list(Source.objects.values_list("slug", flat=True))
    day = dt.date(1987, 1, 1)

    def some_follow() -> dict:  # none without enrichment: there are no entities
        return follow(rng.choice(entities)) if entities else {}

    kinds = [
        (40, lambda: {"q": rng.choice(words)}),
        (15, lambda: {"q": " ".join(rng.sample(words, 2))}),
        (10, lambda: {"q": f'"{rng.choice(phrases)}"' if phrases else rng.choice(words)}),
        (10, lambda: {"q": " OR ".join(rng.sample(words, 3))}),
        (10, lambda: some_follow() or {"q": rng.choice(words)}),
        (10, lambda: {"q": rng.choice(words), **some_follow()}),
        (
            5,
            lambda: {
                "q": rng.choice(words),
                "topic": rng.choice(topics)["slug"] if topics else "",
                "source": rng.choice(sources) if sources else "",
                "date_from": (day + dt.timedelta(days=rng.randrange(300))).isoformat(),
            },
        ),
    ]
    weights = [weight for weight, _ in kinds]
    makers = [make for _, make in kinds]
    return [rng.choices(makers, weights)[0]() for _ in range(count)]


def follow(entity: dict) -> dict:
    return {entity["kind"]: entity["slug"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--base", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--no-enrich", action="store_true")
    args = parser.parse_args()
    enrich = not args.no_enrich

    with tempfile.TemporaryDirectory(prefix="newsdesk-alert-bench-") as work:
        work = Path(work)
        lines = build_collection(args.corpora, args.base + args.batch, work / "all.jsonl")
        base, batch = lines[: args.base], lines[args.base :]
        (work / "base.jsonl").write_text("\n".join(base) + "\n", encoding="utf-8")
        (work / "batch.jsonl").write_text("\n".join(batch) + "\n", encoding="utf-8")
        setup_django(work / "data")

        from django.contrib.auth.models import User
        from django.core.management import call_command

        from articles.models import AlertHit, SavedSearch
        from articles.monitoring import alerts
        from articles.store import importer

        call_command("migrate", verbosity=0)
        importer.import_articles([str(work / "base.jsonl")], enrich=enrich)
        owner = User.objects.create_user("bench", email="bench@example.org")
        queries = saved_queries(base, args.searches, random.Random(18))
        SavedSearch.objects.bulk_create(
            SavedSearch(owner=owner, name=f"search {n}", query=urlencode(query))
            for n, query in enumerate(queries)
        )

        matching = []
        alert_new_articles = alerts.alert_new_articles

        def timed(ids):
            started = time.perf_counter()
            found = alert_new_articles(ids)
            matching.append(time.perf_counter() - started)
            return found

        importer.alert_new_articles = timed  # the name the importer calls, timed where it calls it
        started = time.perf_counter()
        report = importer.import_articles([str(work / "batch.jsonl")], enrich=enrich)
        total = time.perf_counter() - started

        spent = sum(matching)
        problems = SavedSearch.objects.exclude(problem="").count()
        hit_searches = AlertHit.objects.values("saved_search").distinct().count()
        print(f"saved searches          {args.searches} ({problems} skipped with a problem)")
        print(f"batch                   {len(batch)} articles: {report.summary()}")
        print(f"enrichment              {'on' if enrich else 'off'}")
        print(f"alert hits              {AlertHit.objects.count()} from {hit_searches} searches")
        print(f"matching                {spent:.2f} s over {len(matching)} import batches")
        print(f"import of the batch     {total:.2f} s, matching included")
        print(f"matching's share        {spent / total:.1%} of the import time")
        print(f"added to the import     {spent / (total - spent):.1%}")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
