"""Background jobs of the alerts: nothing here runs inside a visitor's or coordinator's request.

``fan_out_event`` turns one event into one ``Delivery`` row per subscription it reaches and
queues their sending in batches; ``send_deliveries`` sends, and a message that fails stays
pending with its error and a later try; ``sweep`` (enqueued regularly by the worker) sends the
weekly digests, retries what is due and forgets addresses never confirmed.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recommendations.models import Event

try:
    from django.tasks import default_task_backend, task
except ImportError:  # Django 5.2: the django-tasks backport
    from django_tasks import default_task_backend, task

from .emails import build_message
from .models import Delivery, Subscriber, Subscription
from .selectors import events_of, subscriptions_reached_by

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
WEEK = datetime.timedelta(days=7)
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=7)
# A delivery still pending this long after its planned try was not picked up by its own job.
SWEEP_GRACE = datetime.timedelta(minutes=5)


def retry_delay(attempts):
    """Wait longer after each failure: 2, 4, 8… minutes, at most a day."""
    return datetime.timedelta(minutes=min(2**attempts, 24 * 60))


def queue_sending(delivery_ids, *, run_after=None):
    """Enqueue the sending of these deliveries, in batches."""
    delivery_ids = list(delivery_ids)
    for start in range(0, len(delivery_ids), BATCH_SIZE):
        batch = delivery_ids[start : start + BATCH_SIZE]
        if run_after is not None and default_task_backend.supports_defer:
            send_deliveries.using(run_after=run_after).enqueue(batch)
        elif run_after is None:
            send_deliveries.enqueue(batch)
        # Without deferral (the immediate backend of the tests), the sweep retries later.


@task()
def fan_out_event(event_pk):
    """Create one delivery per subscription the event reaches, then queue their sending."""
    event = (
        Event.objects.select_related("recommendation")
        .filter(pk=event_pk, recommendation__is_published=True)
        .first()
    )
    if event is None:
        return 0
    now = timezone.now()
    subscription_ids = list(subscriptions_reached_by(event).values_list("pk", flat=True))
    # Running twice creates nothing more: one delivery per event and subscription.
    Delivery.objects.bulk_create(
        [
            Delivery(subscription_id=pk, kind=Delivery.Kind.EVENT, event=event, next_attempt_at=now)
            for pk in subscription_ids
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    pending = Delivery.objects.filter(
        event=event, kind=Delivery.Kind.EVENT, status=Delivery.Status.PENDING
    ).values_list("pk", flat=True)
    queue_sending(pending)
    return len(subscription_ids)


def context_for(delivery):
    subscription = delivery.subscription
    if delivery.kind == Delivery.Kind.EVENT:
        return "alerts/emails/event", {
            "event": delivery.event,
            "recommendation": delivery.event.recommendation,
        }
    if delivery.kind == Delivery.Kind.DIGEST:
        events = list(
            events_of(subscription)
            .filter(recorded_at__gt=delivery.covers_from, recorded_at__lte=delivery.covers_until)
            .order_by("recommendation__reference", "sequence")
        )
        return "alerts/emails/digest", {"events": events, "since": delivery.covers_from}
    if delivery.kind == Delivery.Kind.ALREADY:
        return "alerts/emails/already", {}
    return "alerts/emails/confirm", {}


def send_one(delivery_pk, now):
    """Send one pending delivery; on failure keep it pending for a later try. Return success."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription__subscriber", "event__recommendation__theme")
            .select_related("event__transmission__recipient", "event__corrects")
            .select_related(
                "subscription__recommendation", "subscription__theme", "subscription__recipient"
            )
            .filter(pk=delivery_pk, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return True
        try:
            template_prefix, context = context_for(delivery)
            build_message(delivery.subscription, template_prefix, context).send()
        except Exception as error:
            delivery.attempts += 1
            delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
            if delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
                delivery.status = Delivery.Status.GIVEN_UP
                logger.error("Alert %s given up after %s tries", delivery.pk, delivery.attempts)
            else:
                delivery.next_attempt_at = now + retry_delay(delivery.attempts)
                logger.warning("Alert %s failed, tried again later: %s", delivery.pk, error)
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "sent_at"])
        return True


@task()
def send_deliveries(delivery_ids):
    """Send these deliveries; queue another try of those that failed."""
    now = timezone.now()
    failed = [pk for pk in delivery_ids if not send_one(pk, now)]
    if failed:
        queue_sending(failed, run_after=now + retry_delay(1))
    return len(delivery_ids) - len(failed)


def queue_weekly_digests(now):
    """Open one digest delivery per weekly subscription whose week is over and that has news."""
    due = Subscription.objects.filter(
        confirmed_at__isnull=False,
        frequency=Subscription.Frequency.WEEKLY,
        digest_until__lte=now - WEEK,
    ).select_related("recommendation", "theme", "recipient")
    created = []
    for subscription in due:
        with transaction.atomic():
            locked = (
                Subscription.objects.select_for_update()
                .filter(pk=subscription.pk, digest_until=subscription.digest_until)
                .first()
            )
            if locked is None:
                continue
            since = subscription.digest_until
            if events_of(subscription).filter(recorded_at__gt=since, recorded_at__lte=now).exists():
                created.append(
                    Delivery.objects.create(
                        subscription=subscription,
                        kind=Delivery.Kind.DIGEST,
                        covers_from=since,
                        covers_until=now,
                        next_attempt_at=now,
                    ).pk
                )
            Subscription.objects.filter(pk=subscription.pk).update(digest_until=now)
    return created


@task()
def sweep():
    """Weekly digests, retries that are due, and the forgetting of unconfirmed addresses."""
    now = timezone.now()
    digests = queue_weekly_digests(now)
    due = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        )
        .exclude(pk__in=digests)
        .values_list("pk", flat=True)
    )
    queue_sending([*digests, *due])
    Subscription.objects.filter(
        confirmed_at__isnull=True, created__lt=now - UNCONFIRMED_KEPT_FOR
    ).delete()
    Subscriber.objects.filter(
        subscriptions__isnull=True, created__lt=now - UNCONFIRMED_KEPT_FOR
    ).delete()
    return {"digests": len(digests), "retried": len(due)}
