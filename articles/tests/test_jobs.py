"""Jobs on the task queue, run by real `manage.py run_huey` workers on a database file of their
own: a job survives a SIGKILL of its worker, reports progress, can be cancelled, and leaves the
database and the index consistent. The job pages and the recovery of dead jobs are tested in
process, where tasks run at once (settings_test: immediate mode)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.jobs.models import Job
from articles.jobs.queue import MAX_ATTEMPTS, recover_stale_jobs
from articles.jobs.running import worker_name
from articles.models import Entity, Mention
from articles.tests.factories import make_article
from articles.tests.test_reliability import Site, kill_when, write_articles

STALE_SECONDS = 4  # short for the test; heartbeats every second
JOB_FIELDS = ("state", "done", "total", "attempts", "report", "error")

START_IMPORT = """
from pathlib import Path
from articles.jobs.queue import start_import
job = start_import([("news.jsonl", Path({path!r}).read_bytes())], enrich=False)
print(job.pk)
"""


class WorkerSite(Site):
    """A Site whose tasks go to its own queue file, for real workers to run."""

    def __init__(self, root: Path, **env: str):
        super().__init__(root)
        self.env.update(
            NEWSDESK_TASKS_IMMEDIATE="0",
            NEWSDESK_JOB_STALE_SECONDS=str(STALE_SECONDS),
            **env,
        )

    def worker(self) -> subprocess.Popen:
        return self.start("run_huey", "--workers", "1")

    def shell(self, code: str) -> str:
        """What the code printed last (Django's shell may print a line of its own first)."""
        return self.run("shell", "-c", code).stdout.strip().splitlines()[-1]

    def start_import(self, path: Path) -> int:
        return int(self.shell(START_IMPORT.format(path=str(path))))

    def job(self, pk: int) -> dict:
        try:
            row = self.query(f"SELECT {', '.join(JOB_FIELDS)} FROM articles_job WHERE id={pk}")[0]
        except Exception:  # locked for a moment by the worker
            return {"state": "", "done": 0, "total": None}
        job = dict(zip(JOB_FIELDS, row, strict=True))
        job["report"] = json.loads(job["report"] or "{}")
        return job

    def wait_for(self, pk: int, states: set[str], timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while (job := self.job(pk))["state"] not in states:
            assert time.monotonic() < deadline, f"job {pk} still {job}"
            time.sleep(0.1)
        return job


def stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGINT)  # Huey's graceful stop
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def worker_site(tmp_path):
    return WorkerSite(tmp_path / "site")


def test_an_import_job_survives_a_sigkill_of_its_worker(worker_site, tmp_path):
    site = worker_site
    pk = site.start_import(write_articles(tmp_path / "news.jsonl", range(600)))
    assert site.job(pk)["state"] == "queued"

    first = site.worker()
    kill_when(first, lambda: site.job(pk)["done"] >= 200)
    job = site.job(pk)
    assert job["state"] == "running" and job["total"] == 600 and job["done"] < 600
    assert 200 <= site.article_count() < 600

    time.sleep(STALE_SECONDS + 0.5)  # its heartbeat goes stale: the next worker takes the job over
    second = site.worker()
    try:
        job = site.wait_for(pk, {"finished", "failed"})
    finally:
        stop(second)
    assert_finished_on_second_attempt(site, job)


def test_a_rebuild_job_killed_midway_is_retried_and_the_index_ends_consistent(
    worker_site, tmp_path
):
    site = worker_site
    source = write_articles(tmp_path / "news.jsonl", range(1500))
    site.run("import_articles", "--no-enrich", "--quiet", str(source))
    pk = int(
        site.shell("from articles.jobs.queue import start_job; print(start_job('rebuild').pk)")
    )
    first = site.worker()
    kill_when(first, lambda: site.job(pk)["done"] >= 1000)
    assert site.job(pk)["state"] == "running"
    site.assert_consistent(1500)  # the live index is untouched by the killed build

    time.sleep(STALE_SECONDS + 0.5)
    second = site.worker()
    try:
        job = site.wait_for(pk, {"finished", "failed"})
    finally:
        stop(second)
    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 2 and job["report"] == {"indexed": 1500}
    site.assert_consistent(1500)


CANCEL = "from articles.jobs.models import Job; from articles.jobs.queue import cancel_job; "


def test_a_cancelled_import_stops_between_batches_and_leaves_the_index_consistent(
    worker_site, tmp_path
):
    site = worker_site
    # Far more than the import stores while the cancel is sent (a process of its own): an import
    # that writes the index only at its end runs through 1,500 short articles before it lands.
    pk = site.start_import(write_articles(tmp_path / "news.jsonl", range(8000)))
    worker = site.worker()
    try:
        deadline = time.monotonic() + 120
        while site.job(pk)["done"] < 400:
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.05)
        site.shell(CANCEL + f"print(cancel_job(Job.objects.get(pk={pk})))")
        job = site.wait_for(pk, {"cancelled", "finished", "failed"})
    finally:
        stop(worker)
    assert job["state"] == "cancelled", job
    stored = site.article_count()
    assert 400 <= stored < 8000
    assert job["done"] == stored and job["report"].get("created") == stored, job
    site.assert_consistent(stored)


