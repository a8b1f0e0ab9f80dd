"""What the data migrations that give the Curators group its permissions share.

The leading underscore keeps Django's migration loader from reading this module as a migration.
"""


def create_all_permissions(apps) -> None:
    """Permissions are normally created after all migrations ran; these migrations need them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_to_curators(apps, codenames) -> None:
    """Give the Curators group (made by 0004_curation_groups) these articles permissions."""
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=codenames
    )
    for curators in Group.objects.filter(name="Curators"):
        curators.permissions.add(*permissions)
