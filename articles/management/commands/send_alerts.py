"""Send the alert digests of one rate: what the task queue does on its schedule, for cron."""

from django.core.management.base import BaseCommand

from articles.monitoring.digests import send_digests
from articles.monitoring.models import SavedSearch

RATES = [rate for rate in SavedSearch.Rate.values if rate != SavedSearch.Rate.OFF]


class Command(BaseCommand):
    help = (
        "Mail each user the new hits of their saved searches at --rate (instant, daily or "
        "weekly), one digest per user; run it from cron at that rate when no task worker runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rate", choices=RATES, required=True)

    def handle(self, *args, rate: str, **options):
        report = send_digests(rate)
        for problem in report.problems:
            self.stderr.write(problem)
        self.stdout.write(report.summary())
