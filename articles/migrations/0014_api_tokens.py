"""Personal API tokens (articles/api/models.py); Curators see, revoke and delete them in the admin
(a key is made, and shown once, on the owner's account page)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from articles.migrations._curators import grant_to_curators


def grant_curators(apps, schema_editor):
    grant_to_curators(apps, [f"{action}_apitoken" for action in ("view", "change", "delete")])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_entity_redirects'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What the token is for (a notebook, a script).', max_length=100)),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('prefix', models.CharField(editable=False, help_text="The key's first characters, to recognise it.", max_length=12)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_used', models.DateTimeField(blank=True, editable=False, null=True)),
                ('revoked', models.DateTimeField(blank=True, help_text='When it stopped working.', null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API token',
                'ordering': ['-created', '-id'],
            },
        ),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]
