"""The unaccent extension, so a search for « realisee » finds « réalisée » on PostgreSQL.

``UnaccentExtension`` does nothing on other databases: SQLite searches without it.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_groups"),
    ]

    operations = [
        UnaccentExtension(),
    ]
