"""Imports as jobs on one shared queue, run by 1 and then 2 `run_huey` worker processes.

    .venv/bin/python bench/queue_workers.py ../shared/corpora [--size 1200] [--jobs 6]
                                            [--workers 1 2] [--no-enrich] [--redis]

Splits the bench collection's first `--size` articles (build_collection.py) into `--jobs` files,
queues one import job per file (as *Articles › Import files* does), starts the worker processes
against one database and one queue, and prints articles/s (articles stored) from the workers' start
to the last job's end, per worker count, with how many jobs failed (each one's error follows) and
how many attempts met another writer and ran again. The database is a fresh SQLite file per run,
or PostgreSQL when DATABASE_URL is set (an empty database of its own: each run flushes it). The
queue is the SQLite file, or with `--redis` a redis-server this script starts on a free loopback
port in 20000-29999 and stops.
Each worker runs one job at a time (`--workers 1`), enriching in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGE = str(ROOT / "manage.py")
JOB_TIMEOUT = 3600


def free_port() -> int:
    for _ in range(50):
        port = random.randint(20000, 29999)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port in 20000-29999")


def start_redis(work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", work],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    server.kill()
    raise SystemExit("redis-server did not start")


def split_collection(collection: Path, jobs: int, folder: Path) -> list[Path]:
    lines = collection.read_text().splitlines(keepends=True)
    size = -(-len(lines) // jobs)
    parts = []
    for number in range(jobs):
        part = folder / f"part-{number}.jsonl"
        part.write_text("".join(lines[number * size : (number + 1) * size]))
        parts.append(part)
    return parts


def run_workers(parts: list[Path], workers: int, enrich: bool, log_dir: Path) -> dict:
    """In this process, with the run's environment: queue the jobs, run the workers, time them."""
    import django

    django.setup()
    from django.core.management import call_command

    from articles.jobs.models import Job
    from articles.jobs.queue import start_import
    from articles.models import Article

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    jobs = [start_import([(part.name, part.read_bytes())], enrich=enrich) for part in parts]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, MANAGE, "run_huey", "--workers", "1"],
            stdout=(log_dir / f"worker-{number}.log").open("w"),
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        for number in range(workers)
    ]
    try:
        deadline = time.monotonic() + JOB_TIMEOUT
        ended = {Job.State.FINISHED, Job.State.FAILED, Job.State.CANCELLED}
        while Job.objects.filter(pk__in=[job.pk for job in jobs]).exclude(state__in=ended):
            if time.monotonic() > deadline:
                raise SystemExit(f"jobs not done after {JOB_TIMEOUT} s; logs in {log_dir}")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)  # Huey's graceful stop
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    rows = list(Job.objects.filter(pk__in=[job.pk for job in jobs]))
    # What each attempt that ran again met: the workers log it (articles/jobs/running.py).
    met = [
        line.strip()
        for log in sorted(log_dir.glob("worker-*.log"))
        for line in log.read_text(errors="replace").splitlines()
        if "met another writer" in line
    ]
    return {
        "seconds": seconds,
        # Stored, not the reports' "created": a job run again reports the first attempt's
        # articles as unchanged.
        "articles": Article.objects.count(),
        "failed_jobs": sum(job.state != Job.State.FINISHED for job in rows),
        "runs_again": sum(job.attempts - 1 for job in rows),  # met another writer (tasks.py)
        "met": met,
        "workers_used": len({job.worker for job in rows}),  # host:pid of the one that ran it
        # Each job that did not finish, with its error: the workers' logs go with the run.
        "not_finished": [
            f"job {job.pk} {job.state} (attempts {job.attempts}): {job.error}"
            for job in rows
            if job.state != Job.State.FINISHED
        ],
    }


def measure(parts: list[Path], workers: int, args, redis_url: str, work: Path) -> dict:
    data_dir = Path(tempfile.mkdtemp(dir=work))
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "NEWSDESK_TASKS_IMMEDIATE": "0",
        "NEWSDESK_QUEUE_NAME": f"bench-{secrets.token_hex(4)}",
        "NEWSDESK_LOG_LEVEL": "WARNING",  # the workers' logs: errors, and conflicts met
    }
    if redis_url:
        env["NEWSDESK_REDIS_URL"] = redis_url
    command = [sys.executable, __file__, "--run", str(workers), "--parts", *map(str, parts)]
    if args.no_enrich:
        command.append("--no-enrich")
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not results:
        raise SystemExit(f"{workers} workers: the run failed:\n{done.stderr[-3000:]}")
    return json.loads(results[-1].removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="?")
    parser.add_argument("--size", type=int, default=1200, help="articles in all")
    parser.add_argument("--jobs", type=int, default=6, help="import jobs they are split into")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-enrich", action="store_true", help="jobs import without enrichment")
    parser.add_argument("--redis", action="store_true", help="a Redis queue instead of SQLite")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=Path, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.run:
        with tempfile.TemporaryDirectory() as logs:
            result = run_workers(args.parts, args.run, not args.no_enrich, Path(logs))
        print("RESULT " + json.dumps(result))
        return
    if args.corpora is None:
        parser.error("the corpora folder is required")

    database = "PostgreSQL (DATABASE_URL)" if os.environ.get("DATABASE_URL") else "SQLite"
    queue = "Redis" if args.redis else "SQLite"
    print(f"database {database}, queue {queue}, {args.size} articles in {args.jobs} import jobs")
    print(f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        collection = work / "collection.jsonl"
        subprocess.run(
            [sys.executable, str(ROOT / "bench/build_collection.py"), str(args.corpora)]
            + ["--size", str(args.size), "--out", str(collection)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        parts = split_collection(collection, args.jobs, work)
        redis, redis_url = start_redis(work) if args.redis else (None, "")
        try:
            first = None
            for workers in args.workers:
                result = measure(parts, workers, args, redis_url, work)
                rate = result["articles"] / result["seconds"]
                first = first or rate
                print(
                    f"{workers} worker{'s' if workers > 1 else ' '}  {rate:6.1f} articles/s  "
                    f"({result['articles']} stored in {result['seconds']:.1f} s, "
                    f"{result['failed_jobs']} jobs failed, {result['runs_again']} run again, "
                    f"{result['workers_used']} workers used; "
                    f"x{rate / first:.2f})"
                )
                for failure in result["met"] + result["not_finished"]:
                    print("  " + failure.replace("\n", "\n    "))
        finally:
            if redis:
                redis.terminate()
                redis.wait(timeout=10)
    print(f"load average at end   {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
