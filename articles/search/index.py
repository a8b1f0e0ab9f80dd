"""Where the index lives on disk, who may write it, and the searcher each thread reuses.

Layout under settings.NEWSDESK_INDEX_DIR:
  live           symlink to the generation searches read and edits write
  generations/   one folder per full build; a rebuild fills a new one and swaps `live` atomically
  write.lock     held by whoever writes, so writers in several processes take turns
  rebuild.lock   held by the one rebuild that may run at a time

Each generation holds a `schema_version` file (schema.SCHEMA_VERSION when it was created; none
means version 1). Opening a generation of another version raises IndexOutdated: its documents were
analysed differently, so neither searching it with today's queries nor writing today's documents
into it would be right. `rebuild_index` (or `check_index --repair`) builds a current one.

Writers wait for the lock for a bounded time (settings.NEWSDESK["INDEX_LOCK_TIMEOUT"], IndexBusy
after that); the caller leaves the articles flagged `needs_indexing` and a later write or
`check_index --repair` catches up. Both locks are flock()s: a killed process releases them.
"""

from __future__ import annotations

import calendar
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
from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.numeric import byte_to_length

from articles.search.codec import InliningCodec
from articles.search.schema import SCHEMA_VERSION, build_schema
from articles.search.storage import MappedFileStorage

logger = logging.getLogger("newsdesk.search")

GENERATION_TIME_FORMAT = "%Y%m%d-%H%M%S"
SCHEMA_VERSION_FILE = "schema_version"
# BM25F's length normalisation (B) and term-frequency saturation (K1), chosen on the relevance
# harness (bench/relevance_tuning.py, README "Search relevance"): B 0.3-0.9 was best at 0.75, K1
# 1.6-2.5 did equally well and better than Whoosh's 1.2.
BM25 = {"B": 0.75, "K1": 2.0}


class IndexBusy(Exception):
    """Another process held the index write lock for longer than we wait."""


class IndexOutdated(Exception):
    """The live index was written by another schema version and must be rebuilt."""

    def __init__(self, path: Path, found: int):
        self.path, self.found = path, found
        super().__init__(
            f"the search index at {path} has schema version {found}, this version of newsdesk "
            f"reads and writes version {SCHEMA_VERSION}: rebuild it (manage.py rebuild_index)"
        )


def index_root() -> Path:
    return Path(settings.NEWSDESK_INDEX_DIR)


def live_link() -> Path:
    return index_root() / "live"


