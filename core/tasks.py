"""Background jobs of the outbox: the site's e-mails leave here, never from a request.

``deliver_emails`` sends the rows it is given; a failure keeps a row pending with its error and
a later try. ``sweep_emails`` (enqueued regularly by the worker, see ``PERIODIC_TASKS``) sends
again what is due and forgets the rows sent long ago.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

try:
    from django.tasks import default_task_backend, task
except ImportError:  # Django 5.2: the django-tasks backport
    from django_tasks import default_task_backend, task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# A row still pending this long after its planned try was not picked up by its own job.
SWEEP_GRACE = datetime.timedelta(minutes=5)


def retry_delay(attempts):
    """Wait longer after each failure: 2, 4, 8… minutes, at most a day."""
    return datetime.timedelta(minutes=min(2**attempts, 24 * 60))


def queue_delivery(email_ids, *, run_after=None):
    """Enqueue the sending of these rows (later when the backend can defer)."""
    email_ids = list(email_ids)
    if not email_ids:
        return
    if run_after is None:
        # Once the caller's transaction commits: a rolled-back action sends nothing, and a
        # process stopped in between leaves the rows pending for the sweep.
        transaction.on_commit(lambda: deliver_emails.enqueue(email_ids))
    elif default_task_backend.supports_defer:
        deliver_emails.using(run_after=run_after).enqueue(email_ids)
    # Without deferral (the immediate backend of the tests), the sweep tries again later.


def deliver_one(email_pk, now):
    """Send one pending row; on failure keep it pending for a later try. Return success."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_pk, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return True
        message = EmailMultiAlternatives(
            email.subject,
            email.text,
            settings.DEFAULT_FROM_EMAIL,
            [email.to],
            headers=email.headers,
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        try:
            message.send()
        except Exception as error:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.GIVEN_UP
                logger.error(
                    "E-mail %s (%s) given up after %s tries: %s",
                    email.pk,
                    email.template,
                    email.attempts,
                    error,
                )
            else:
                email.next_attempt_at = now + retry_delay(email.attempts)
                logger.warning(
                    "E-mail %s (%s) failed, tried again later: %s", email.pk, email.template, error
                )
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        # Once sent, the text goes: it may hold a one-use link whose key the site keeps hashed.
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.text = email.html = ""
        email.save(update_fields=["status", "sent_at", "text", "html"])
        return True


@task()
def deliver_emails(email_ids):
    """Send these rows; queue another try of those that failed."""
    now = timezone.now()
    failed = [pk for pk in email_ids if not deliver_one(pk, now)]
    if failed:
        queue_delivery(failed, run_after=now + retry_delay(1))
    return len(email_ids) - len(failed)


@task()
def sweep_emails():
    """Send again what is due; forget the rows sent more than ``EMAIL_KEPT_DAYS`` ago."""
    now = timezone.now()
    due = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        ).values_list("pk", flat=True)
    )
    queue_delivery(due)
    forgotten, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT,
        sent_at__lt=now - datetime.timedelta(days=settings.EMAIL_KEPT_DAYS),
    ).delete()
    return {"retried": len(due), "forgotten": forgotten}
