"""Runs one job inside a task worker.

A job is claimed with a conditional update (queued -> running), so a task delivered twice runs
once. While it runs, a thread stamps its heartbeat every few seconds: a worker killed with SIGKILL
stops beating, and `recover_stale_jobs` retries the job or marks it failed. The work itself reports
through `JobProgress`, which also raises `JobCancelled` between batches once a cancel is asked for.
A job that met another writer (`met_another_writer`) goes back to the queue for Huey's retry
instead of failing.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sys
import threading
import traceback
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, OperationalError, close_old_connections, connection
from django.db.models import F
from django.utils import timezone

from articles.jobs.models import Job

logger = logging.getLogger("newsdesk.jobs")


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In a forked child: get SIGKILL when the process that forked it dies.

    The rebuild's Whoosh sub-writers and the enrichment pool are forked children that wait on a
    queue forever; a worker killed with SIGKILL would leave them behind holding the rebuild lock
    (inherited), and every later rebuild would fail with IndexBusy.
    """
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: children may outlive a killed worker
        return
    if os.getppid() != parent:  # the parent died before the call took effect
        os._exit(1)


if sys.platform == "linux":
    os.register_at_fork(after_in_child=die_with_parent)


class JobCancelled(Exception):
    """Raised between batches when a curator cancelled the job."""


def stale_after() -> float:
    """Seconds without a heartbeat after which a running job's worker is taken for dead."""
    return float(settings.NEWSDESK["JOB_STALE_SECONDS"])


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def worker_alive_here(name: str) -> bool:
    """Whether `name` (host:pid) is a live process on this machine.

    A heartbeat can be late without its worker being dead: on SQLite it waits for the write lock,
    which a big batch may hold for a while on a busy machine. A worker on this machine is asked
    directly instead; one on another machine is judged by its heartbeat alone.
    """
    host, _, pid = name.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if not Path("/proc/self/stat").exists():  # no /proc: ask the kernel
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    try:
        # A zombie (killed, not yet reaped by its parent) is dead for our purposes.
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}


class JobProgress:
    """What the work calls as it goes: `advance(n)` after each batch, `set_total(n)` once known.

    Both check the cancel flag; cancelling is honoured at the next call, between batches, never in
    the middle of one.
    """

    def __init__(self, job: Job):
        self.job = job

    def set_total(self, total: int) -> None:
        self.job.total = total
        Job.objects.filter(pk=self.job.pk).update(total=total)
        self.check_cancelled()

    def advance(self, count: int = 1) -> None:
        self.count(count)
        self.check_cancelled()

    def count(self, count: int) -> None:
        """Record progress without honouring a cancel: for work that asks `cancelled` itself
        between its batches and must finish what it started (an import writes its last articles
        to the index after its last batch; re-extraction links the entities it found). Such work
        ends through `end_with`."""
        self.job.done += count
        Job.objects.filter(pk=self.job.pk).update(done=self.job.done)

    def end_with(self, report: dict) -> dict:
        """The report of work that stopped itself at a cancel (`count`, `stop_when=cancelled`):
        kept as the job's, which then ends cancelled if a cancel was asked for."""
        self.job.partial_report = report
        self.check_cancelled()
        return report

    def reach(self, done: int) -> None:
        """For work that counts for itself (the rebuild reports how many it has written)."""
        self.advance(done - self.job.done)

    def cancelled(self) -> bool:
        return Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists()

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled


class Heartbeat(threading.Thread):
    """Stamps the job's heartbeat until stopped; the work's own thread may be busy for minutes."""

    def __init__(self, job_id: int):
        super().__init__(name=f"newsdesk-job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = max(stale_after() / 4, 0.2)
        try:
            while not self.stopped.wait(interval):
                try:
                    Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                        heartbeat=timezone.now()
                    )
                except Exception as error:  # a database locked for long: the next beat tries again
                    logger.warning("Job %s: heartbeat not stamped (%s)", self.job_id, error)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def claim(job_id: int) -> Job | None:
    """Mark the job running for this worker, or None if it is not queued (cancelled, or run by
    another delivery of the same task)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        started=now,
        heartbeat=now,
        worker=worker_name(),
        attempts=F("attempts") + 1,
        done=0,
    )
    return Job.objects.get(pk=job_id) if claimed else None


def met_another_writer(error: Exception) -> bool:
    """Whether the work failed on what another writer was doing at the same moment, which the
    same work a little later does not meet: SQLite's write lock held past the database timeout
    ("database is locked"), a deadlock or serialization failure on PostgreSQL, the search index's
    write lock held past INDEX_LOCK_TIMEOUT, or a row that another worker inserted between this
    one's read and its insert (two imports' entity-link passes at once, bench/queue_workers.py).
    Every job is idempotent, so it can run again; an error that persists fails it in the end."""
    from articles.search import IndexBusy

    return isinstance(error, OperationalError | IntegrityError | IndexBusy)


def run_job(job_id: int, *, in_worker: bool = True, retries_left: int = 0) -> None:
    """Run a queued job to its end: finished with its report, cancelled, or failed.

    `in_worker` False (run in the caller, as tests do): no heartbeat, and the caller's database
    connection is left alone. Work that sets `job.partial_report` keeps it when cancelled or failed.
    With `retries_left`, a job that met another writer is queued again and the error raised, for
    Huey to run the task again after its retry delay (articles/tasks.py).
    """
    from articles.jobs.work import WORK

    if in_worker:
        close_old_connections()
    job = claim(job_id)
    if job is None:
        logger.info("Job %s is not queued any more; nothing to run", job_id)
        return
    beat = Heartbeat(job.pk) if in_worker else None
    if beat:
        beat.start()
    state, error, report = Job.State.FINISHED, "", {}
    try:
        report = WORK[job.kind](job, JobProgress(job)) or {}
    except JobCancelled:
        state = Job.State.CANCELLED
        report = getattr(job, "partial_report", {})
    except Exception as failure:
        if retries_left and met_another_writer(failure):
            queue_again(job, failure)
            raise
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        state = Job.State.FAILED
        error = f"{failure.__class__.__name__}: {failure}\n\n{traceback.format_exc(limit=8)}"
        report = getattr(job, "partial_report", {})
    finally:
        if beat:
            beat.stop()
    end_job(job, state, report=report, error=error)
    if in_worker:
        close_old_connections()


def queue_again(job: Job, conflict: Exception) -> None:
    """Give a job that met another writer back to the queue, where Huey's retry claims it; its
    uploads stay with it."""
    reason = f"{conflict.__class__.__name__}: {conflict}"
    logger.warning("Job %s (%s) met another writer (%s); it runs again", job.pk, job.kind, reason)
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.QUEUED,
        error=f"Attempt {job.attempts} met another writer ({reason}); it runs again shortly.",
    )


def end_job(job: Job, state: str, *, report: dict | None = None, error: str = "") -> None:
    from articles.jobs.models import JobUpload

    job.state, job.error, job.finished = state, error, timezone.now()
    if report is not None:
        job.report = report
    job.save(update_fields=["state", "error", "finished", "report"])
    JobUpload.objects.filter(job=job).delete()  # kept until now so that a retry could read them
