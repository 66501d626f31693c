"""The search index of the recommendations and the document, kept by database triggers.

PostgreSQL: stored French and English vectors with GIN indexes, and a word list with a
``pg_trgm`` index for typo suggestions. SQLite: an FTS5 table and its vocabulary. Each
database's part does nothing on the other (see ``recommendations.search_index``).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from recommendations import search_index


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0013_english_content_from_fixture"),
        ("themes", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        search_index.operation(),
    ]
