"""Reminders to the recipients before, on and after their answer deadline, each step sent once.

Run by the scheduled job (``manage.py send_reminders``). The row of a step is taken before its
e-mails are sent and marked sent only once every contact's e-mail went out: a run that finds a
step already sent does nothing, two runs at once do not both send it (the second skips the
locked row), and a step whose sending failed is tried again by the next run.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.emails import send_email, site_url

from .models import Reminder, Transmission
from .services import answer_url, create_answer_link

logger = logging.getLogger(__name__)

Step = Reminder.Step


def reminder_step(transmission, today):
    """The reminder step a waiting transmission has reached today, or None before the first."""
    due = transmission.response_due
    if today >= due + datetime.timedelta(days=settings.REMINDER_AFTER_DAYS):
        return Step.AFTER
    if today >= due:
        return Step.ON
    if today >= due - datetime.timedelta(days=settings.REMINDER_BEFORE_DAYS):
        return Step.BEFORE
    return None


def _send(reminder, contacts):
    transmission = reminder.transmission
    _link, key = create_answer_link(transmission)
    context = {
        "reminder": reminder,
        "transmission": transmission,
        "recommendation": transmission.recommendation,
        "recipient": transmission.recipient,
        "link": answer_url(transmission.pk, key),
        "site_url": site_url(),
    }
    return all(
        send_email(
            contact.email,
            "recommendations/emails/reminder",
            {**context, "contact": contact},
            language=settings.LANGUAGE_CODE,
        )
        for contact in contacts
    )


def send_due_reminders(today=None):
    """Send every reminder step that is due and not sent yet; return how many were sent."""
    today = today or timezone.localdate()
    waiting = (
        Transmission.objects.filter(
            answer=Transmission.Answer.PENDING,
            recommendation__is_published=True,
            response_due__lte=today + datetime.timedelta(days=settings.REMINDER_BEFORE_DAYS),
        )
        .select_related("recommendation", "recipient")
        .order_by("pk")
    )
    sent = 0
    for transmission in waiting:
        step = reminder_step(transmission, today)
        contacts = list(transmission.recipient.contacts.filter(is_active=True))
        if step is None or not contacts:
            continue
        with transaction.atomic():
            reminder, _created = Reminder.objects.get_or_create(
                transmission=transmission, step=step
            )
            taken = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(pk=reminder.pk, sent_at__isnull=True)
                .select_related("transmission__recommendation", "transmission__recipient")
                .first()
            )
            if taken is None:
                continue
            delivered = _send(taken, contacts)
            taken.attempts += 1
            if delivered:
                taken.sent_at = timezone.now()
            taken.save(update_fields=["attempts", "sent_at"])
        if delivered:
            sent += 1
        else:
            logger.warning("Reminder %s not delivered; the next run tries again", taken.pk)
    return sent
