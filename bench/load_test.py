"""A bounded load test on loopback: gunicorn serving a real collection while an upload is imported.

    python bench/load_test.py PATH [--map body=short_description] [--clients 50] [--seconds 60]

Sets up a temporary data folder (SQLite database, index and task queue), imports PATH, starts
gunicorn on a free 127.0.0.1 port and a task worker (`manage.py run_huey`) beside it, logs in, then
uploads --during new articles through the admin's import page, which queues them as a job, and
runs CLIENTS concurrent clients for SECONDS with a mix of searches, article pages and facet clicks
while the worker imports them (enriched). Prints throughput, median and 95th percentile latency per
kind of request, every error, the job's end and report, whether every uploaded article is stored
once, and check_index. Only loopback is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else
MAX_CLIENTS, MAX_SECONDS = 200, 600
WORDS = [
    "election",
    "minister",
    "market",
    "police",
    "football",
    "court",
    "health",
    "oil",
    "bank",
    "storm",
    "vaccine",
    "trade",
    "school",
    "film",
    "war",
    "tax",
    "climate",
    "music",
    "china",
    "trump",
]
PASSWORD = secrets.token_urlsafe(16)


def manage(env, *args, check=True, **options):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, **options
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def login(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=30) as client:
        client.get("/login/")
        response = client.post(
            "/login/",
            data={
                "username": "bench",
                "password": PASSWORD,
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
        )
        if response.status_code != 302:
            raise SystemExit(f"login failed: {response.status_code}")
        return client.cookies


def synthetic_articles(path: Path, count: int) -> Path:
    with path.open("w") as out:
        for n in range(count):
            rng = random.Random(n)
            text = " ".join(rng.choice(WORDS) for _ in range(120))
            out.write(
                json.dumps(
                    {
                        "title": f"Load test article {n} on {rng.choice(WORDS)}",
                        "body": f"President Joe Biden met officials in London. {text}.",
                        "url": f"https://load.test/{n}",
                        "published": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    }
                )
                + "\n"
            )
    return path


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors: list[str] = []

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def client_loop(base, cookies, stop_at, recorder: Recorder, seed: int) -> None:
    rng = random.Random(seed)
    article_ids: list[int] = []
    facets: list[tuple[str, str]] = []
    with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
        while time.monotonic() < stop_at:
            roll = rng.random()
            if roll < 0.3 and article_ids:
                kind, url, params = "article", f"/articles/{rng.choice(article_ids)}/", {}
            elif roll < 0.5 and facets:
                group, value = rng.choice(facets)
                kind, url, params = "facet", "/", {group: value}
            elif roll < 0.7:
                kind, url, params = "api", "/api/search/", {"q": rng.choice(WORDS)}
            else:
                kind, url, params = (
                    "search",
                    "/",
                    {"q": " ".join(rng.sample(WORDS, rng.randint(1, 2)))},
                )
            started = time.monotonic()
            error = None
            try:
                response = client.get(url, params=params)
                if response.status_code != 200:
                    error = f"{url} {params} -> {response.status_code}"
                elif kind == "api":
                    data = response.json()
                    article_ids = [hit["id"] for hit in data["results"]][:20] or article_ids
                    facets = [
                        (group, value["value"])
                        for group in ("person", "org", "place", "topic", "source")
                        for value in data["facets"][group][:5]
                    ] or facets
            except (httpx.HTTPError, ValueError, KeyError) as failure:
                error = f"{url} {params} -> {failure.__class__.__name__}: {failure}"
            recorder.record(kind, time.monotonic() - started, error)


def upload_as_job(base: str, cookies: httpx.Cookies, path: Path) -> int:
    """Upload `path` through the admin's import page; returns the id of the job it queued."""
    with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
        page = client.get("/admin/articles/article/import/")
        if page.status_code != 200:
            raise SystemExit(f"import page: {page.status_code}")
        response = client.post(
            "/admin/articles/article/import/",
            data={"csrfmiddlewaretoken": client.cookies["csrftoken"]},
            files={"uploads": (path.name, path.read_bytes(), "application/octet-stream")},
        )
        location = response.headers.get("location", "")
        if response.status_code != 302 or "/admin/articles/job/" not in location:
            raise SystemExit(f"upload not queued: {response.status_code} {location}")
        return int(location.rstrip("/").split("/")[-2])


def job_row(database: Path, job_id: int) -> tuple[str, int, int | None, str, str]:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(
            "SELECT state, done, total, report, error FROM articles_job WHERE id = ?", (job_id,)
        ).fetchone()


