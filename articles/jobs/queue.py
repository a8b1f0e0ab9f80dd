"""Start, cancel and recover jobs: what the admin and the commands call.

A job row is written first, then its task is queued; the task carries only the job's id, so any
worker (on any machine sharing the database and the queue) can run it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.jobs.models import Job, JobUpload
from articles.jobs.running import end_job, stale_after, worker_alive_here

logger = logging.getLogger("newsdesk.jobs")

# A job whose worker died this many times is marked failed instead of being run once more.
MAX_ATTEMPTS = 3


def start_job(kind: str, *, params: dict | None = None, user=None, description: str = "") -> Job:
    job = Job.objects.create(kind=kind, params=params or {}, user=user, description=description)
    enqueue(job)
    return job


def start_import(files: list[tuple[str, bytes]], *, user=None, enrich: bool = True) -> Job:
    """An import job for these (name, content) files; they are kept with the job until it ends."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=Job.Kind.IMPORT,
            params={"enrich": enrich},
            user=user,
            description=", ".join(name for name, _ in files)[:300],
        )
        JobUpload.objects.bulk_create(
            JobUpload(job=job, name=name, content=content) for name, content in files
        )
    enqueue(job)
    return job


def enqueue(job: Job) -> None:
    from articles.tasks import run_job_task

    run_job_task(job.pk)


def cancel_job(job: Job) -> bool:
    """Ask a job to stop; a queued one is cancelled at once. Returns False if it had ended."""
    if Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.CANCELLED, cancel_requested=True, finished=timezone.now()
    ):
        end_job(Job.objects.get(pk=job.pk), Job.State.CANCELLED)
        return True
    # A running job stops at its next batch (JobProgress checks the flag).
    return bool(
        Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(cancel_requested=True)
    )


def recover_stale_jobs() -> list[Job]:
    """Find running jobs whose worker stopped beating (killed, machine gone) and queue them again,
    or mark them failed after MAX_ATTEMPTS. Safe to run in many workers at once: each job is taken
    by one conditional update. Returns the jobs it handled."""
    cutoff = timezone.now() - timedelta(seconds=stale_after())
    handled = []
    for job in Job.objects.filter(state=Job.State.RUNNING, heartbeat__lt=cutoff):
        if worker_alive_here(job.worker):
            logger.warning("Job %s: heartbeat late but its worker %s is alive", job.pk, job.worker)
            continue
        died = f"its worker {job.worker} stopped (no heartbeat since {job.heartbeat:%H:%M:%S})"
        if job.cancel_requested or job.attempts >= MAX_ATTEMPTS:
            state = Job.State.CANCELLED if job.cancel_requested else Job.State.FAILED
            taken = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat__lt=cutoff)
            if taken.update(state=state, finished=timezone.now(), error=died):
                logger.warning("Job %s: %s; marked %s", job.pk, died, state)
                end_job(
                    Job.objects.get(pk=job.pk), state, error=f"{died}; attempts: {job.attempts}"
                )
                handled.append(job)
            continue
        taken = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat__lt=cutoff)
        if taken.update(state=Job.State.QUEUED, error=F("error")):
            logger.warning("Job %s: %s; queued again", job.pk, died)
            enqueue(job)
            handled.append(job)
    return handled
