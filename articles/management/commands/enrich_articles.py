import sys

from django.core.management.base import BaseCommand, CommandError

from articles.enrich.workers import add_workers_argument
from articles.models import Article
from articles.store.enrichment import enrich_stored


class Command(BaseCommand):
    help = (
        "Re-run entity, topic and date extraction over all articles or some of them. Curated "
        "mentions, topics and fields are kept; only articles whose extraction changed are "
        "reindexed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ids", nargs="+", type=int, metavar="ID", help="Only these articles.")
        parser.add_argument("--source", metavar="SLUG", help="Only articles from this source.")
        parser.add_argument(
            "--since", metavar="YYYY-MM-DD", help="Only articles published on or after this date."
        )
        add_workers_argument(parser)
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        articles = Article.objects.order_by("pk")
        if options["ids"]:
            articles = articles.filter(pk__in=options["ids"])
        if options["source"]:
            articles = articles.filter(source__slug=options["source"])
        if options["since"]:
            try:
                articles = articles.filter(published__gte=options["since"])
            except Exception as error:  # a malformed date is the user's typo, not a crash
                raise CommandError(f"--since takes YYYY-MM-DD: {error}") from error
        progress_bar = None
        if not options["quiet"] and sys.stderr.isatty():  # a terminal, not a log
            from tqdm import tqdm

            progress_bar = tqdm(
                total=articles.count(), unit=" articles", desc="Enriching", file=sys.stderr
            )
        try:
            enriched, changed = enrich_stored(
                articles,
                workers=options["workers"],
                progress=progress_bar.update if progress_bar else None,
            )
        finally:
            if progress_bar:
                progress_bar.close()
        self.stdout.write(f"enriched {enriched} articles, changed {changed}")