def wait_for_job(database: Path, job_id: int, timeout: float) -> tuple[str, float]:
    """The job's state once it ended (or "still running"), and the seconds waited past the load."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        state = job_row(database, job_id)[0]
        if state not in ("queued", "running"):
            return state, time.monotonic() - started
        time.sleep(1)
    return "still running", time.monotonic() - started


def stored_once(database: Path, prefix: str) -> tuple[int, int]:
    """(articles whose URL starts with `prefix`, URLs among them stored more than once)."""
    with sqlite3.connect(database, timeout=30) as connection:
        count = connection.execute(
            "SELECT COUNT(*) FROM articles_article WHERE url LIKE ?", (prefix + "%",)
        ).fetchone()[0]
        twice = connection.execute(
            "SELECT COUNT(*) FROM (SELECT url FROM articles_article WHERE url LIKE ? "
            "GROUP BY url HAVING COUNT(*) > 1)",
            (prefix + "%",),
        ).fetchone()[0]
    return count, twice


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(recorder: Recorder, seconds: float, import_summary: str) -> None:
    every = [value for values in recorder.latency.values() for value in values]
    print(f"requests: {len(every)} in {seconds:.0f} s = {len(every) / seconds:.1f} per second")
    print(f"{'kind':<8} {'count':>6} {'median ms':>10} {'p95 ms':>8}")
    for kind, values in sorted(recorder.latency.items()) + [("all", every)]:
        if values:
            print(
                f"{kind:<8} {len(values):>6} {statistics.median(values) * 1000:>10.0f} "
                f"{percentile(values, 0.95) * 1000:>8.0f}"
            )
    print(f"errors: {len(recorder.errors)}")
    for error in recorder.errors[:20]:
        print(f"  {error}")
    print(f"import during the load: {import_summary}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", help="collection to import first (file or folder)")
    parser.add_argument(
        "--map", action="append", default=[], help="FIELD=COLUMN, as import_articles"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument(
        "--during", type=int, default=3000, help="articles uploaded as a job during the load"
    )
    parser.add_argument(
        "--job-timeout", type=float, default=1800, help="seconds to wait for the job after the load"
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--clients 1..{MAX_CLIENTS}, --seconds 1..{MAX_SECONDS}")

    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as tmp:
        env = {
            **os.environ,
            "NEWSDESK_DATA_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "NEWSDESK_LOG_LEVEL": "WARNING",
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        }
        env.pop("NEWSDESK_INDEX_DIR", None)
        env.pop("NEWSDESK_REDIS_URL", None)  # the queue is a SQLite file in the data folder
        env["NEWSDESK_TASKS_IMMEDIATE"] = "0"
        database = Path(tmp) / "load.sqlite3"
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        started = time.monotonic()
        maps = [item for pair in args.map for item in ("--map", pair)]
        manage(env, "import_articles", "--quiet", *maps, args.path, check=False)
        print(f"setup import: {time.monotonic() - started:.0f} s")
        manage(
            env, "createsuperuser", "--noinput", "--username", "bench", "--email", "bench@localhost"
        )
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsdesk.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        worker = subprocess.Popen([sys.executable, "manage.py", "run_huey"], cwd=ROOT, env=env)
        try:
            wait_for(f"{base}/login/")
            cookies = login(base)
            extra = synthetic_articles(Path(tmp) / "during.jsonl", args.during)
            job_id = upload_as_job(base, cookies, extra)
            recorder = Recorder()
            stop_at = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=client_loop, args=(base, cookies, stop_at, recorder, n))
                for n in range(args.clients)
            ]
            load_started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - load_started
            state, done, total, _, _ = job_row(database, job_id)
            report(recorder, elapsed, f"job #{job_id} {state} at the end, {done} of {total}")
            state, waited = wait_for_job(database, job_id, args.job_timeout)
            _, done, total, job_report, error = job_row(database, job_id)
            print(f"job #{job_id}: {state} {waited:.0f} s after the load; {done} of {total}")
            print(f"job report: {job_report}{' error: ' + error if error else ''}")
            count, twice = stored_once(database, "https://load.test/")
            print(f"uploaded articles stored: {count} of {args.during}; stored twice: {twice}")
            health = manage(env, "check_index", check=False, capture_output=True, text=True)
            figures = health.stdout.strip().splitlines()[0]
            print(f"check_index after the load: exit {health.returncode}; {figures}")
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=60)


if __name__ == "__main__":
    main()
