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
from articles.monitoring.digests import send_digests


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
