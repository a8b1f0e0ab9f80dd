"""Copies of one article (same URL, or same text by content hash) folded into one, before 0008
makes both unique: until then two importers running at once could each store it. The copies are
folded into the earliest (lowest id), which is what the importer matches a re-import
to: the later copies' mentions, topics and removed links the earliest lacks move to it (the
earliest's own win where both have one), articles marked as duplicates of a copy point at the
earliest, and the copies are deleted. The earliest is flagged for indexing; the copies' documents
are orphans the next `check_index --repair` (or `rebuild_index`) removes.
"""

from django.db import migrations, models


def fold_copies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for key in ("url", "content_hash"):
        repeated = (
            Article.objects.exclude(**{key: ""})
            .values(key)
            .annotate(n=models.Count("id"))
            .filter(n__gt=1)
            .values_list(key, flat=True)
        )
        for value in list(repeated):
            earliest, *copies = Article.objects.filter(**{key: value}).order_by("pk")
            for copy in copies:
                fold_into(apps, earliest, copy)
            Article.objects.filter(pk=earliest.pk).update(needs_indexing=True)


def fold_into(apps, earliest, copy) -> None:
    Article = apps.get_model("articles", "Article")
    for model_name, link in (
        ("Mention", "entity_id"),
        ("ArticleTopic", "topic_id"),
        ("SuppressedLink", "entity_id"),
        ("SuppressedLink", "topic_id"),
    ):
        model = apps.get_model("articles", model_name)
        kept = model.objects.filter(article=earliest).exclude(**{link: None})
        model.objects.filter(article=copy).exclude(**{link: None}).exclude(
            **{f"{link}__in": kept.values_list(link, flat=True)}
        ).update(article=earliest)
    Article.objects.filter(duplicate_of=copy).exclude(pk=earliest.pk).update(duplicate_of=earliest)
    copy.delete()  # what did not move (links the earliest has too, band keys) goes with it


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_job_furniture_kind"),
    ]

    # Apart from 0008: PostgreSQL refuses to change a table that has pending trigger events (the
    # deferred foreign-key checks of the rows moved here) in the same transaction.
    operations = [migrations.RunPython(fold_copies, migrations.RunPython.noop)]