def test_a_job_that_meets_another_writer_runs_again_instead_of_failing(tmp_path):
    """Another process holds the database's write lock past the timeout (as a long batch of a
    second worker can): the job's write fails "database is locked", and Huey runs it again."""
    site = WorkerSite(tmp_path / "site", NEWSDESK_DB_TIMEOUT="1", NEWSDESK_LOG_LEVEL="WARNING")
    pk = site.start_import(write_articles(tmp_path / "news.jsonl", range(600)))
    worker = site.worker()
    log = []
    threading.Thread(
        target=lambda: [log.append(line) for line in worker.stderr], daemon=True
    ).start()
    try:
        deadline = time.monotonic() + 120
        while site.job(pk)["done"] < 200:
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.05)
        holder = sqlite3.connect(site.db, timeout=30, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # held until the job has met it
        try:
            while not any(line.startswith(f"Job {pk} (import)") for line in log):
                assert time.monotonic() < deadline + 60, "".join(log)
                time.sleep(0.05)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        job = site.wait_for(pk, {"finished", "failed"})
    finally:
        stop(worker)
    assert_finished_on_second_attempt(site, job)


def write_named_articles(path: Path, numbers) -> Path:
    """Articles that enrichment finds something in: a date, a place, and a person named in full
    (even numbers) or by her surname alone (odd ones), which the collection links to the name."""
    with path.open("w") as out:
        for n in numbers:
            person = "Merkel" if n % 2 else "Angela Merkel"
            body = (
                f"Article number {n}. {person} met {n} ferry workers in Hamburg on "
                f"{n % 28 + 1} March 2024. The strike {n} would end, she said."
            )
            record = {
                "title": f"Report {n}: ferry strike",
                "body": body,
                "url": f"https://news.example.org/{n}",
                "published": "2024-03-30",
            }
            out.write(json.dumps(record) + "\n")
    return path


def test_a_cancelled_re_extraction_stops_between_chunks_keeping_what_it_stored(
    worker_site, tmp_path
):
    from articles.store.enrichment import CHUNK

    site = worker_site
    total = 6 * CHUNK
    source = write_named_articles(tmp_path / "news.jsonl", range(total))
    site.run("import_articles", "--no-enrich", "--quiet", str(source))
    assert site.query("SELECT COUNT(*) FROM articles_mention") == [(0,)]
    pk = int(site.shell("from articles.jobs.queue import start_job; print(start_job('enrich').pk)"))
    worker = site.worker()
    try:
        deadline = time.monotonic() + 120
        while site.job(pk)["done"] < CHUNK:
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.05)
        site.shell(CANCEL + f"print(cancel_job(Job.objects.get(pk={pk})))")
        job = site.wait_for(pk, {"cancelled", "finished", "failed"})
    finally:
        stop(worker)
    assert job["state"] == "cancelled", job
    done = job["done"]
    assert CHUNK <= done < total and done % CHUNK == 0, job
    assert job["report"] == {"enriched": done, "changed": done}, job
    # Whole chunks, in order: the first `done` articles have their dates and mentions, no other.
    dated = site.query("SELECT id FROM articles_article WHERE mentioned_dates != '[]' ORDER BY id")
    first = site.query(f"SELECT id FROM articles_article ORDER BY id LIMIT {done}")
    assert dated == first
    assert site.query("SELECT COUNT(DISTINCT article_id) FROM articles_mention") == [(done,)]
    # The entity links of what was re-extracted were made before the job ended.
    links = (
        "SELECT link.name, entity.name FROM articles_entitylink link "
        "JOIN articles_entity entity ON entity.id = link.target_id"
    )
    assert site.query(links) == [("Merkel", "Angela Merkel")]
    site.assert_consistent(total)  # the stored extraction is what the index holds


