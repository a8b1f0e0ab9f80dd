"""The Redis path of the task queue: a real worker takes an import job from a Redis queue, as
workers on several machines would. CI starts a redis-server and sets NEWSDESK_REDIS_URL
(.ci/run); elsewhere these tests skip."""

from __future__ import annotations

import os
import secrets

import pytest

from articles.tests.test_jobs import WorkerSite, stop
from articles.tests.test_reliability import write_articles

REDIS_URL = os.environ.get("NEWSDESK_REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="NEWSDESK_REDIS_URL is not set (CI starts a redis-server, .ci/run)"
)


def test_a_worker_runs_an_import_job_from_the_redis_queue(tmp_path):
    # A queue name of its own: the Redis server may hold other queues.
    site = WorkerSite(tmp_path / "site", NEWSDESK_QUEUE_NAME=f"test-{secrets.token_hex(4)}")
    assert site.env["NEWSDESK_REDIS_URL"] == REDIS_URL
    pk = site.start_import(write_articles(tmp_path / "news.jsonl", range(300)))
    worker = site.worker()
    try:
        job = site.wait_for(pk, {"finished", "failed"})
    finally:
        stop(worker)
    assert job["state"] == "finished", job["error"]
    assert job["report"]["created"] == 300 and job["done"] == job["total"] == 300
    site.assert_consistent(300)
