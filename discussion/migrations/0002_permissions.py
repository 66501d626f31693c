"""What each group may do in the discussion: partners speak, the coordination moderates."""

from django.db import migrations

COORDINATION = "Coordination"
PARTNERS = "Partenaires"

COORDINATION_PERMISSIONS = [
    "moderate_comment",
    "view_comment",
    "view_commentversion",
    "view_moderation",
    "view_report",
    "view_verdict",
    "view_cosignature",
    "view_unsubscription",
    "view_digestdelivery",
]
PARTNER_PERMISSIONS = [
    "add_comment",
    "add_verdict",
    "add_cosignature",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("discussion")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ((COORDINATION, COORDINATION_PERMISSIONS), (PARTNERS, PARTNER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="discussion", codename__in=wanted)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="discussion")
    for group in Group.objects.filter(name__in=[COORDINATION, PARTNERS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("recommendations", "0002_groups"),
        ("discussion", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
