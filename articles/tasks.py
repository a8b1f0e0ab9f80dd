"""The Huey tasks (`manage.py run_huey` runs them; it finds this module by its name).

Every long job goes through one task, `run_job_task`, which carries only the job's id: the job row
says what to do (articles/jobs/). Huey's own retries run a job again that met another writer (two
workers on one database: a lock held too long, a row inserted by the other between a read and an
insert; `met_another_writer`). A worker that dies cannot retry anything, so dead jobs are found by
their heartbeat and queued again by `recover_stale_jobs`, at each worker's start and every minute.
"""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from articles.jobs.queue import recover_stale_jobs
from articles.jobs.running import run_job
from articles.monitoring.digests import send_digests

# A job that met another writer runs again after 5, 10 and 20 s (the other writer's batch, or its
# link pass, is done by then), then fails with the error.
CONFLICT_RETRIES = 3


@db_task(retries=CONFLICT_RETRIES, retry_delay=5, retry_backoff=2, context=True)
def run_job_task(job_id: int, task=None) -> None:
    # Run in the caller (tests, immediate mode) there is no worker to die, so no heartbeat, and
    # none to run a retry later: a conflict fails the job there.
    in_worker = not HUEY.immediate
    run_job(job_id, in_worker=in_worker, retries_left=task.retries if in_worker else 0)


@on_startup()
def recover_on_startup() -> None:
    from django.db import close_old_connections

    recover_stale_jobs()
    close_old_connections()


# Periodic work: each task here runs in the worker on its crontab schedule.


@db_periodic_task(crontab(minute="*"))
def recover_jobs_every_minute() -> None:
    recover_stale_jobs()


# Alert digests: as it happens (every minute), daily at 06:00 and weekly on Mondays at 06:00, in
# the settings' TIME_ZONE. `manage.py send_alerts --rate ...` does the same from cron.


@db_periodic_task(crontab(minute="*"))
def send_instant_alerts() -> None:
    send_digests("instant")


@db_periodic_task(crontab(minute="0", hour="6"))
def send_daily_alerts() -> None:
    send_digests("daily")


@db_periodic_task(crontab(minute="0", hour="6", day_of_week="1"))
def send_weekly_alerts() -> None:
    send_digests("weekly")
