"""A bounded load test on loopback: gunicorn serving a real collection while an import writes.

    python bench/load_test.py PATH [--map body=short_description] [--clients 50] [--seconds 60]

Sets up a temporary data folder (SQLite database and index), imports PATH, starts gunicorn on a free
127.0.0.1 port, logs in, then runs CLIENTS concurrent clients for SECONDS with a mix of searches,
article pages and facet clicks while `import_articles` adds --during new articles (enriched).
Prints throughput, median and 95th percentile latency per kind of request, and every error. Only
loopback is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
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
    parser.add_argument("--during", type=int, default=400, help="articles imported during the load")
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
        try:
            wait_for(f"{base}/login/")
            cookies = login(base)
            extra = synthetic_articles(Path(tmp) / "during.jsonl", args.during)
            importer = subprocess.Popen(
                [sys.executable, "manage.py", "import_articles", "--quiet", str(extra)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
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
            import_state = "still running at the end" if importer.poll() is None else "finished"
            output, _ = importer.communicate()
            report(
                recorder,
                elapsed,
                f"{import_state}; {output.strip().splitlines()[-1] if output.strip() else ''}",
            )
            health = manage(env, "check_index", check=False, capture_output=True, text=True)
            figures = health.stdout.strip().splitlines()[0]
            print(f"check_index after the load: exit {health.returncode}; {figures}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
