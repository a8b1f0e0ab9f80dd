"""The browse page's facets on a collection, imported as a new user would, to judge at a glance.

    .venv/bin/python bench/facet_quality.py COLLECTION [--map FIELD=COLUMN ...] [--top 50]
                                             [--data-dir DIR] [--outlet DOMAIN]

Imports COLLECTION through the real `import_articles` command into a fresh data folder (new
database, migrate, import, index), then prints the top values of people, organisations, places,
topics and sources as the browse page shows them (the search verb with no query), with their
counts, and the share of articles with a source. `--data-dir` keeps the data folder there; an
existing one is reused without importing again. `--outlet DOMAIN` imports only the rows whose URL's
host ends with DOMAIN, so everything the product learns from a collection (furniture, sources,
entity links) is learned from that outlet alone, as it would be on an outlet it never saw: run it
once per outlet for a leave-one-outlet-out measure.

    .venv/bin/python bench/facet_quality.py \
        ../shared/corpora/newsarticles_dev/NewsArticles-dev.csv.gz \
        --map url=article_source_link --map id=article_id
"""

import argparse
import csv
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
GROUPS = (
    ("person", "people"),
    ("org", "organisations"),
    ("place", "places"),
    ("topic", "topics"),
    ("source", "sources"),
)


def manage(data_dir: Path, *args: str) -> str:
    """Run one management command in `data_dir`; its last line, or exit with its error."""
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: some items failed, which the summary line reports
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr.strip()}")
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def url_column(maps: list[str]) -> str:
    """The CSV column the import reads the URL from (`--map url=COLUMN`, else `url`)."""
    for field in maps:
        name, _, column = field.partition("=")
        if name == "url" and column:
            return column
    return "url"


def outlet_rows(collection: Path, maps: list[str], outlet: str, into: Path) -> Path:
    """A CSV of only the rows whose URL's host is `outlet` or under it, written into `into`."""
    column = url_column(maps)
    wanted = outlet.lower().removeprefix("www.")
    opener = gzip.open if collection.suffix == ".gz" else open
    path = into / f"{wanted}.csv"
    kept = 0
    with opener(collection, "rt", encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        if column not in (reader.fieldnames or []):
            sys.exit(f"{collection}: no column {column!r} to pick the outlet from")
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            for row in reader:
                host = (urlsplit(row[column] or "").hostname or "").removeprefix("www.")
                if host == wanted or host.endswith("." + wanted):
                    writer.writerow(row)
                    kept += 1
    if not kept:
        sys.exit(f"{collection}: no row's {column!r} is on {outlet}")
    print(f"outlet {wanted}: {kept} rows")
    return path


def import_collection(collection: Path, maps: list[str], data_dir: Path) -> None:
    manage(data_dir, "migrate", "-v0")
    started = time.perf_counter()
    mapped = [arg for field in maps for arg in ("--map", field)]
    summary = manage(data_dir, "import_articles", str(collection), "--quiet", *mapped)
    print(f"import: {summary} ({time.perf_counter() - started:.0f} s)")


def print_facets(data_dir: Path, top: int) -> None:
    """The browse page's facets, read through the search verb in this process."""
    os.environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from articles import search
    from articles.models import Article

    results = search.search(search.SearchParams())
    articles = Article.objects.filter(status=Article.Status.PUBLISHED)
    with_source = articles.filter(source__isnull=False).count()
    total = articles.count()
    print(f"articles shown {results.total}; with a source {with_source} of {total}", end="")
    print(f" ({with_source / total:.1%})" if total else "")
    for group, title in GROUPS:
        values = results.facets[group][:top]
        print(f"\n{title} (top {len(values)})")
        for rank, value in enumerate(values, 1):
            print(f"{rank:3}  {value.count:5}  {value.label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", type=Path)
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument(
        "--data-dir", type=Path, help="keep the data folder here (reused if it exists)"
    )
    parser.add_argument(
        "--outlet", metavar="DOMAIN", help="import only the rows whose URL is on DOMAIN"
    )
    args = parser.parse_args()
    if not args.collection.exists():
        sys.exit(f"{args.collection}: no such file")

    with tempfile.TemporaryDirectory() as work:
        data_dir = args.data_dir or Path(work) / "data"
        if not (data_dir / "newsdesk.sqlite3").exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            collection = args.collection
            if args.outlet:
                collection = outlet_rows(collection, args.map, args.outlet, Path(work))
            import_collection(collection, args.map, data_dir)
        print_facets(data_dir, args.top)


if __name__ == "__main__":
    main()
