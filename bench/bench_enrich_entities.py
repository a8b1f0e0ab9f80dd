"""Time entity extraction on BBC news articles (about 400 words each).

    python bench/bench_enrich_entities.py CORPUS_DIR [--articles N]

CORPUS_DIR is the folder holding bbc/bbc-fulltext.tar.gz (e.g. ../shared/corpora); articles are
read from the archive in-process. Prints articles/second and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")


def read_bbc(archive: Path, limit: int) -> list[tuple[str, str]]:
    """(title, body) pairs: BBC files hold the title on the first line."""
    articles = []
    with tarfile.open(archive) as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".txt")) or "README" in member.name:
                continue
            raw = tar.extractfile(member).read().decode("latin-1")
            title, _, body = raw.strip().partition("\n")
            articles.append((title.strip(), body.strip()))
            if len(articles) == limit:
                break
    return articles


def peak_memory_mb() -> float:
    """Peak resident memory of this process and of finished worker processes, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers) / 1024


def cpu_seconds() -> float:
    """CPU time used by this process and its finished workers: unlike wall time, it does not
    depend on what else the machine is running."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    archive = args.corpus_dir / "bbc" / "bbc-fulltext.tar.gz"
    if not archive.is_file():
        raise SystemExit(f"No BBC archive at {archive}")

    import django

    django.setup()
    from articles.enrich import ArticleText, Registry
    from articles.enrich.entities import extract_entities, load_pipeline

    texts = [ArticleText(title, body) for title, body in read_bbc(archive, args.articles)]
    words = sum(len(t.body.split()) for t in texts) / len(texts)
    load_pipeline()
    extract_entities(texts[:8], Registry())  # warm up caches outside the timing

    started, cpu_started = time.perf_counter(), cpu_seconds()
    found = extract_entities(texts, Registry())
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    print(f"{len(texts)} articles, {words:.0f} words each on average")
    print(f"{sum(map(len, found)) / len(texts):.1f} entities per article")
    print(f"{len(texts) / elapsed:.1f} articles/second ({elapsed:.1f} s)")
    print(f"{cpu / len(texts) * 1000:.1f} ms CPU per article ({os.cpu_count()} cores)")
    print(f"load average {os.getloadavg()[0]:.1f} (other work slows the wall-clock figure)")
    print(f"peak memory {peak_memory_mb():.0f} MB (main process + largest worker)")


if __name__ == "__main__":
    main()
