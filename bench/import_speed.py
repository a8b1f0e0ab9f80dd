"""Import throughput against enrichment alone on the same texts, in one run, for two samples.

    .venv/bin/python bench/import_speed.py ../shared/corpora [--size 2000] [--dev-limit N]
                                           [--workers N] [--profile FILE]

Samples: the bench collection's first `--size` articles (Reuters-21578 first: short wire stories,
build_collection.py) and the dev outlets' long scraped articles (newsarticles_dev, with their page
furniture). Each sample is measured in a process of its own on a fresh data folder: the real
`import_articles` end to end (store, near-copy linking, enrichment in worker processes, indexing,
entity links, furniture), then enrichment alone of the texts the import stored, with the same
workers. The model is loaded before both timings, so neither pays for it. The ratio import /
enrichment says how much of the import hides behind enrichment (the bar is 0.8). The CPU lines
say why: what the importing process and its child processes (enrichment workers, the index
writer's processes) spent, against what the workers spent enriching alone; on a machine whose
cores enrichment alone keeps busy, the import can only reach 0.8 when what it adds is at most a
quarter of enrichment's CPU. `--profile` writes a cProfile of the import (main process only) per
sample, FILE.SAMPLE.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_FILE = Path("newsarticles_dev/NewsArticles-dev.csv.gz")
DEV_MAP = {"url": "article_source_link", "id": "article_id"}


def cpu_since(before: tuple[float, float]) -> list[float]:
    return [after - earlier for after, earlier in zip(cpu_seconds(), before, strict=True)]


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process, and of its child processes that have ended."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measure(path: Path, field_map: dict[str, str], workers: int, profile: str | None) -> dict:
    """Import `path`, then enrich what it stored once more on its own; in this process."""
    import django

    django.setup()
    from django.core.management import call_command

    from articles.enrich.workers import EnrichmentWorkers, warm_up
    from articles.models import Article
    from articles.store.enrichment import article_texts, build_registry
    from articles.store.importer import import_articles

    call_command("migrate", verbosity=0)
    warm_up()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    report = import_articles([str(path)], field_map=field_map, workers=workers)
    import_seconds = time.perf_counter() - started
    import_cpu = cpu_since(cpu_before)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)

    stored = list(Article.objects.order_by("pk"))
    texts = article_texts(stored)
    cpu_before = cpu_seconds()
    with EnrichmentWorkers(workers) as pool:
        started = time.perf_counter()
        pool.enrich_all(texts, build_registry())
        enrich_seconds = time.perf_counter() - started
    enrich_cpu = cpu_since(cpu_before)
    words = sum(len(text.body.split()) for text in texts) / max(len(texts), 1)
    return {
        "summary": report.summary(),
        "articles": len(texts),
        "words": words,
        "import_seconds": import_seconds,
        "enrich_seconds": enrich_seconds,
        "import_cpu": import_cpu,
        "enrich_cpu": enrich_cpu,
    }


def run_sample(label: str, path: Path, field_map: dict, args, work: str) -> dict:
    data_dir = tempfile.mkdtemp(dir=work)
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "NEWSDESK_LOG_LEVEL": "ERROR",
    }
    command = [sys.executable, __file__, "--measure", str(path), "--workers", str(args.workers)]
    command += [f"--map={name}={column}" for name, column in field_map.items()]
    if args.profile:
        command += ["--profile", f"{args.profile}.{label}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not results:
        raise SystemExit(f"{label}: the measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(results[-1].removeprefix("RESULT "))


def print_result(label: str, result: dict) -> None:
    count = result["articles"]
    imported = count / result["import_seconds"]
    enriched = count / result["enrich_seconds"]
    print(f"{label}: {count} articles, {result['words']:.0f} words on average")
    print(
        f"  import end to end      {imported:6.1f} articles/s  ({result['import_seconds']:.1f} s)"
    )
    print(
        f"  enrichment alone       {enriched:6.1f} articles/s  ({result['enrich_seconds']:.1f} s)"
    )
    print(f"  import / enrichment    {imported / enriched:6.2f}")
    own, children = result["import_cpu"]
    enrich_cpu = sum(result["enrich_cpu"])
    print(f"  import CPU             {own:6.1f} s importing process, {children:.1f} s its children")
    print(f"  enrichment alone CPU   {enrich_cpu:6.1f} s")
    added = (own + children - enrich_cpu) / enrich_cpu
    print(f"  CPU the import adds    {added:6.2f} of enrichment's")
    print(f"  import report          {result['summary']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="?")
    parser.add_argument("--size", type=int, default=2000, help="bench collection articles")
    parser.add_argument("--dev-limit", type=int, default=0, help="dev outlet rows (0: all)")
    parser.add_argument("--workers", type=int, default=None, help="enrichment processes")
    parser.add_argument("--profile", help="write a cProfile of each import to PROFILE.SAMPLE")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--map", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.workers is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
        from articles.enrich.workers import default_processes

        args.workers = default_processes()
    if args.measure:
        field_map = dict(item.split("=", 1) for item in args.map)
        print("RESULT " + json.dumps(measure(args.measure, field_map, args.workers, args.profile)))
        return
    if args.corpora is None:
        parser.error("the corpora folder is required")

    print(f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as work:
        collection = Path(work) / "collection.jsonl"
        subprocess.run(
            [sys.executable, str(ROOT / "bench/build_collection.py"), str(args.corpora)]
            + ["--size", str(args.size), "--out", str(collection)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print_result("bench sample", run_sample("bench", collection, {}, args, work))
        dev = args.corpora / DEV_FILE
        if not dev.is_file():
            print(f"dev outlets: skipped, no {dev}")
        else:
            if args.dev_limit:
                dev = limited_csv(dev, args.dev_limit, Path(work) / "dev.csv")
            print_result("dev outlets", run_sample("dev", dev, DEV_MAP, args, work))
    print(f"load average at end   {os.getloadavg()[0]:.2f}")


def limited_csv(path: Path, rows: int, out: Path) -> Path:
    """The header and first `rows` records of a gzipped CSV (records may span lines)."""
    import csv
    import gzip

    with gzip.open(path, "rt", newline="") as source, out.open("w", newline="") as target:
        reader, writer = csv.reader(source), csv.writer(target)
        for number, row in enumerate(reader):
            if number > rows:
                break
            writer.writerow(row)
    return out


if __name__ == "__main__":
    main()
