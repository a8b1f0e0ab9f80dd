from django.core.management.base import BaseCommand, CommandError

from articles.enrich.workers import EnrichmentWorkers, add_workers_argument
from articles.models import Article
from articles.store.enrichment import (
    article_texts,
    build_registry,
    overlap_batches,
    store_enrichments,
)
from articles.store.entity_links import link_entities

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
        add_workers_argument(parser)

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
        totals = {"enriched": 0, "changed": 0}
        with EnrichmentWorkers(processes=max(options["workers"], 0)) as workers:

            def start(chunk):
                return chunk, workers.submit(article_texts(chunk), registry)

            def finish(work):
                chunk, job = work
                totals["changed"] += store_enrichments(chunk, job.result())
                totals["enriched"] += len(chunk)

            overlap_batches(chunks(articles), start, finish)
        link_entities()  # what the new extraction makes plain across the collection
        self.stdout.write(f"enriched {totals['enriched']} articles, changed {totals['changed']}")


def chunks(articles):
    """The articles CHUNK at a time, by primary key, so that the whole set is never in memory."""
    last_pk = 0
    while chunk := list(articles.filter(pk__gt=last_pk)[:CHUNK]):
        yield chunk
        last_pk = chunk[-1].pk
