"""The history's chained digest: each event's SHA-256 covers its content and the previous digest.

A row changed behind the site's back (from ``psql``, with the database's triggers disabled, or
in a SQLite file) no longer matches its digest, and every later digest of that recommendation
stops matching too: ``manage.py verify_history`` finds it. The digest is written once, when the
event is inserted (through the site or ``loaddata``), and never recomputed in place.
"""

import datetime
import hashlib
import json

from django.db.models.signals import pre_save

GENESIS = "0" * 64


def _when(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec="microseconds")
    return value.isoformat()


def event_payload(event, reference):
    """What the digest covers: everything that makes the event, in a fixed order."""
    return {
        "recommendation": reference,
        "sequence": event.sequence,
        "transmission": event.transmission_id,
        "axis": event.axis,
        "from": event.from_value,
        "to": event.to_value,
        "effective_on": _when(event.effective_on),
        "reason": event.reason,
        "proof_url": event.proof_url,
        "corrects": event.corrects_id,
        "recorded_by": event.recorded_by_id,
        "recorded_at": _when(event.recorded_at),
        "source": event.source,
    }


def compute_digest(event, reference, previous_digest):
    canonical = json.dumps(
        event_payload(event, reference), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(f"{previous_digest}\n{canonical}".encode()).hexdigest()


def _reference_of(event):
    from .models import Recommendation

    return Recommendation.objects.filter(pk=event.recommendation_id).values_list(
        "reference", flat=True
    )[0]


def previous_digest(event):
    from .models import Event

    digest = (
        Event.objects.filter(recommendation_id=event.recommendation_id, sequence__lt=event.sequence)
        .order_by("-sequence")
        .values_list("digest", flat=True)
        .first()
    )
    return digest or GENESIS


def stamp_digest(sender, instance, raw=False, **kwargs):
    """Give a new event its digest, also when it comes from a fixture (``raw``)."""
    if not instance._state.adding or instance.digest:
        return
    instance.digest = compute_digest(instance, _reference_of(instance), previous_digest(instance))


def connect():
    from .models import Event

    pre_save.connect(stamp_digest, sender=Event, dispatch_uid="recommendations.history.digest")


def verify(recommendations=None):
    """Walk each recommendation's events in order; return the breaks found, as readable lines."""
    from .models import Event, Recommendation

    problems = []
    queryset = Recommendation.objects.order_by("reference")
    if recommendations is not None:
        queryset = queryset.filter(pk__in=[r.pk for r in recommendations])
    for recommendation in queryset.iterator():
        previous = GENESIS
        expected_sequence = 1
        for event in Event.objects.filter(recommendation=recommendation).order_by("sequence"):
            where = f"{recommendation.reference} n° {event.sequence}"
            if event.sequence != expected_sequence:
                problems.append(
                    f"{where}: sequence {expected_sequence} expected, "
                    f"{event.sequence} found (an event is missing)"
                )
            if not event.digest:
                problems.append(f"{where}: no digest")
            elif event.digest != compute_digest(event, recommendation.reference, previous):
                problems.append(
                    f"{where}: digest does not match (this row, or the digest of the one "
                    "before it, was changed after it was written)"
                )
            previous = event.digest or previous
            expected_sequence = event.sequence + 1
    return problems
