"""Give every event already recorded its chained digest, then let PostgreSQL refuse changes."""

from django.db import migrations

from core.db_guards import append_only_tables
from recommendations.history import GENESIS, compute_digest


def stamp_existing_events(apps, schema_editor):
    Event = apps.get_model("recommendations", "Event")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    for recommendation in Recommendation.objects.order_by("pk").iterator():
        previous = GENESIS
        for event in Event.objects.filter(recommendation=recommendation).order_by("sequence"):
            if not event.digest:
                event.digest = compute_digest(event, recommendation.reference, previous)
                Event.objects.filter(pk=event.pk).update(digest=event.digest)
            previous = event.digest


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0008_bounded_links_and_dates_event_digest"),
    ]

    operations = [
        migrations.RunPython(stamp_existing_events, migrations.RunPython.noop),
        append_only_tables("recommendations_event"),
    ]