def new_generation_dir() -> Path:
    started = time.strftime(GENERATION_TIME_FORMAT, time.gmtime())
    path = index_root() / "generations" / f"{started}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def create_index(path: Path):
    ix = MappedFileStorage(str(path)).create_index(build_schema())
    (path / SCHEMA_VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
    return ix


def schema_version_at(path: Path) -> int:
    """The schema version of the generation at `path` (1: written before versions were stored)."""
    try:
        return int((path / SCHEMA_VERSION_FILE).read_text().strip())
    except FileNotFoundError:
        return 1
    except ValueError:
        return 0  # unreadable: no version this code writes


def open_index_at(path: Path):
    """The index at `path`; raises IndexOutdated when another schema version wrote it."""
    found = schema_version_at(path)
    if found != SCHEMA_VERSION:
        raise IndexOutdated(path, found)
    return MappedFileStorage(str(path)).open_index()


def weighting() -> scoring.BM25F:
    return scoring.BM25F(**BM25)


def point_live_at(path: Path) -> None:
    """Make `path` the live generation in one atomic rename."""
    root = index_root()
    tmp_link = root / f"live.{uuid.uuid4().hex}"
    os.symlink(path.relative_to(root), tmp_link)
    os.replace(tmp_link, live_link())


def remove_old_generations(keep: set[Path]) -> None:
    """Delete every generation but `keep`, and links left by a swap that was interrupted.

    Only a rebuild calls this, under the rebuild lock, so no build in progress is removed. The
    generation just replaced is kept until the next rebuild: a reader that resolved `live` a moment
    before the swap can still open it. Readers with files already open keep them (POSIX unlink).
    """
    root = index_root()
    kept = {path.resolve() for path in keep}
    (root / "generations").mkdir(parents=True, exist_ok=True)  # none yet on a new install
    for old in (root / "generations").iterdir():
        if old.resolve() not in kept:
            shutil.rmtree(old, ignore_errors=True)
    for stray in root.glob("live.*"):
        stray.unlink(missing_ok=True)


def live_generation_time() -> float | None:
    """When the live generation was created (seconds since the epoch), or None before the first.

    Read from the folder's name (UTC): its modification time changes with every write.
    """
    path = live_dir(create=False)
    if path is None:
        return None
    try:
        return calendar.timegm(time.strptime(path.name[:15], GENERATION_TIME_FORMAT))
    except ValueError:
        return path.stat().st_mtime


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


def lock_timeout() -> float:
    return float(settings.NEWSDESK.get("INDEX_LOCK_TIMEOUT", 10))


@contextlib.contextmanager
def file_lock(name: str, timeout: float, busy_message: str):
    """Hold the flock on index_root()/name, waiting at most `timeout` seconds (0: do not wait).

    Re-entrant within a thread; other threads and processes wait (flock is per open file).
    """
    index_root().mkdir(parents=True, exist_ok=True)
    lock_path = index_root() / name
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
                    raise IndexBusy(busy_message) from None
                time.sleep(0.05)
        held_locks.paths.add(lock_path)
        try:
            yield
        finally:
            held_locks.paths.discard(lock_path)
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_lock(timeout: float | None = None):
    """Hold the index's write lock, waiting at most `timeout` seconds (default: the setting)."""
    timeout = lock_timeout() if timeout is None else timeout
    return file_lock("write.lock", timeout, f"the search index stayed locked for {timeout:g} s")


def rebuild_lock():
    """Held for a whole rebuild; a second rebuild fails at once instead of queueing."""
    return file_lock("rebuild.lock", 0, "another rebuild of the search index is running")


def rebuild_running() -> bool:
    """Whether some thread or process holds the rebuild lock now."""
    lock_path = index_root() / "rebuild.lock"
    if lock_path in held_locks.paths:
        return True
    if not lock_path.exists():
        return False
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


class KnownLengthColumns:
    """A new segment's length reader for the postings writer, each field's lengths read once.

    whoosh-reloaded 2.7.5 looks for a field's length column file (an os.stat) at every posting of
    a field without one (ids, facet keywords), as it caches only the columns it found: 95,000 stats
    for an import of 1,000 short articles, a third of the commit. Where the column is there, it
    reads and unpacks one byte from the file per posting (98,856 reads for 485 TASS articles):
    the postings writer asks for every document's length of every term in turn, so each field's
    column is read whole, once, into a list.
    """

    def __init__(self, reader):
        self._reader = reader
        self._lengths: dict[str, list | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._read_lengths(fieldname)
        lengths = self._lengths[fieldname]
        return default if lengths is None else lengths[docnum]

    def _read_lengths(self, fieldname: str) -> list | None:
        """The field's length of every document, as Whoosh's reader gives them one by one (None
        for a document without the field), or None when no document has the field."""
        column = _lenfield(fieldname)
        if not self._reader.has_column(column):
            return None
        lengths = self._reader.column_reader(column, LENGTHS_COLUMN).load()
        return [LENGTH_OF_BYTE[byte] for byte in lengths]

    def close(self) -> None:
        self._reader.close()


# What Whoosh's reader answers for each stored length byte: 0 is no length at all.
LENGTH_OF_BYTE = [None] + [byte_to_length(byte) for byte in range(1, 256)]


def remember_length_columns(writer) -> None:
    """Give `writer`'s commit a KnownLengthColumns reader (a segment writer's postings only)."""
    per_document_reader = writer.per_document_reader
    writer.per_document_reader = lambda: KnownLengthColumns(per_document_reader())


def spell_words_once(writer) -> None:
    """Give `writer`'s postings pool each spelling word once per segment.

    For a stemmed field with spelling, Whoosh adds every distinct word of every document to the
    field's spelling sub-field, each as a posting of document 0. Suggestions only ask which words
    exist (`terms_within`; their order reads the main field's frequency), so the repeats are sorted,
    spilled to disk and merged for nothing: in the 10k bench collection spell_body held 813,155
    postings beside body's 781,902, and the spelling sub-fields together 891,997 of the index's
    2,127,410 (42%)."""
    spelling_fields = {
        field.spelling_fieldname(name)
        for name, field in writer.schema.items()
        if field.separate_spelling()
    }
    pool = writer.pool
    add = pool.add
    added: set[tuple[str, bytes]] = set()

    def add_spelling_once(posting):
        if posting[0] in spelling_fields:
            word = (posting[0], posting[1])
            if word in added:
                return
            added.add(word)
        add(posting)

    pool.add = add_spelling_once


def prepare_segment_writer(writer) -> None:
    """The two patches every segment writer of ours gets, in the process that writes."""
    remember_length_columns(writer)
    spell_words_once(writer)


class KnownLengthsSubWriter(SubWriterTask):
    """A multiprocess writer's sub-process whose segment writer remembers its length columns and
    adds each spelling word once."""

    def _process_file(self, filename, doc_count):
        if not getattr(self.writer, "prepared", False):
            prepare_segment_writer(self.writer)  # in this process: the writer is made in run()
            self.writer.prepared = True
        super()._process_file(filename, doc_count)


class ParallelWriter(MpWriter):
    """Whoosh's multiprocess writer, each of its sub-processes with KnownLengthColumns: they do the
    postings writing of a rebuild, which looked for missing length columns at every posting."""

    def _new_task(self):
        task = KnownLengthsSubWriter(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


# Processes of a parallel writer (the rebuild's and a big write's): the machine's two cores.
PARALLEL_PROCS = 2


def segment_writer(ix, parallel: bool = False, **writer_options):
    """Every writer of ours: our codec, our two patches. `parallel`: the documents are analysed
    and their postings written in PARALLEL_PROCS processes, each leaving a segment."""
    writer_options["codec"] = InliningCodec()
    if parallel:
        writer = ParallelWriter(ix, procs=PARALLEL_PROCS, multisegment=True, **writer_options)
    else:
        writer = ix.writer(**writer_options)
    prepare_segment_writer(writer)
    return writer


@contextlib.contextmanager
def live_writer(parallel: bool = False, **writer_options):
    """A segment writer on the live index, under the write lock; commits on success."""
    with write_lock():
        ix = open_index_at(live_dir())
        writer = segment_writer(ix, parallel, **writer_options)
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
        try:
            return self.current()
        except (OSError, whoosh_index.IndexError):
            # A rebuild swapped generations between resolving `live` and reading it: start again
            # from the new link rather than failing the search.
            logger.info("Index generation changed while opening it; reopening", exc_info=True)
            self.close()
            return self.current()

    def current(self):
        path = live_dir()
        if self.searcher is not None and self.path == path and self.searcher.up_to_date():
            return self.searcher
        # A fresh searcher, never Searcher.refresh(): whoosh-reloaded 2.7.5 reuses the reader of a
        # segment that gained deletions (deleted documents stay found) and re-adds merged-away
        # segments. Opening is cheap with MappedFileStorage (no copy of the index).
        self.close()
        self.ix = open_index_at(path)
        self.path = path
        self.searcher = self.ix.searcher(weighting=weighting())
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


def close_index() -> None:
    """Close this thread's searcher; the next search opens the live index afresh."""
    searchers.close()
