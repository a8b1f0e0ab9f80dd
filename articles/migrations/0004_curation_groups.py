"""The two groups of people: Analysts search and export (no admin, no model permissions);
Curators, when staff, fix the collection in the admin (no user management)."""

from django.db import migrations

from articles.migrations._curators import create_all_permissions

CURATED_MODELS = (
    "article", "entity", "alias", "mention", "topic", "articletopic", "blockedname", "source",
    "suppressedlink",
)
ACTIONS = ("view", "add", "change", "delete")


def create_groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="Analysts")
    curators, _ = Group.objects.get_or_create(name="Curators")
    codenames = [f"{action}_{model}" for model in CURATED_MODELS for action in ACTIONS]
    curators.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Analysts", "Curators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_suppressed_links"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
