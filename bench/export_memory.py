"""Peak memory of the streamed JSON Lines export of a whole result set (the API's export.jsonl).

    nice -n 10 python bench/export_memory.py CORPORA_DIR --size 100000 [--workdir DIR] [--reuse]

Builds the benchmark database the way bench/run_bench.py does (bench/build_collection.py, then
the `prepare` and `rebuild` phases of bench/phases.py: a sample through the real importer, the
rest in bulk, a fresh index), or with --reuse takes the one already in WORKDIR/data (a copy of
another run's WORKDIR works: the script migrates it). Then, in a process of its own, it streams
the export of every published article, and of a query's hits, through the test client with an
API token, reading the stream as a client would, and prints the rows, bytes, time, the process's
resident memory every 10% of the rows and its peak. Flat memory: the figure at 10% and at 100%
of the rows are the same, and the peak stays under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from run_bench import PYTHON, run_phase  # noqa: E402

EXPORTS = [("every published article", {}), ("q=government", {"q": "government"})]


def resident_mb() -> float:
    """The resident set now (ru_maxrss only ever grows, so it cannot show flatness)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_export(client, headers: dict, params: dict, expected: int) -> dict:
    response = client.get("/api/v1/search/export.jsonl", params, **headers)
    assert response.status_code == 200 and response.streaming, response.status_code
    rows = size = 0
    marks = {max(1, expected * tenth // 10) for tenth in range(1, 11)}
    resident = []
    started = time.perf_counter()
    for chunk in response.streaming_content:
        size += len(chunk)
        for _ in range(chunk.count(b"\n")):
            rows += 1
            if rows in marks:
                resident.append(round(resident_mb()))
    seconds = time.perf_counter() - started
    response.close()
    return {
        "rows": rows,
        "expected": expected,
        "mb_out": size / 2**20,
        "seconds": seconds,
        "resident_mb_each_10pct": resident,
    }


def run_export(workdir: Path) -> None:
    from phases import setup_django

    setup_django(workdir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from articles import search
    from articles.api.models import ApiToken
    from articles.search import SearchParams

    call_command("migrate", verbosity=0)  # a copied database may predate the API's tokens
    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(user, 'bench')[1]}"}
    client = Client()
    results = {"before_mb": None, "exports": []}
    for label, params in EXPORTS:
        expected = search.search(SearchParams(**params)).total
        if results["before_mb"] is None:  # Django, the index and its facet table are loaded
            results["before_mb"] = round(resident_mb())
        results["exports"].append(
            {"export": label, **measure_export(client, headers, params, expected)}
        )
    results["peak_mb"] = round(peak_mb())
    print("RESULT " + json.dumps(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="?")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="measure WORKDIR's database")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = (args.workdir or Path("var/bench") / f"export-{args.size // 1000}k").resolve()
    if args.measure:
        return run_export(workdir)
    if not args.reuse:
        if args.corpora is None:
            raise SystemExit("CORPORA_DIR is needed to build a database (or pass --reuse)")
        if (workdir / "data").exists():
            raise SystemExit(f"{workdir / 'data'} exists: pass --reuse or remove it")
        workdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [PYTHON, str(BENCH_DIR / "build_collection.py"), str(args.corpora)]
            + ["--size", str(args.size), "--out", str(workdir / "collection.jsonl")],
            check=True,
        )
        run_phase("prepare", workdir, 2000)
        run_phase("rebuild", workdir)
    elif not (workdir / "data").exists():
        raise SystemExit(f"--reuse: no database in {workdir / 'data'}")
    done = subprocess.run(
        [PYTHON, __file__, "--measure", "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        cwd=BENCH_DIR.parent,
    )
    found = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not found:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"the export failed (exit {done.returncode})")
    print_report(json.loads(found[-1][len("RESULT ") :]))


def print_report(results: dict) -> None:
    print(f"resident before the export: {results['before_mb']} MB")
    for export in results["exports"]:
        print(
            f"{export['export']}: {export['rows']:,} rows of {export['expected']:,} hits, "
            f"{export['mb_out']:.0f} MB of JSON Lines in {export['seconds']:.1f} s "
            f"({export['rows'] / max(export['seconds'], 1e-9):,.0f} rows/s)"
        )
        print(f"  resident MB at each 10% of the rows: {export['resident_mb_each_10pct']}")
    print(f"peak resident memory of the process: {results['peak_mb']} MB")


if __name__ == "__main__":
    main()
