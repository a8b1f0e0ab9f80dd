"""One benchmark phase in a process of its own, so each peak-memory figure is that phase's alone.

    python bench/phases.py PHASE WORKDIR [--sample N]

Phases: prepare (database from WORKDIR/collection.jsonl), rebuild, search, edit, fts, fts-again
(the FTS5 timings on the database `fts` built), naive.
The last line printed is `RESULT {json}`, read by run_bench.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))


def setup_django(workdir: Path) -> None:
    os.environ["NEWSDESK_DATA_DIR"] = str(workdir / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    # The test client speaks plain http: no redirect to https (see README "Settings").
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("NEWSDESK_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000, "n": len(ordered)}


def phase_prepare(workdir: Path, sample: int) -> dict:
    from collection_db import read_records, store_rest, write_sample
    from django.core.management import call_command

    from articles.enrich import ArticleText
    from articles.enrich.workers import EnrichmentWorkers, default_processes
    from articles.store.enrichment import build_registry
    from articles.store.importer import import_articles

    call_command("migrate", verbosity=0)
    collection = workdir / "collection.jsonl"
    sample_file = workdir / "sample.jsonl"
    write_sample(collection, sample, sample_file)

    started = time.perf_counter()
    report = import_articles([str(sample_file)], workers=default_processes())
    import_seconds = time.perf_counter() - started

    # Enrichment alone on the same texts and workers, to say how much of the import it is.
    texts = [ArticleText(r["title"], r["body"], None) for r in read_records(sample_file)]
    with EnrichmentWorkers(default_processes()) as workers:
        started = time.perf_counter()
        workers.enrich_all(texts, build_registry())
        enrich_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rest = store_rest(collection, sample)
    bulk_seconds = time.perf_counter() - started
    return {
        "import_articles": sample,
        "import_summary": report.summary(),
        "import_per_s": sample / import_seconds,
        "enrich_per_s": sample / enrich_seconds,
        "enrich_share": enrich_seconds / import_seconds,
        "bulk_stored": rest,
        "bulk_seconds": bulk_seconds,
        "peak_mb": peak_mb(),
    }


def phase_rebuild(workdir: Path, sample: int) -> dict:
    from articles import search
    from articles.models import Article
    from articles.search.index import live_dir

    count = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    started = time.perf_counter()
    written = search.rebuild_index()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in live_dir().iterdir() if f.is_file())
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "articles": count,
        "written": written,
        "seconds": seconds,
        "per_s": written / seconds,
        "index_mb": size / 1e6,
        "peak_mb": max(peak_mb(), children),
    }


def logged_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    client = Client()
    client.force_login(user)
    return client


def timed_requests(client, path: str, mix: list[dict]) -> list[float]:
    from queries import url_params

    seconds = []
    for query in mix:
        started = time.perf_counter()
        response = client.get(path, url_params(query))
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path} {query}: HTTP {response.status_code}")
    return seconds


def timed_side_by_side(client, paths: tuple[str, str], mix: list[dict]):
    """Each query through both paths, one after the other, the first path first on even queries
    and second on odd ones: whichever runs second finds the index pages and caches the first one
    read, so timing one path's whole mix before the other's would favour the later one."""
    first, second = [], []
    for number, query in enumerate(mix):
        pair = [(paths[0], first), (paths[1], second)]
        for path, seconds in pair if number % 2 == 0 else reversed(pair):
            seconds.extend(timed_requests(client, path, [query]))
    return first, second


def phase_search(workdir: Path, sample: int) -> dict:
    from queries import query_mix

    from articles import search

    mix = query_mix()
    client = logged_in_client()
    started = time.perf_counter()
    search.search(search.SearchParams())  # opens the searcher and fills the facet cache
    first_seconds = time.perf_counter() - started
    after_open_mb = peak_mb()
    page, api = timed_side_by_side(client, ("/", "/api/search/"), mix)
    by_kind = {}
    for query, seconds in zip(mix, page, strict=True):
        by_kind.setdefault(query["kind"], []).append(seconds)
    (workdir / "mix.json").write_text(json.dumps(mix, indent=1))
    return {
        "first_search_s": first_seconds,
        "page": percentiles(page),
        "api": percentiles(api),
        "by_kind": {kind: percentiles(values) for kind, values in by_kind.items()},
        "after_open_mb": after_open_mb,
        "peak_mb": peak_mb(),
    }


def phase_edit(workdir: Path, sample: int) -> dict:
    """An admin-style edit: save, the on-commit index write, a search that finds the new title."""
    from django.db import transaction

    from articles import search
    from articles.models import Article

    search.search(search.SearchParams())
    timings = []
    articles = list(Article.objects.filter(status=Article.Status.PUBLISHED).order_by("?")[:10])
    for number, article in enumerate(articles):
        marker = f"benchedit{number}x{int(time.time())}"
        started = time.perf_counter()
        with transaction.atomic():
            article.title = f"{article.title} {marker}"
            article.save()
        results = search.search(search.SearchParams(q=marker))
        timings.append(time.perf_counter() - started)
        if results.total != 1:
            raise SystemExit(f"edit not found by search: {marker} gave {results.total}")
    return {"edit": percentiles(timings), "peak_mb": peak_mb()}


def phase_fts(workdir: Path, sample: int) -> dict:
    from baselines import fts_build
    from queries import query_mix

    mix = (
        json.loads((workdir / "mix.json").read_text())
        if (workdir / "mix.json").exists()
        else query_mix()
    )
    path = workdir / "fts.sqlite3"
    build_seconds = fts_build(path)
    return {"build_s": build_seconds, **fts_timings(path, mix)}


def phase_fts_again(workdir: Path, sample: int) -> dict:
    """The FTS5 timings again on the database an earlier `fts` phase built (a million articles
    take minutes to copy into FTS5), for a second measure of the same work."""
    mix = json.loads((workdir / "mix.json").read_text())
    return fts_timings(workdir / "fts.sqlite3", mix)


def fts_timings(path: Path, mix: list[dict]) -> dict:
    from baselines import fts_search

    connection = fts_connection(path)
    timings = []
    for query in mix:
        started = time.perf_counter()
        fts_search(connection, query)
        timings.append(time.perf_counter() - started)
    return {"search": percentiles(timings), "peak_mb": peak_mb()}


def fts_connection(path):
    import sqlite3

    return sqlite3.connect(path)


def phase_naive(workdir: Path, sample: int) -> dict:
    from baselines import naive_search
    from queries import query_mix

    from articles.search.index import live_dir

    mix = (
        json.loads((workdir / "mix.json").read_text())
        if (workdir / "mix.json").exists()
        else query_mix()
    )
    mix = mix[: sample or len(mix)]
    timings = []
    for query in mix:
        started = time.perf_counter()
        naive_search(live_dir(), query)
        timings.append(time.perf_counter() - started)
    return {"search": percentiles(timings), "peak_mb": peak_mb()}


PHASES = {
    "prepare": phase_prepare,
    "rebuild": phase_rebuild,
    "search": phase_search,
    "edit": phase_edit,
    "fts": phase_fts,
    "fts-again": phase_fts_again,
    "naive": phase_naive,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phase", choices=sorted(PHASES))
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    setup_django(args.workdir.resolve())
    result = PHASES[args.phase](args.workdir.resolve(), args.sample)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
