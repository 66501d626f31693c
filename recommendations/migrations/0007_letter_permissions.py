"""The coordination writes the covering-letter templates and reads the frozen documents.

A first template is written, so the coordination has one to start from.
"""

from django.db import migrations

COORDINATION = "Coordination"
PERMISSIONS = [
    ("recommendations", "add_lettertemplate"),
    ("recommendations", "change_lettertemplate"),
    ("recommendations", "view_lettertemplate"),
    ("recommendations", "view_transmissiondocument"),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATION)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


DEFAULT_NAME = "Courrier d’envoi des recommandations"
DEFAULT_SUBJECT = "Recommandations des Assises de l’Insertion en Wallonie picarde"
DEFAULT_BODY = """Madame, Monsieur,

Réunis lors des Assises de l’Insertion en Wallonie picarde, des professionnels de l’insertion \
socioprofessionnelle (centres d’insertion socioprofessionnelle, CPAS, comités subrégionaux de \
l’emploi et de la formation) ont formulé des recommandations pour un accompagnement de qualité \
des demandeurs d’emploi. La coordination des Assises adresse à {destinataire} la ou les \
recommandations suivantes :

{recommandations}

Le dossier joint reprend chacune d’elles, les mots du document dont elle vient et les \
organisations qui la soutiennent.

Nous vous serions reconnaissants de nous faire connaître votre réponse pour le {date_limite}. \
Elle sera publiée, telle que vous nous l’adresserez, à l’adresse suivante :
{adresse_reponse}

Nous vous prions d’agréer, Madame, Monsieur, l’expression de notre considération distinguée."""


def write_default_template(apps, schema_editor):
    LetterTemplate = apps.get_model("recommendations", "LetterTemplate")
    if not LetterTemplate.objects.exists():
        LetterTemplate.objects.create(
            name=DEFAULT_NAME, subject=DEFAULT_SUBJECT, body=DEFAULT_BODY, is_default=True
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=COORDINATION).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="recommendations",
                codename__in=[codename for _, codename in PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_letters_and_frozen_documents"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(write_default_template, migrations.RunPython.noop),
    ]
