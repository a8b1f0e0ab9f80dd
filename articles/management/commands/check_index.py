from django.core.management.base import BaseCommand, CommandError

from articles import search


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: published articles missing from the index, "
        "stale documents (article edited since), orphaned documents (no published article), "
        "duplicated documents, and articles waiting for their index write; an index written by "
        "another schema version is reported as such. --repair rewrites what differs (rebuilds an "
        "outdated index). "
        "Exit status: 0 consistent, 1 problems remain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Rewrite what differs.")

    def handle(self, *args, **options):
        try:
            health = search.check_index(repair=options["repair"])
        except search.IndexBusy as error:
            raise CommandError(
                f"Index is busy: {error}. Try again when the other writer is done."
            ) from error
        if health.rebuilt:
            self.stdout.write("rebuilt the index: it was written by another schema version")
        if health.repaired:
            self.stdout.write(f"repaired {health.repaired} articles")
        self.stdout.write(health.summary())
        for name in ("missing", "stale", "orphaned", "duplicated", "waiting"):
            ids = getattr(health, name)
            if ids:
                shown = ", ".join(str(pk) for pk in ids[:10])
                self.stdout.write(f"  {name}: {shown}{' ...' if len(ids) > 10 else ''}")
        if health.outdated:
            raise CommandError(
                "the index must be rebuilt: run `manage.py check_index --repair` or "
                "`manage.py rebuild_index`"
            )
        if not health.ok:
            raise CommandError(
                "the index differs from the database"
                + ("" if options["repair"] else "; run `manage.py check_index --repair`")
            )
        self.stdout.write("index is consistent with the database")
