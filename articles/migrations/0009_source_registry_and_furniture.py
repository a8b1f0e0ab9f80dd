"""The source registry (domains, aliases) and each source's furniture patterns; Curators may
edit them, as they edit sources."""

import django.db.models.deletion
from django.db import migrations, models

from articles.migrations._curators import grant_to_curators

NEW_MODELS = ("sourcedomain", "sourcealias", "furniturepattern")
ACTIONS = ("view", "add", "change", "delete")


def grant_curators(apps, schema_editor):
    grant_to_curators(apps, [f"{action}_{model}" for model in NEW_MODELS for action in ACTIONS])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_jobs'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='read_body',
            field=models.TextField(blank=True, help_text="The body as read, before the source's learned furniture was taken out of it."),
        ),
        migrations.AddField(
            model_name='source',
            name='furniture_learned_from',
            field=models.PositiveIntegerField(default=0, help_text='Articles its furniture was last learned from.'),
        ),
        migrations.AddField(
            model_name='source',
            name='name_from_domain',
            field=models.BooleanField(default=False, help_text='Named after its domain; the first site name a page states wins.'),
        ),
        migrations.CreateModel(
            name='SourceAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='articles.source')),
            ],
            options={
                'verbose_name_plural': 'source aliases',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='SourceDomain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(help_text='As "dw.com", no "www."', max_length=253, unique=True)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='domains', to='articles.source')),
            ],
            options={
                'ordering': ['domain'],
            },
        ),
        migrations.CreateModel(
            name='FurniturePattern',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField()),
                ('key', models.TextField(editable=False, help_text='The text as compared: case and spacing aside.')),
                ('kind', models.CharField(choices=[('line', 'Whole line'), ('sentence', 'Sentence'), ('trailing', 'Closing sentences')], default='sentence', max_length=10)),
                ('enabled', models.BooleanField(default=True)),
                ('learned', models.BooleanField(default=False, help_text='Found by learning, not added by hand.')),
                ('article_count', models.PositiveIntegerField(default=0, help_text='Articles it was found in.')),
                ('share', models.FloatField(default=0.0, help_text="Of the source's articles, when learned.")),
                ('updated', models.DateTimeField(auto_now=True)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='furniture', to='articles.source')),
            ],
            options={
                'ordering': ['-article_count', 'text'],
                'constraints': [models.UniqueConstraint(fields=('source', 'kind', 'key'), name='unique_furniture_pattern')],
            },
        ),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]
