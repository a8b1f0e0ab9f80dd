from django.core.management.base import BaseCommand

from articles.store.entity_links import link_entities


class Command(BaseCommand):
    help = (
        "Link the names the collection makes plain: a lone surname or first name to the full "
        "name, an acronym to its introduced expansion, a body's name in another word order. "
        "Curated names and links curators undid are left alone. Runs after every import too."
    )

    def handle(self, *args, **options):
        links = link_entities()
        for link in links:
            self.stdout.write(f"{link} ({link.get_reason_display().lower()})")
        self.stdout.write(f"{len(links)} new entity links")
