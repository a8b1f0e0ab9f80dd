"""Import throughput, with and without enrichment, through the real `import_articles` command.

    .venv/bin/python bench/import_speed.py ../shared/corpora [--size 1000]

Converts the corpora (Reuters-21578 first) to JSON Lines with build_collection.py, then imports the
file twice into fresh data folders, with --no-enrich and with enrichment, and prints
articles/second.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(data_dir: str, *args: str) -> str:
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        collection = Path(work) / "collection.jsonl"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench/build_collection.py"),
                str(args.corpora),
                "--size",
                str(args.size),
                "--out",
                str(collection),
            ],
            check=True,
        )
        for label, extra in (("without enrichment", ["--no-enrich"]), ("with enrichment", [])):
            data_dir = tempfile.mkdtemp(dir=work)
            manage(data_dir, "migrate", "-v0")
            started = time.perf_counter()
            summary = manage(data_dir, "import_articles", str(collection), "--quiet", *extra)
            elapsed = time.perf_counter() - started
            print(f"{label:20} {args.size / elapsed:6.0f} articles/s  ({summary}; {elapsed:.1f} s)")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
