"""Every change to the alerts: asking, confirming, changing, unsubscribing, forgetting."""

from django.db import transaction
from django.utils import timezone

from .models import Delivery, Subscriber, Subscription
from .tasks import queue_sending


def _queue(delivery):
    transaction.on_commit(lambda: queue_sending([delivery.pk]))


@transaction.atomic
def request_subscription(*, email, scope, frequency, language, target=None):
    """Ask for an alert; the address owner gets a message, the page says the same thing anyway.

    A new or still unconfirmed subscription gets a confirmation link; one already confirmed gets
    a reminder of its management link, so the form never reveals who is subscribed.
    """
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"language": language}
    )
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    targets = {"recommendation": None, "theme": None, "recipient": None}
    if scope != Subscription.Scope.ALL:
        targets[
            {"recommandation": "recommendation", "theme": "theme", "destinataire": "recipient"}[
                scope
            ]
        ] = target
    subscription = subscriber.subscriptions.filter(scope=scope, **targets).first()
    if subscription is not None and subscription.is_confirmed:
        kind = Delivery.Kind.ALREADY
    else:
        kind = Delivery.Kind.CONFIRMATION
        if subscription is None:
            subscription = Subscription.objects.create(
                subscriber=subscriber, scope=scope, frequency=frequency, **targets
            )
        elif subscription.frequency != frequency:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency", "modified"])
    delivery = Delivery.objects.create(
        subscription=subscription, kind=kind, next_attempt_at=timezone.now()
    )
    _queue(delivery)
    return subscription


@transaction.atomic
def confirm(subscription):
    """Follow the confirmation link: from now on the alerts go out."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.is_confirmed:
        now = timezone.now()
        subscription.confirmed_at = now
        subscription.digest_until = now
        subscription.save(update_fields=["confirmed_at", "digest_until", "modified"])
    return subscription


@transaction.atomic
def change_frequency(subscription, frequency):
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.frequency != frequency:
        subscription.frequency = frequency
        # A subscription turning weekly starts its first week now.
        subscription.digest_until = timezone.now()
        subscription.save(update_fields=["frequency", "digest_until", "modified"])
    return subscription


@transaction.atomic
def unsubscribe(subscription):
    """Stop one alert; with the last one, the address itself is deleted."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscription.subscriber_id)
    Subscription.objects.filter(pk=subscription.pk).delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()


@transaction.atomic
def forget(subscriber):
    """Delete the address and everything it asked for."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()
