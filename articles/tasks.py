"""The Huey tasks (`manage.py run_huey` runs them; it finds this module by its name).

Every long job goes through one task, `run_job_task`, which carries only the job's id: the job row
says what to do (articles/jobs/). Huey's own retries are not used: a worker that dies cannot retry
anything, so dead jobs are found by their heartbeat and queued again by `recover_stale_jobs`, at
each worker's start and every minute.
"""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from articles.jobs.queue import recover_stale_jobs
from articles.jobs.running import run_job


@db_task()
def run_job_task(job_id: int) -> None:
    # Run in the caller (tests, immediate mode) there is no worker to die, so no heartbeat.
    run_job(job_id, in_worker=not HUEY.immediate)


@on_startup()
def recover_on_startup() -> None:
    from django.db import close_old_connections

    recover_stale_jobs()
    close_old_connections()


# Periodic work: each task here runs in the worker on its crontab schedule.


@db_periodic_task(crontab(minute="*"))
def recover_jobs_every_minute() -> None:
    recover_stale_jobs()
