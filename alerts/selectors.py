"""Which subscriptions an event reaches, and which events a weekly digest holds."""

from django.db.models import Q

from opendata.selectors import events_for, recipients_of

from .models import Subscription

Scope = Subscription.Scope


def subscriptions_reached_by(event):
    """Confirmed subscriptions that want this event at once (a fixed number of queries)."""
    recommendation = event.recommendation
    return Subscription.objects.filter(
        confirmed_at__isnull=False, frequency=Subscription.Frequency.IMMEDIATE
    ).filter(
        Q(scope=Scope.ALL)
        | Q(scope=Scope.RECOMMENDATION, recommendation_id=recommendation.pk)
        | Q(scope=Scope.THEME, theme_id=recommendation.theme_id)
        | Q(scope=Scope.RECIPIENT, recipient__in=recipients_of(event))
    )


def events_of(subscription):
    """The public events a subscription follows."""
    return events_for(
        recommendation=subscription.recommendation,
        theme=subscription.theme,
        recipient=subscription.recipient,
    )
