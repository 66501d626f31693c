"""The two groups of the site and what each may do."""

from django.db import migrations

COORDINATION = "Coordination"
PARTNERS = "Partenaires"

COORDINATION_PERMISSIONS = [
    ("recommendations", "add_recommendation"),
    ("recommendations", "change_recommendation"),
    ("recommendations", "view_recommendation"),
    ("recommendations", "validate_recommendation"),
    ("recommendations", "transmit_recommendation"),
    ("recommendations", "record_answer"),
    ("recommendations", "record_implementation"),
    ("recommendations", "view_transmission"),
    ("recommendations", "view_event"),
    ("recommendations", "add_recipient"),
    ("recommendations", "change_recipient"),
    ("recommendations", "view_recipient"),
    ("themes", "view_consultation"),
    ("themes", "view_theme"),
    ("themes", "view_question"),
    ("themes", "view_keyword"),
    ("themes", "view_constat"),
    ("themes", "view_solution"),
    ("themes", "view_piste"),
    ("themes", "add_organisation"),
    ("themes", "change_organisation"),
    ("themes", "view_organisation"),
]
PARTNER_PERMISSIONS = [
    ("recommendations", "view_recommendation"),
]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ((COORDINATION, COORDINATION_PERMISSIONS), (PARTNERS, PARTNER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[COORDINATION, PARTNERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("themes", "0001_initial"),
        ("recommendations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
