"""Whole-enrichment speed: entities + topics + mentioned dates, as the importer runs it.

    .venv/bin/python bench/enrichment_speed.py \
        ../shared/corpora/bbc/bbc-fulltext.tar.gz [--limit 1000]

Reads BBC News articles (about 400 words each) straight from the archive, enriches them in the
importer's batch size with the importer's worker processes (one per core), and prints articles per
second and the peak memory: the main process plus the largest worker.
"""

import argparse
import os
import resource
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django  # noqa: E402

django.setup()

from articles.enrich import ArticleText, Registry  # noqa: E402
from articles.enrich.workers import EnrichmentWorkers, default_processes  # noqa: E402
from articles.importer import BATCH_SIZE  # noqa: E402


def read_bbc(archive: Path, limit: int) -> list[ArticleText]:
    texts = []
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            raw = tar.extractfile(member).read().decode("latin-1")
            title, _, body = raw.strip().partition("\n")
            texts.append(ArticleText(title.strip(), body.strip()))
            if len(texts) >= limit:
                break
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="bbc-fulltext.tar.gz")
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()

    texts = read_bbc(args.archive, args.limit)
    words = sum(len(t.body.split()) for t in texts) / len(texts)
    processes = default_processes()
    with EnrichmentWorkers(processes) as workers:
        workers.submit(texts[:BATCH_SIZE], Registry()).result()  # start the workers before timing
        started = time.perf_counter()
        results = workers.enrich_all(texts, Registry(), BATCH_SIZE)
        found = sum(len(enrichment.entities) for enrichment in results)
        elapsed = time.perf_counter() - started
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles          {len(texts)} (mean {words:.0f} words)")
    print(f"seconds           {elapsed:.1f}")
    print(f"articles/second   {len(texts) / elapsed:.0f}")
    print(f"entities found    {found}")
    print(f"worker processes  {processes}")
    print(
        f"peak memory       {main_mb + worker_mb:.0f} MB "
        f"(main {main_mb:.0f}, largest worker {worker_mb:.0f})"
    )
    print(f"load average      {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
