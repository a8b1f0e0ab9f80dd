"""Where the index lives on disk, who may write it, and the searcher each thread reuses.

Layout under settings.NEWSDESK_INDEX_DIR:
  live           symlink to the generation searches read and edits write
  generations/   one folder per full build; a rebuild fills a new one and swaps `live` atomically
  write.lock     held by whoever writes, so writers in several processes take turns

Writers wait for the lock for a bounded time (IndexBusy after that); the caller leaves the articles
flagged `needs_indexing` and a later write or `check_index --repair` catches up.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings

from articles.search.schema import build_schema
from articles.search.storage import MappedFileStorage

logger = logging.getLogger("newsdesk.search")

LOCK_TIMEOUT_SECONDS = 30.0


class IndexBusy(Exception):
    """Another process held the index write lock for longer than we wait."""


def index_root() -> Path:
    return Path(settings.NEWSDESK_INDEX_DIR)


def live_link() -> Path:
    return index_root() / "live"


def new_generation_dir() -> Path:
    path = index_root() / "generations" / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def create_index(path: Path):
    return MappedFileStorage(str(path)).create_index(build_schema())


def open_index_at(path: Path):
    return MappedFileStorage(str(path)).open_index()


def point_live_at(path: Path) -> None:
    """Make `path` the live generation in one atomic rename, then drop the generations before it."""
    root = index_root()
    tmp_link = root / f"live.{uuid.uuid4().hex}"
    os.symlink(path.relative_to(root), tmp_link)
    os.replace(tmp_link, live_link())
    for old in (root / "generations").iterdir():
        if old.resolve() != path.resolve():
            # Readers that still have old files open keep reading them until they refresh.
            shutil.rmtree(old, ignore_errors=True)


def live_dir(create: bool = True) -> Path | None:
    """The live generation's folder; creates an empty index the first time it is needed."""
    link = live_link()
    if link.exists():
        return link.resolve()
    if not create:
        return None
    index_root().mkdir(parents=True, exist_ok=True)
    with write_lock():
        if not link.exists():
            path = new_generation_dir()
            create_index(path)
            point_live_at(path)
    return link.resolve()


class HeldLocks(threading.local):
    def __init__(self):
        self.paths: set[Path] = set()


held_locks = HeldLocks()


@contextlib.contextmanager
def write_lock(timeout: float = LOCK_TIMEOUT_SECONDS):
    """Hold the index's write lock, waiting at most `timeout` seconds for it.

    Re-entrant within a thread; other threads and processes wait (flock is per open file).
    """
    index_root().mkdir(parents=True, exist_ok=True)
    lock_path = index_root() / "write.lock"
    if lock_path in held_locks.paths:
        yield
        return
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"the search index stayed locked for {timeout:.0f} s") from None
                time.sleep(0.05)
        held_locks.paths.add(lock_path)
        try:
            yield
        finally:
            held_locks.paths.discard(lock_path)
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def live_writer(**writer_options):
    """A Whoosh writer on the live index, under the write lock; commits on success."""
    with write_lock():
        ix = open_index_at(live_dir())
        writer = ix.writer(**writer_options)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()
        finally:
            ix.close()


class SearcherCache(threading.local):
    """One open searcher per thread, reopened only when the index changed on disk."""

    def __init__(self):
        self.path: Path | None = None
        self.ix = None
        self.searcher = None

    def get(self):
        path = live_dir()
        if self.searcher is not None and self.path == path and self.searcher.up_to_date():
            return self.searcher
        # A fresh searcher, never Searcher.refresh(): whoosh-reloaded 2.7.5 reuses the reader of a
        # segment that gained deletions (deleted documents stay found) and re-adds merged-away
        # segments. Opening is cheap with MappedFileStorage (no copy of the index).
        self.close()
        self.ix = open_index_at(path)
        self.path = path
        self.searcher = self.ix.searcher()
        return self.searcher

    def close(self):
        if self.searcher is not None:
            self.searcher.close()
        if self.ix is not None:
            self.ix.close()
        self.path = self.ix = self.searcher = None


searchers = SearcherCache()


def current_searcher():
    return searchers.get()
