"""Create the information pages with their first text, so they exist right after ``migrate``."""

from django.db import migrations

from pages.content import PAGES


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for page in PAGES:
        Page.objects.get_or_create(slug=page["slug"], defaults=page)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
