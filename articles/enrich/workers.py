"""Enrichment in worker processes, so that a caller can store one batch while the next is enriched.

    with EnrichmentWorkers(processes=2) as workers:
        job = workers.submit(texts, registry)     # returns at once
        ...                                       # store the previous batch meanwhile
        enrichments = job.result()

Workers are forked from the caller after it has loaded the model, the gazetteer and the topic
classifier, so they start in milliseconds and share those pages with it. Only texts go out and
only small `Enrichment` records come back (spaCy's own `n_process` sends whole Docs back, and
rebuilding them in the parent cost about as much as the model run). With `processes=0`, or for a
batch too small to be worth splitting, the work runs in the caller when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from articles.enrich import ArticleText, Enrichment, Registry, enrich_articles

# Below this many texts a batch is enriched in the caller: shipping it costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 32


def default_processes() -> int:
    """One worker per core: the caller's storing and indexing share the cores with them."""
    return min(os.cpu_count() or 1, 4)


def add_workers_argument(parser) -> None:
    """The --workers option of the management commands that enrich in bulk."""
    parser.add_argument(
        "--workers",
        type=int,
        default=default_processes(),
        metavar="N",
        help="Enrich in N worker processes while storing (default: one per core; 0: none).",
    )


def warm_up() -> None:
    """Load what enrichment reads before forking, so that every worker inherits it loaded."""
    enrich_articles([ArticleText("Warm-up", "Reuters reported from Paris on Monday.")])


class EnrichmentJob:
    """The enrichment of one batch: its parts run in workers, or in the caller on `result()`."""

    def __init__(self, parts: list[Future] | None = None, texts=None, registry=None):
        self._parts = parts
        self._texts = texts
        self._registry = registry

    def result(self) -> list[Enrichment]:
        if self._parts is None:
            return enrich_articles(self._texts, self._registry)
        return [enrichment for part in self._parts for enrichment in part.result()]


class EnrichmentWorkers:
    def __init__(self, processes: int | None = None):
        self.processes = default_processes() if processes is None else processes
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> EnrichmentWorkers:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, texts: list[ArticleText], registry: Registry) -> EnrichmentJob:
        if self.processes < 1 or len(texts) < MIN_TEXTS_FOR_WORKERS:
            return EnrichmentJob(texts=texts, registry=registry)
        pool = self._start()
        size = -(-len(texts) // self.processes)  # ceiling: one part per worker
        return EnrichmentJob(
            parts=[
                pool.submit(enrich_articles, texts[start : start + size], registry)
                for start in range(0, len(texts), size)
            ]
        )

    def enrich_all(
        self, texts: list[ArticleText], registry: Registry, batch_size: int = 200
    ) -> list[Enrichment]:
        """Enrich many texts, `batch_size` at a time, all batches queued at once; in order."""
        jobs = [
            self.submit(texts[start : start + batch_size], registry)
            for start in range(0, len(texts), batch_size)
        ]
        return [enrichment for job in jobs for enrichment in job.result()]

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            warm_up()
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes, mp_context=multiprocessing.get_context("fork")
            )
        return self._pool
