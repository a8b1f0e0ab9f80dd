"""Database and index stay consistent through real failures: killed processes, concurrent writers,
an index lock held too long. The commands run as separate processes on a database file and index of
their own, as they do in production."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles import search
from articles.models import Article
from articles.search import SearchParams
from articles.search.index import live_dir
from articles.tests.factories import make_article

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
WORDS = ["harbour", "ferry", "cargo", "strike", "minister", "budget", "drought", "vaccine"]


def write_articles(path: Path, numbers) -> Path:
    """A JSON Lines file of distinct articles, one per number (same number, same article)."""
    with path.open("w") as out:
        for n in numbers:
            words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(40))
            record = {
                "title": f"Report {n}: {WORDS[n % len(WORDS)]} news",
                "body": f"Article number {n}. {words}. Sentence {n} ends here.",
                "url": f"https://news.example.org/{n}",
                "published": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            }
            out.write(json.dumps(record) + "\n")
    return path


class Site:
    """A data folder with its own SQLite database and index, driven through manage.py."""

    def __init__(self, root: Path, database_url: str = ""):
        self.root = root
        self.db = root / "site.sqlite3"
        self.database_url = database_url or f"sqlite:///{self.db}"
        self.env = {
            **os.environ,
            "NEWSDESK_DATA_DIR": str(root / "data"),
            "NEWSDESK_INDEX_DIR": str(root / "index"),
            "DATABASE_URL": self.database_url,
            "NEWSDESK_LOG_LEVEL": "ERROR",
        }
        self.run("migrate", "--noinput")

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, MANAGE, *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, MANAGE, *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
            )
        return done

    def query(self, sql: str):
        if self.database_url.startswith("postgres"):
            import psycopg  # only installed where PostgreSQL is used

            with psycopg.connect(self.database_url) as connection:
                return connection.execute(sql).fetchall()
        with sqlite3.connect(self.db, timeout=30) as connection:
            return connection.execute(sql).fetchall()

    def article_count(self) -> int:
        try:
            return self.query("SELECT COUNT(*) FROM articles_article")[0][0]
        except sqlite3.OperationalError:  # locked for a moment by the writer
            return 0

    def generations(self) -> list[Path]:
        folder = self.root / "index" / "generations"
        return sorted(folder.iterdir()) if folder.exists() else []

    def live(self) -> Path:
        return (self.root / "index" / "live").resolve()

    def assert_consistent(self, expected_articles: int) -> None:
        health = self.run("check_index", check=False)
        assert health.returncode == 0, health.stdout + health.stderr
        assert (
            f"{expected_articles} published articles, {expected_articles} documents"
            in health.stdout
        )
        assert self.query("SELECT COUNT(*) FROM articles_article")[0][0] == expected_articles
        duplicates = self.query("SELECT url FROM articles_article GROUP BY url HAVING COUNT(*) > 1")
        assert duplicates == []


def kill_when(process: subprocess.Popen, condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the process ended before it could be killed: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the condition to kill the process was never met")
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.fixture
def site(tmp_path):
    return Site(tmp_path / "site")


def test_import_killed_midway_then_run_again_ends_consistent(site, tmp_path):
    source = write_articles(tmp_path / "articles.jsonl", range(1200))
    importer = site.start("import_articles", "--no-enrich", "--quiet", str(source))
    kill_when(importer, lambda: site.article_count() >= 300)
    assert importer.returncode == -signal.SIGKILL
    stored = site.article_count()
    assert 300 <= stored < 1200

    site.run("import_articles", "--no-enrich", "--quiet", str(source))
    site.assert_consistent(1200)


def test_rebuild_killed_midway_leaves_the_live_index_and_the_next_one_cleans_up(site, tmp_path):
    source = write_articles(tmp_path / "articles.jsonl", range(1500))
    site.run("import_articles", "--no-enrich", "--quiet", str(source))
    live_before = site.live()

    rebuild = site.start("rebuild_index", "--quiet")
    kill_when(
        rebuild, lambda: len(site.generations()) >= 2 and any(site.generations()[-1].iterdir())
    )
    assert site.live() == live_before
    site.assert_consistent(1500)  # searches still read the untouched live index
    assert len(site.generations()) == 2  # the interrupted build's folder

    site.run("rebuild_index", "--quiet")
    assert site.live() != live_before
    # The killed build's folder is gone; the generation just replaced stays for readers mid-swap.
    assert {path.resolve() for path in site.generations()} == {site.live(), live_before}
    site.assert_consistent(1500)


def test_two_importers_of_overlapping_input_store_each_article_once(site, tmp_path):
    first = write_articles(tmp_path / "first.jsonl", range(0, 600))
    second = write_articles(tmp_path / "second.jsonl", range(300, 900))
    importers = [
        site.start("import_articles", "--no-enrich", "--quiet", str(f)) for f in (first, second)
    ]
    for importer in importers:
        out, err = importer.communicate(timeout=300)
        assert importer.returncode == 0, out + err
    site.assert_consistent(900)


@pytest.fixture
def postgres_site(tmp_path):
    """A site on a PostgreSQL database of its own, made on the server DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: CI's second run sets DATABASE_URL=postgres://... (.ci/run)")
    import psycopg

    name = f"newsdesk_site_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {name}")
        server.execute(f"CREATE DATABASE {name}")
    try:
        yield Site(tmp_path / "site", database_url=url.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with psycopg.connect(url, autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_two_importers_of_one_file_on_postgresql_store_each_article_once(postgres_site, tmp_path):
    # SQLite makes writers take turns; PostgreSQL lets both read "not stored yet" and insert.
    source = write_articles(tmp_path / "articles.jsonl", range(1000))
    importers = [
        postgres_site.start("import_articles", "--no-enrich", str(source)) for _ in range(2)
    ]
    for importer in importers:
        out, err = importer.communicate(timeout=300)
        assert importer.returncode == 0, out + err  # no item failed on the other's insert
        assert "failed 0" in out
    postgres_site.assert_consistent(1000)
    texts = "SELECT content_hash FROM articles_article GROUP BY content_hash HAVING COUNT(*) > 1"
    assert postgres_site.query(texts) == []


def test_backup_during_an_import_restores_to_a_working_site(site, tmp_path):
    if not site.database_url.startswith("sqlite"):
        pytest.skip("the backup command copies SQLite databases")
    site.run(
        "import_articles",
        "--no-enrich",
        "--quiet",
        str(write_articles(tmp_path / "a.jsonl", range(300))),
    )
    importer = site.start(
        "import_articles",
        "--no-enrich",
        "--quiet",
        str(write_articles(tmp_path / "b.jsonl", range(300, 1500))),
    )
    while site.article_count() < 500 and importer.poll() is None:
        time.sleep(0.05)
    backup = tmp_path / "backup"
    done = site.run("backup", str(backup))
    assert "backed up newsdesk.sqlite3, secret_key" in done.stdout
    importer.communicate(timeout=300)

    copy = sqlite3.connect(backup / "newsdesk.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = copy.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    copy.close()
    # The first file, and whole batches of the second: each batch commits at once.
    assert (stored - 300) % 200 == 0 and 300 < stored <= 1500

    # The restore as RESTORE.txt says: files into a fresh data folder, migrate, rebuild the index.
    restored = tmp_path / "restored"
    shutil.copytree(backup, restored / "data")
    site.env.update(
        NEWSDESK_DATA_DIR=str(restored / "data"),
        NEWSDESK_INDEX_DIR=str(restored / "data" / "index"),
        DATABASE_URL=f"sqlite:///{restored / 'data' / 'newsdesk.sqlite3'}",
    )
    site.db = restored / "data" / "newsdesk.sqlite3"
    site.run("migrate", "--noinput")
    site.run("rebuild_index", "--quiet")
    site.assert_consistent(stored)
    key = (restored / "data" / "secret_key").read_text()
    assert key == (site.root / "data" / "secret_key").read_text()
    assert "rebuild_index" in (backup / "RESTORE.txt").read_text()


def test_backup_refuses_postgresql_and_points_to_pg_dump(site, tmp_path):
    site.env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/newsdesk"  # never connected to
    done = site.run("backup", str(tmp_path / "backup"), check=False)
    assert done.returncode == 1
    assert "not SQLite" in done.stderr and "pg_dump" in done.stderr
    assert not (tmp_path / "backup").exists()


def test_backup_into_a_folder_in_use_is_refused(site, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("keep me")
    done = site.run("backup", str(tmp_path / "used"), check=False)
    assert done.returncode == 1 and "not an empty folder" in done.stderr


def test_rebuild_during_an_import_loses_nothing(site, tmp_path):
    site.run(
        "import_articles",
        "--no-enrich",
        "--quiet",
        str(write_articles(tmp_path / "a.jsonl", range(800))),
    )
    importer = site.start(
        "import_articles",
        "--no-enrich",
        "--quiet",
        str(write_articles(tmp_path / "b.jsonl", range(800, 1600))),
    )
    rebuilds = 0
    while importer.poll() is None:
        site.run("rebuild_index", "--quiet")
        rebuilds += 1
    assert importer.returncode == 0, importer.communicate()
    assert rebuilds >= 1
    site.assert_consistent(1600)


@pytest.fixture
def held_write_lock(settings):
    """The index write lock held by another process, until the test lets it go."""
    settings.NEWSDESK = {**settings.NEWSDESK, "INDEX_LOCK_TIMEOUT": 0.2}
    live_dir()  # the index exists before the other process takes its lock
    lock_path = Path(settings.NEWSDESK_INDEX_DIR) / "write.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, sys, time\n"
                f"handle = open({str(lock_path)!r}, 'a+')\n"
                "fcntl.flock(handle, fcntl.LOCK_EX)\n"
                "print('held', flush=True)\n"
                "time.sleep(120)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait()


@pytest.mark.django_db
def test_failed_index_write_is_logged_kept_waiting_and_retried(held_write_lock, committed, caplog):
    with caplog.at_level(logging.ERROR, logger="newsdesk.search"), committed():
        late = make_article("Lighthouse keeper retires", "The lighthouse keeper retired on Friday.")
    assert "Search index NOT updated" in caplog.text
    assert Article.objects.get(pk=late.pk).needs_indexing
    assert search.check_index().waiting == [late.pk]

    held_write_lock.kill()
    held_write_lock.wait()
    with committed():  # any later write picks up the article that waited
        make_article("Harbour reopens", "The harbour reopened.")
    assert search.search(SearchParams(q="lighthouse")).total == 1
    assert not Article.objects.filter(needs_indexing=True).exists()
    assert search.check_index().ok


@pytest.mark.django_db
def test_admin_save_while_the_index_is_locked_is_saved_not_a_500(
    held_write_lock, curator_client, committed, admin_form_data
):
    with committed():
        article = make_article("Old title", "Body of the story.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(url))
    data.update(
        {
            "title": "New title from the curator",
        }
    )
    with committed():
        response = curator_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Article.objects.get(pk=article.pk).title == "New title from the curator"
    assert Article.objects.get(pk=article.pk).needs_indexing

    held_write_lock.kill()
    held_write_lock.wait()
    assert search.check_index(repair=True).ok
    assert search.search(SearchParams(q="curator")).total == 1


SEARCH_LOOP = """
import time
from articles import search
from articles.search import SearchParams
totals, failures, stop_at = set(), 0, time.monotonic() + {seconds}
while time.monotonic() < stop_at:
    try:
        totals.add(search.search(SearchParams(q="harbour")).total)
    except Exception as error:
        failures += 1
        print("error", repr(error), flush=True)
print("totals", sorted(totals), "failures", failures, flush=True)
"""


def test_searches_keep_working_through_rebuilds(site, tmp_path):
    site.run(
        "import_articles",
        "--no-enrich",
        "--quiet",
        str(write_articles(tmp_path / "a.jsonl", range(600))),
    )
    searcher = site.start("shell", "-c", SEARCH_LOOP.format(seconds=20))
    for _ in range(3):
        site.run("rebuild_index", "--quiet")
    out, err = searcher.communicate(timeout=120)
    assert searcher.returncode == 0, err
    assert out.strip().splitlines()[-1] == "totals [600] failures 0", out
