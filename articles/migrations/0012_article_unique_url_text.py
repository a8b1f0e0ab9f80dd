"""One article per URL and per text (content hash), enforced by the database: two importers
running at once each checked before either had stored. Only non-empty values count (text input
has no URL). 0007 folded the copies stored before."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_fold_article_copies"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("url", ""), _negated=True),
                fields=("url",),
                name="unique_article_url",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("content_hash", ""), _negated=True),
                fields=("content_hash",),
                name="unique_article_text",
            ),
        ),
    ]
