"""Let PostgreSQL refuse any change to what the authorities and the coordination wrote once.

The recipients' answers, the coordination's notes, the announced target dates and the cited
acts are part of a recommendation's history, like its events.
"""

from django.db import migrations

from core.db_guards import append_only_tables


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0010_bounded_acts_answers_and_planned_dates"),
    ]

    operations = [
        append_only_tables(
            "recommendations_recipientanswer",
            "recommendations_coordinationnote",
            "recommendations_targetdate",
            "recommendations_implementingact",
        ),
    ]
