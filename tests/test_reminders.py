"""Reminders to recipients: each step once, dated in public, retried when the mail server fails."""

import datetime
import html

import pytest
from django.core import mail

from recommendations import reminders, services
from recommendations.models import RecipientContact, Reminder
from tests.factories import RecipientFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

SENT_ON = datetime.date(2026, 9, 1)
DUE = SENT_ON + datetime.timedelta(days=60)


def text_of(response):
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def waiting(coordinator):
    recipient = RecipientFactory(name="ONEM")
    RecipientContact.objects.create(
        recipient=recipient, name="Paul Cabinet", email="paul.cabinet@onem.example"
    )
    recommendation = RecommendationFactory()
    services.validate(recommendation, validated_on=SENT_ON, reason="ok", by=coordinator)
    return services.transmit(
        recommendation,
        recipient=recipient,
        sent_on=SENT_ON,
        response_due=DUE,
        reason="Envoi.",
        by=coordinator,
    )


def test_nothing_is_sent_long_before_the_deadline(waiting):
    assert reminders.send_due_reminders(today=DUE - datetime.timedelta(days=30)) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("days_from_due", "step"),
    [(-14, Reminder.Step.BEFORE), (0, Reminder.Step.ON), (14, Reminder.Step.AFTER)],
)
def test_each_step_is_sent_exactly_once_even_when_the_job_runs_twice(waiting, days_from_due, step):
    today = DUE + datetime.timedelta(days=days_from_due)
    assert reminders.send_due_reminders(today=today) == 1
    assert reminders.send_due_reminders(today=today) == 0
    assert [message.to for message in mail.outbox] == [["paul.cabinet@onem.example"]]
    assert f"/reponse/{waiting.pk}/" in mail.outbox[0].body
    assert list(Reminder.objects.values_list("step", flat=True)) == [step]


def test_the_three_steps_over_time_give_three_dated_reminders(waiting):
    for days in (-14, -13, 0, 1, 14, 15):
        reminders.send_due_reminders(today=DUE + datetime.timedelta(days=days))
    assert len(mail.outbox) == 3
    assert "Dernier rappel" in mail.outbox[-1].subject
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 3


def test_a_failing_mail_server_loses_nothing_and_the_step_is_retried(waiting, settings):
    today = DUE
    settings.EMAIL_BACKEND = "tests.test_reminders.BrokenBackend"
    assert reminders.send_due_reminders(today=today) == 0
    reminder = Reminder.objects.get()
    assert (reminder.sent_at, reminder.attempts) == (None, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_due_reminders(today=today) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.attempts == 2
    assert len(mail.outbox) == 1


def test_an_answered_transmission_gets_no_reminder(waiting, coordinator):
    services.record_answer(
        waiting, answer="accueillie", answered_on=SENT_ON, reason="Lettre.", by=coordinator
    )
    assert reminders.send_due_reminders(today=DUE) == 0


def test_the_public_page_shows_each_reminder_sent(client, waiting):
    reminders.send_due_reminders(today=DUE)
    page = text_of(client.get(waiting.recommendation.get_absolute_url()))
    assert "Relance envoyée le" in page
    assert "(le jour de l’échéance)" in page
    assert "paul.cabinet@onem.example" not in page


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_the_worker_runs_the_reminders_job_regularly(waiting, settings):
    from recommendations.tasks import send_reminders

    assert "recommendations.tasks.send_reminders" in settings.PERIODIC_TASKS
    # Today is long past the deadline of 31/10/2026: the last reminder is due, and sent once.
    assert send_reminders.enqueue().return_value == 1
    assert send_reminders.enqueue().return_value == 0
    assert [message.to for message in mail.outbox] == [["paul.cabinet@onem.example"]]
