"""Old entity URLs keep working: an alias's name as a URL (slug), and the slugs of entities merged
away (EntityRedirect), lead to the entity with a 301."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def fill_alias_slugs(apps, schema_editor):
    Alias = apps.get_model("articles", "Alias")
    aliases = list(Alias.objects.all())
    for alias in aliases:
        alias.slug = slugify(alias.name)[:200]
    Alias.objects.bulk_update(aliases, ["slug"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_unique_url_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="alias",
            name="slug",
            field=models.SlugField(
                default="",
                editable=False,
                help_text="The name as a URL: /entities/dprk/ redirects.",
                max_length=200,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_alias_slugs, migrations.RunPython.noop),
        migrations.CreateModel(
            name="EntityRedirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="redirects",
                        to="articles.entity",
                    ),
                ),
            ],
        ),
    ]
