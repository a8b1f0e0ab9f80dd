"""Measure newsdesk search at scale against SQLite FTS5 and a straightforward Whoosh use.

    nice -n 10 python bench/run_bench.py CORPORA_DIR --size 100000 [--workdir var/bench/run-100k]
        [--sample 2000] [--naive-queries 20] [--reuse]

Builds the collection (bench/build_collection.py), fills a database in WORKDIR/data (the first
--sample articles through the real importer, the rest in bulk: see bench/collection_db.py), then
runs each phase in a process of its own (bench/phases.py) and prints one table. --reuse keeps an
existing WORKDIR database and only measures. Generated files stay under var/bench/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable


def run_phase(name: str, workdir: Path, sample: int = 0) -> dict:
    command = [PYTHON, str(BENCH_DIR / "phases.py"), name, str(workdir), "--sample", str(sample)]
    print(f"... {name}", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, cwd=BENCH_DIR.parent)
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"phase {name} failed (exit {done.returncode})")
    return json.loads(results[-1][len("RESULT ") :])


def migrate(workdir: Path) -> None:
    environment = {**os.environ, "NEWSDESK_DATA_DIR": str(workdir / "data")}
    command = [PYTHON, "manage.py", "migrate", "--noinput"]
    subprocess.run(command, cwd=BENCH_DIR.parent, env=environment, check=True, capture_output=True)


def ratio(slower: float, faster: float) -> str:
    return f"{slower / faster:.1f}x" if faster else "-"


def print_table(size: int, copies: str, results: dict) -> None:
    imp, reb, srch = results["prepare"], results["rebuild"], results["search"]
    edit, fts, naive = results["edit"], results["fts"], results["naive"]
    page, api = srch["page"], srch["api"]
    edit_ms, fts_ms, naive_ms = edit["edit"], fts["search"], naive["search"]
    rows = [
        ("collection", f"{size} articles ({copies})"),
        ("load average (1/5/15 min) at start", results["load"]),
        ("import end to end (sample)", f"{imp['import_per_s']:.0f} articles/s"),
        ("  articles imported for it", f"{imp['import_articles']}"),
        ("  enrichment alone, same texts", f"{imp['enrich_per_s']:.0f} articles/s"),
        ("index rebuild", f"{reb['per_s']:.0f} articles/s"),
        ("  articles, seconds", f"{reb['written']} in {reb['seconds']:.0f} s"),
        ("index size on disk", f"{reb['index_mb']:.0f} MB"),
        ("rebuild peak memory", f"{reb['peak_mb']:.0f} MB"),
        ("first search (open + facet table)", f"{srch['first_search_s'] * 1000:.0f} ms"),
        ("search page /, median / p95", f"{page['median_ms']:.0f} / {page['p95_ms']:.0f} ms"),
        ("JSON API, median / p95", f"{api['median_ms']:.0f} / {api['p95_ms']:.0f} ms"),
        ("  queries in the mix", f"{page['n']}"),
    ]
    for kind, figures in sorted(srch["by_kind"].items()):
        rows.append((f"  page, {kind}", f"{figures['median_ms']:.0f} / {figures['p95_ms']:.0f} ms"))
    rows += [
        ("web worker peak memory", f"{srch['peak_mb']:.0f} MB"),
        (
            "admin edit searchable, median / max",
            f"{edit_ms['median_ms']:.0f} / {edit_ms['p95_ms']:.0f} ms",
        ),
        (
            "SQLite FTS5 same work, median / p95",
            f"{fts_ms['median_ms']:.0f} / {fts_ms['p95_ms']:.0f} ms",
        ),
        ("  API p95 / FTS5 p95", ratio(api["p95_ms"], fts_ms["p95_ms"])),
        ("  API median / FTS5 median", ratio(api["median_ms"], fts_ms["median_ms"])),
        (
            "straightforward Whoosh, median / p95",
            f"{naive_ms['median_ms']:.0f} / {naive_ms['p95_ms']:.0f} ms",
        ),
        ("  queries (first of the mix)", f"{naive_ms['n']}"),
        ("  its p95 / API p95", ratio(naive_ms["p95_ms"], api["p95_ms"])),
        ("  its median / API median", ratio(naive_ms["median_ms"], api["median_ms"])),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--sample", type=int, default=2000, help="articles through the importer")
    parser.add_argument("--naive-queries", type=int, default=20, help="the slow baseline's share")
    parser.add_argument(
        "--reuse", action="store_true", help="keep WORKDIR's database; measure only"
    )
    args = parser.parse_args()
    workdir = (args.workdir or Path("var/bench") / f"run-{args.size // 1000}k").resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    collection = workdir / "collection.jsonl"
    results = {"load": " ".join(f"{v:.2f}" for v in os.getloadavg())}
    build = subprocess.run(
        [PYTHON, str(BENCH_DIR / "build_collection.py"), str(args.corpora)]
        + ["--size", str(args.size), "--out", str(collection)],
        capture_output=True,
        text=True,
        check=True,
    )
    copies = build.stderr.strip().split(": ", 1)[-1]
    prepared = workdir / "prepare.json"
    if args.reuse and prepared.exists():
        results["prepare"] = json.loads(prepared.read_text())
        migrate(workdir)  # a database kept from an earlier version of the code
    else:
        if (workdir / "data").exists():
            raise SystemExit(f"{workdir / 'data'} exists: pass --reuse or remove it")
        results["prepare"] = run_phase("prepare", workdir, args.sample)
        prepared.write_text(json.dumps(results["prepare"]))
    results["rebuild"] = run_phase("rebuild", workdir)
    results["search"] = run_phase("search", workdir)
    results["edit"] = run_phase("edit", workdir)
    results["fts"] = run_phase("fts", workdir)
    results["naive"] = run_phase("naive", workdir, args.naive_queries)
    (workdir / "results.json").write_text(json.dumps(results, indent=1))
    print_table(args.size, copies, results)


if __name__ == "__main__":
    main()