@pytest.mark.django_db
def test_a_job_page_shows_progress_rate_and_time_left(curator_client):
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        state=Job.State.RUNNING,
        description="news.jsonl",
        done=10_000,
        total=40_000,
        started=timezone.now() - timedelta(seconds=1000),
        heartbeat=timezone.now(),
    )
    page = curator_client.get(reverse("admin:articles_job_change", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "10000 / 40000 (25%)" in html
    assert "10.0 per second" in html  # 10,000 in 1,000 s
    assert "about 0:50:0" in html  # 30,000 left at 10 per second
    assert "Cancel this job" in html and 'http-equiv="refresh"' in html

    curator_client.post(reverse("admin:articles_job_change", args=[job.pk]), {"cancel": "1"})
    assert Job.objects.get(pk=job.pk).cancel_requested


@pytest.mark.django_db
def test_a_failed_job_page_shows_the_error_and_a_finished_one_its_failed_items(curator_client):
    failed = Job.objects.create(
        kind=Job.Kind.REBUILD, state=Job.State.FAILED, error="RuntimeError: disk full"
    )
    html = curator_client.get(reverse("admin:articles_job_change", args=[failed.pk])).content
    assert b"RuntimeError: disk full" in html and b"Cancel this job" not in html
    finished = Job.objects.create(
        kind=Job.Kind.IMPORT,
        state=Job.State.FINISHED,
        report={
            "created": 2,
            "updated": 0,
            "unchanged": 0,
            "failed": 1,
            "problems": [{"origin": "news.jsonl line 2", "reason": "not valid JSON"}],
        },
    )
    html = curator_client.get(reverse("admin:articles_job_change", args=[finished.pk])).content
    assert b"news.jsonl line 2" in html and b"not valid JSON" in html


@pytest.mark.django_db
def test_analysts_cannot_see_jobs(analyst_client):
    job = Job.objects.create(kind=Job.Kind.REBUILD)
    response = analyst_client.get(reverse("admin:articles_job_change", args=[job.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_job_whose_worker_died_runs_again_until_it_is_given_up():
    make_article("Harbour reopens", "The harbour reopened.")
    long_ago = timezone.now() - timedelta(hours=1)
    dead = Job.objects.create(
        kind=Job.Kind.REBUILD, state=Job.State.RUNNING, heartbeat=long_ago, attempts=1
    )
    alive = Job.objects.create(
        kind=Job.Kind.REBUILD, state=Job.State.RUNNING, heartbeat=timezone.now(), attempts=1
    )
    given_up = Job.objects.create(
        kind=Job.Kind.REBUILD, state=Job.State.RUNNING, heartbeat=long_ago, attempts=MAX_ATTEMPTS
    )
    late = Job.objects.create(  # its worker (this process) is alive: only its heartbeat is late
        kind=Job.Kind.REBUILD, state=Job.State.RUNNING, heartbeat=long_ago, worker=worker_name()
    )
    assert {job.pk for job in recover_stale_jobs()} == {dead.pk, given_up.pk}
    dead.refresh_from_db()  # run again at once here (immediate mode); by a worker in production
    assert dead.state == Job.State.FINISHED and dead.attempts == 2
    assert dead.report == {"indexed": 1}
    assert Job.objects.get(pk=alive.pk).state == Job.State.RUNNING
    assert Job.objects.get(pk=late.pk).state == Job.State.RUNNING
    given_up.refresh_from_db()
    assert given_up.state == Job.State.FAILED and "stopped" in given_up.error


@pytest.mark.django_db
def test_a_queued_job_cancelled_never_runs(curator_client):
    job = Job.objects.create(kind=Job.Kind.REBUILD)
    curator_client.post(reverse("admin:articles_job_change", args=[job.pk]), {"cancel": "1"})
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    from articles.jobs.running import run_job

    run_job(job.pk, in_worker=False)
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and job.started is None


@pytest.mark.django_db
def test_a_large_merge_from_the_admin_runs_as_a_job(curator_client, committed, monkeypatch):
    monkeypatch.setattr("articles.admin.entities.MAX_MERGE_MENTIONS", 1)
    with committed():
        make_article("Parade", "Kim Jong Un watched.", people=("Kim Jong Un",))
        make_article("Launch", "Kim Jong-un watched.", people=("Kim Jong-un",))
        make_article("Visit", "Kim Jong-un left.", people=("Kim Jong-un",))
    survivor = Entity.objects.get(name="Kim Jong Un")
    other = Entity.objects.get(name="Kim Jong-un")
    data = {
        "action": "merge_entities",
        "_selected_action": [survivor.pk, other.pk],
        "apply": "1",
        "survivor": survivor.pk,
    }
    with committed():
        response = curator_client.post(reverse("admin:articles_entity_changelist"), data)
    assert response.status_code == 302
    job = Job.objects.get(kind=Job.Kind.MERGE)
    assert job.state == Job.State.FINISHED and job.done == job.total == 2
    assert not Entity.objects.filter(pk=other.pk).exists()
    assert survivor.mentions.count() == 3
    assert LogEntry.objects.filter(object_id=str(survivor.pk), user__username="curator").exists()
    assert search.check_index().ok


@pytest.mark.django_db
def test_re_extraction_of_many_articles_runs_as_a_job(curator_client, monkeypatch):
    monkeypatch.setattr("articles.admin.articles.MAX_REEXTRACT", 1)
    articles = [
        make_article(f"Story {n}", f"Angela Merkel spoke in Berlin on day {n}.") for n in range(3)
    ]
    Mention.objects.all().delete()
    data = {"action": "rerun_extraction", "_selected_action": [a.pk for a in articles]}
    curator_client.post(reverse("admin:articles_article_changelist"), data)
    job = Job.objects.get(kind=Job.Kind.ENRICH)
    assert job.state == Job.State.FINISHED and job.done == job.total == 3
    assert job.report["enriched"] == 3
    assert Mention.objects.filter(article__in=articles).count() >= 3


@pytest.mark.django_db
def test_index_health_shows_a_running_rebuilds_progress(curator_client):
    job = Job.objects.create(
        kind=Job.Kind.REBUILD,
        state=Job.State.RUNNING,
        done=1000,
        total=4000,
        started=timezone.now() - timedelta(seconds=100),
        heartbeat=timezone.now(),
    )
    html = curator_client.get("/admin/index-health/").content.decode()
    assert "Rebuild running" in html and "1000 of 4000 articles (25%)" in html
    assert reverse("admin:articles_job_change", args=[job.pk]) in html
    response = curator_client.post("/admin/index-health/", follow=True)
    assert "already running" in response.content.decode()
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_a_rebuild_job_while_another_rebuild_runs_fails_and_says_why():
    from articles.jobs.queue import start_job
    from articles.search.index import rebuild_lock

    make_article("Harbour reopens", "The harbour reopened.")
    held, release = threading.Event(), threading.Event()

    def other_rebuild():  # the lock is re-entrant within a thread: hold it from another one
        with rebuild_lock():
            held.set()
            release.wait(60)

    holder = threading.Thread(target=other_rebuild)
    holder.start()
    try:
        assert held.wait(30)
        job = start_job(Job.Kind.REBUILD)
    finally:
        release.set()
        holder.join()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "another rebuild is running" in job.error


def assert_finished_on_second_attempt(site, job: dict) -> None:
    """The 600-article import job ran twice and finished whole: what the first attempt stored
    was matched, not stored again, and the database and index agree."""
    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 2 and job["done"] == job["total"] == 600
    report = job["report"]
    assert report["failed"] == 0 and report["created"] + report["unchanged"] == 600
    assert report["unchanged"] >= 200
    site.assert_consistent(600)
