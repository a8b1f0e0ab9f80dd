import os
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

# What a restore needs from the data folder besides the database. The index is left out: it is
# rebuilt from the database (`rebuild_index`), and a copy taken while it is written could be torn.
KEPT_FILES = ("secret_key", "demo_password")
KEPT_FOLDERS = ("models",)  # trained topic models (`train_topics`)
DATABASE_FILE = "newsdesk.sqlite3"
RESTORE_NOTE = """\
newsdesk backup. To restore, with the server and workers stopped:

  1. copy {database} to the database's path (the default is $NEWSDESK_DATA_DIR/{database};
     remove any newsdesk.sqlite3-wal and -shm files beside it), and the other files and folders
     here into $NEWSDESK_DATA_DIR;
  2. manage.py migrate            (a newer release may have migrations to apply)
  3. manage.py rebuild_index      (the search index is not in the backup: it is rebuilt from the
                                   database)
{key_note}"""


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the SQLite database (SQLite's online backup API: imports and "
        "edits may go on meanwhile) and the data folder's files a restore needs (secret key, "
        "trained topic models) into DEST, a new or empty folder. The search index is rebuilt "
        "after a restore. On PostgreSQL use pg_dump (see the README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="Folder to write the backup into (new or empty).")

    def handle(self, *args, **options):
        if connection.vendor != "sqlite":
            raise CommandError(
                f"the database is {connection.vendor}, not SQLite: back it up with the server's "
                "own tool, e.g. `pg_dump --format=custom --file=newsdesk.dump DBNAME` (the "
                "README's Backup section), and copy $NEWSDESK_DATA_DIR/secret_key and models/"
            )
        dest = Path(options["dest"])
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise CommandError(f"{dest}: exists and is not an empty folder; choose a new one")
        dest.mkdir(parents=True, exist_ok=True)
        dest.chmod(0o700)  # the secret key and the password hashes: the owner's only
        copy_database(Path(settings.DATABASES["default"]["NAME"]), dest / DATABASE_FILE)
        copied = [DATABASE_FILE, *copy_data_files(Path(settings.DATA_DIR), dest)]
        from_env = bool(os.environ.get("DJANGO_SECRET_KEY"))
        key_note = (
            "\nThe secret key comes from DJANGO_SECRET_KEY: set the same value again.\n"
            if from_env
            else ""
        )
        (dest / "RESTORE.txt").write_text(
            RESTORE_NOTE.format(database=DATABASE_FILE, key_note=key_note)
        )
        self.stdout.write(f"backed up {', '.join(copied)} to {dest} (see RESTORE.txt)")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy, even while other processes write: SQLite's online backup API copies
    the pages of one committed state (a copy of the file itself could catch a write half-way)."""
    live, copy = sqlite3.connect(source, timeout=30), sqlite3.connect(target)
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()
    target.chmod(0o600)  # it holds the users' password hashes


def copy_data_files(data_dir: Path, dest: Path) -> list[str]:
    copied = []
    for name in KEPT_FILES:
        if (data_dir / name).is_file():
            shutil.copy2(data_dir / name, dest / name)
            copied.append(name)
    for name in KEPT_FOLDERS:
        if (data_dir / name).is_dir():
            shutil.copytree(data_dir / name, dest / name)
            copied.append(f"{name}/")
    return copied
