"""Whole-enrichment speed: entities + topics + mentioned dates, as the importer runs it.

    .venv/bin/python bench/enrichment_speed.py ../shared/corpora [--limit 1000] [--workers N]
                                               [--min-words N]

Reads BBC News articles (about 400 words each) straight from bbc/bbc-fulltext.tar.gz, enriches them
in the importer's batch size with the importer's worker processes (one per core by default), and
prints articles per second, CPU time per article (which, unlike wall time, does not depend on what
else the machine runs) and the peak memory: the main process plus the largest worker.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django  # noqa: E402

django.setup()

from articles.enrich import ArticleText, Registry  # noqa: E402
from articles.enrich.topics.evaluation import bbc_stories  # noqa: E402
from articles.enrich.workers import EnrichmentWorkers, default_processes, warm_up  # noqa: E402
from articles.store.importer import BATCH_SIZE  # noqa: E402


def read_bbc(archive: Path, limit: int, min_words: int = 0) -> list[ArticleText]:
    """The first `limit` BBC stories of at least `min_words` words (to time longer articles)."""
    texts = []
    for story in bbc_stories(archive):
        if len(story.body.split()) >= min_words:
            texts.append(ArticleText(story.title, story.body))
        if len(texts) >= limit:
            break
    return texts


def cpu_seconds() -> float:
    """CPU time of this process and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="the folder holding bbc/bbc-fulltext.tar.gz")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=default_processes())
    parser.add_argument("--min-words", type=int, default=0, help="skip shorter articles")
    args = parser.parse_args()
    archive = args.corpora / "bbc" / "bbc-fulltext.tar.gz"
    if not archive.is_file():
        raise SystemExit(f"No BBC archive at {archive}")

    texts = read_bbc(archive, args.limit, args.min_words)
    words = sum(len(t.body.split()) for t in texts) / len(texts)
    warm_up()  # load the model here: the workers are forked with it, inside the timing
    workers = EnrichmentWorkers(args.workers)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    results = workers.enrich_all(texts, Registry(), BATCH_SIZE)
    elapsed = time.perf_counter() - started
    workers.close()  # finished workers count in RUSAGE_CHILDREN
    cpu = cpu_seconds() - cpu_started
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles          {len(texts)} (mean {words:.0f} words)")
    print(f"entities found    {sum(len(r.entities) for r in results) / len(texts):.1f} per article")
    print(f"worker processes  {args.workers}")
    print(f"seconds           {elapsed:.1f}")
    print(f"articles/second   {len(texts) / elapsed:.0f}")
    print(f"CPU per article   {cpu / len(texts) * 1000:.1f} ms")
    print(
        f"peak memory       {main_mb + worker_mb:.0f} MB "
        f"(main {main_mb:.0f}, largest worker {worker_mb:.0f})"
    )
    print(f"load average      {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
