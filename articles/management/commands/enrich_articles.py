from django.core.management.base import BaseCommand, CommandError

from articles.extraction import build_registry, enrich_and_store
from articles.models import Article

CHUNK = 200


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
        registry = build_registry()
        total = changed = 0
        last_pk = 0
        while chunk := list(articles.filter(pk__gt=last_pk)[:CHUNK]):
            changed += enrich_and_store(chunk, registry)
            total += len(chunk)
            last_pk = chunk[-1].pk
        self.stdout.write(f"enriched {total} articles, changed {changed}")
