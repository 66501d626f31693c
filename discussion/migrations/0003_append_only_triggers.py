"""Let PostgreSQL refuse any change to comment versions and moderation decisions."""

from django.db import migrations

from core.db_guards import append_only_tables


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0002_permissions"),
    ]

    operations = [
        append_only_tables("discussion_commentversion", "discussion_moderation"),
    ]
