import sys

from django.core.management.base import BaseCommand, CommandError

from articles.enrich.workers import add_workers_argument
from articles.ingest.records import check_field_map
from articles.search import IndexBusy
from articles.store.importer import import_articles

FORMATS = ("text", "html", "feed", "jsonl", "json", "csv")


class Command(BaseCommand):
    help = (
        "Import articles from files, folders (recursively), .gz files or - (standard input): "
        "scraped page text, HTML pages, RSS/Atom feeds, JSON Lines, JSON arrays, CSV. "
        "Re-importing the same article changes nothing. "
        "Exit status: 0 all imported, 1 some items failed or are not searchable yet, 2 usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=FORMATS, help="Read every input as this format.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="Read FIELD (title, body, url, published, ...) from COLUMN of a bulk file.",
        )
        parser.add_argument(
            "--no-enrich", action="store_true", help="Skip entity and topic extraction."
        )
        add_workers_argument(parser)
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        field_map = parse_field_map(options["map"])
        progress_bar = None
        if not options["quiet"] and sys.stderr.isatty():
            from tqdm import tqdm

            progress_bar = tqdm(unit=" items", desc="Importing", file=sys.stderr)
        try:
            report = import_articles(
                options["paths"],
                input_format=options["format"],
                field_map=field_map,
                enrich=not options["no_enrich"],
                workers=max(options["workers"], 0),
                progress=progress_bar.update if progress_bar else None,
            )
        except IndexBusy as error:
            raise CommandError(
                f"{error}. Another process holds the index; run `manage.py check_index --repair` "
                "once it is done, or import again.",
                returncode=1,
            ) from error
        finally:
            if progress_bar:
                progress_bar.close()
        for problem in report.problems:
            self.stderr.write(problem.message)
        for furniture in report.furniture:
            if furniture.patterns or furniture.changed:
                self.stdout.write(furniture.summary())
        self.stdout.write(report.summary())
        if report.failed:
            sys.exit(1)


def parse_field_map(pairs: list[str]) -> dict[str, str]:
    field_map = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(f"--map takes FIELD=COLUMN, not {pair!r}", returncode=2)
        field_map[field.strip()] = column.strip()
    try:
        check_field_map(field_map)
    except ValueError as error:
        raise CommandError(str(error), returncode=2) from error
    return field_map
