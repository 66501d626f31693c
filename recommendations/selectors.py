"""Read queries the follow-up pages share."""

import datetime

from django.conf import settings
from django.db.models import Max, Prefetch
from django.utils import timezone

from .models import Event, Recommendation, Transmission


def with_last_event(queryset):
    """Annotate the date of each recommendation's latest dated event."""
    return queryset.annotate(last_event_on=Max("events__effective_on"))


def recommendation_list():
    """Published recommendations with what the list shows, in a fixed number of queries."""
    return (
        with_last_event(Recommendation.objects.published().select_related("theme"))
        .order_by("reference")
        .prefetch_related(
            Prefetch(
                "transmissions",
                queryset=Transmission.objects.select_related("recipient").order_by("sent_on", "pk"),
            )
        )
    )


def recommendation_detail():
    """A recommendation with its origin in the document, its transmissions and its history."""
    return Recommendation.objects.select_related("theme").prefetch_related(
        "solutions__theme",
        "constats__theme",
        "pistes__theme",
        "recipients",
        Prefetch(
            "transmissions",
            queryset=Transmission.objects.select_related(
                "recipient", "rerouted_from__recipient"
            ).order_by("sent_on", "pk"),
        ),
        Prefetch(
            "events",
            queryset=Event.objects.select_related(
                "transmission__recipient", "corrects", "recorded_by"
            ).order_by("sequence"),
        ),
    )


def drafts_to_validate():
    return Recommendation.objects.filter(stage=Recommendation.Stage.FORMULATED).select_related(
        "theme"
    )


def overdue_transmissions(today=None):
    """Transmissions past their deadline without an answer, longest waiting first."""
    return (
        Transmission.objects.overdue(today)
        .select_related("recommendation", "recipient")
        .order_by("response_due", "sent_on", "pk")
    )


def stale_recommendations(today=None):
    """Recommendations under way with no event for the configured number of days."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.STALE_AFTER_DAYS)
    return (
        with_last_event(Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED))
        .filter(last_event_on__lte=limit)
        .select_related("theme")
        .order_by("last_event_on", "reference")
    )
