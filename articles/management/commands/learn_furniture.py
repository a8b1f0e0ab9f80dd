from django.core.management.base import BaseCommand, CommandError

from articles.models import Source
from articles.store.boilerplate import refresh_furniture


class Command(BaseCommand):
    help = (
        "Learn each source's furniture (lines and sentences recurring across its articles) again "
        "where its articles grew, and take the enabled patterns out of its articles' bodies; "
        "changed articles are enriched and reindexed. Without SOURCE, every source."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", metavar="SOURCE", help="A source's slug or name.")
        parser.add_argument(
            "--force", action="store_true", help="Learn again even if the articles did not grow."
        )
        parser.add_argument(
            "--no-enrich", action="store_true", help="Do not extract entities and topics again."
        )

    def handle(self, *args, **options):
        sources = [find_source(name) for name in options["sources"]] or list(Source.objects.all())
        reports = refresh_furniture(
            sources, force=options["force"], enrich=not options["no_enrich"]
        )
        for report in reports:
            self.stdout.write(report.summary())
            for pattern in report.patterns:
                self.stdout.write(
                    f"  {pattern.kind:<8} {pattern.article_count:>5} {pattern.share:6.1%}  "
                    f"{pattern.text[:120]}"
                )
        changed = sum(report.changed for report in reports)
        self.stdout.write(f"{len(reports)} sources, {changed} articles changed")


def find_source(name: str) -> Source:
    source = (
        Source.objects.filter(slug=name).first() or Source.objects.filter(name__iexact=name).first()
    )
    if source is None:
        raise CommandError(f"no source with the slug or name {name!r}", returncode=2)
    return source
