"""Read queries of the dossiers: what each one holds, and a key that changes with the data."""

import hashlib

from django.db.models import Count, Max, Prefetch, Q

from discussion.models import CoSignature
from recommendations.models import Event, Recipient, Recommendation, Transmission
from themes.models import Constat, Piste, Solution


def dossier_recommendations(*, recipient=None, theme=None, recommendation=None):
    """Published recommendations of a dossier with everything it prints, in a fixed number of
    queries: their origin in the document, active co-signatures and transmissions."""
    queryset = Recommendation.objects.published().select_related("theme")
    if recipient is not None:
        queryset = queryset.filter(
            Q(recipients=recipient) | Q(transmissions__recipient=recipient)
        ).distinct()
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if recommendation is not None:
        queryset = queryset.filter(pk=recommendation.pk)
    transmissions = Transmission.objects.select_related("recipient").order_by("sent_on", "pk")
    if recipient is not None:
        transmissions = transmissions.filter(recipient=recipient)
    return queryset.order_by("reference").prefetch_related(
        Prefetch(
            "solutions",
            queryset=Solution.objects.select_related("theme").order_by("theme", "position"),
        ),
        Prefetch(
            "constats",
            queryset=Constat.objects.select_related("theme").order_by("theme", "position"),
        ),
        Prefetch(
            "pistes", queryset=Piste.objects.select_related("theme").order_by("theme", "position")
        ),
        Prefetch(
            "cosignatures",
            queryset=CoSignature.objects.filter(withdrawn_at__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name", "pk"),
            to_attr="active_cosignatures",
        ),
        Prefetch("transmissions", queryset=transmissions, to_attr="dossier_transmissions"),
        Prefetch("recipients", queryset=Recipient.objects.order_by("name")),
    )


def freshness(*parts):
    """A short hash of the latest change to anything a dossier prints, for its cache key.

    Any new event, transmission, answer, co-signature or edit of a recommendation or recipient
    changes it, so a cached PDF is never served after the data it shows has moved.
    """
    stamps = [
        Recommendation.objects.aggregate(m=Max("modified"), n=Count("pk")),
        Transmission.objects.aggregate(m=Max("modified"), n=Count("pk")),
        Event.objects.aggregate(m=Max("recorded_at"), n=Count("pk")),
        Recipient.objects.aggregate(m=Max("modified"), n=Count("pk")),
        CoSignature.objects.aggregate(
            s=Max("signed_at"), w=Max("withdrawn_at"), n=Count("pk", filter=Q(withdrawn_at=None))
        ),
    ]
    text = repr((parts, [sorted(stamp.items()) for stamp in stamps]))
    return hashlib.sha256(text.encode()).hexdigest()[:24]
