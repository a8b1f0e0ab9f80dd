import sys

from django.core.management.base import BaseCommand, CommandError

from articles import search


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database. The new index is built beside the live one "
        "and swapped in when complete: searches keep working meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        progress_bar = None
        if not options["quiet"] and sys.stderr.isatty():
            from tqdm import tqdm

            progress_bar = tqdm(unit=" articles", desc="Indexing", file=sys.stderr)

        def progress(done: int) -> None:
            progress_bar.update(done - progress_bar.n)

        try:
            written = search.rebuild_index(progress=progress if progress_bar else None)
        except search.IndexBusy as error:
            raise CommandError(
                f"Index is busy: {error}. Try again when the other writer is done."
            ) from error
        finally:
            if progress_bar:
                progress_bar.close()
        self.stdout.write(f"indexed {written} articles")
