"""The outbox: requests write their e-mails, a background job sends them, nothing is lost."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import tasks
from core.emails import queue_email
from core.models import OutgoingEmail
from tests.accounts import invite_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class DownBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def invite(client, organisation):
    return client.post(reverse("partners:invite"), invite_data(organisation))


def due_now():
    """Move every pending try into the past, past the sweep's grace."""
    OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).update(
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1)
    )


def test_an_invitation_leaves_through_the_outbox_and_keeps_no_text(
    client, coordinator, organisation, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jeanne.dupont@example.org"]
    assert "/accounts/invitation/" in mail.outbox[0].body
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.SENT
    assert row.template == "partners/emails/invitation"
    # The one-use link is not kept once the message has left.
    assert row.text == "" and row.html == ""


def test_with_the_mail_server_down_the_invitation_is_saved_and_sent_later(
    client, settings, coordinator, organisation, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    client.force_login(coordinator)
    with (
        caplog.at_level(logging.WARNING, logger="core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = invite(client, organisation)
    assert response.status_code == 302
    assert mail.outbox == []
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.PENDING
    assert row.attempts == 1
    assert row.last_error == "ConnectionRefusedError: SMTP server unreachable"
    assert "failed, tried again later" in caplog.text

    # The server is back: the worker's sweep sends what waited.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    due_now()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_emails.call() == {"retried": 1, "forgotten": 0}
    assert [message.to for message in mail.outbox] == [["jeanne.dupont@example.org"]]
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_an_email_is_given_up_after_its_tries_and_the_error_stays(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    with (
        caplog.at_level(logging.WARNING, logger="core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queue_email(
            "contact@example.org",
            "partners/emails/invitation",
            {"link": "https://example.org/x", "invited_by": "La coordination"},
            language="fr",
        )
        for _ in range(3):
            due_now()
            tasks.sweep_emails.call()
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.GIVEN_UP
    assert row.attempts == 3
    assert "given up after 3 tries" in caplog.text
    # A given-up message keeps its text, so an administrator can send it again.
    assert "https://example.org/x" in row.text
    due_now()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_emails.call()["retried"] == 0


def test_an_action_rolled_back_sends_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(
            "contact@example.org",
            "partners/emails/invitation",
            {"link": "https://example.org/x", "invited_by": "La coordination"},
            language="fr",
        )
        raise RuntimeError("the action fails after writing its e-mail")
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_with_the_queue_the_request_only_writes_and_the_worker_sends(
    client, settings, coordinator, organisation, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, organisation).status_code == 302
    assert mail.outbox == []
    job = DBTaskResult.objects.get()
    assert job.task_path == "core.tasks.deliver_emails"
    # What the worker does with the job it takes.
    tasks.deliver_emails.call(*job.args_kwargs["args"])
    assert [message.to for message in mail.outbox] == [["jeanne.dupont@example.org"]]


def test_sent_emails_are_forgotten_after_the_kept_days(settings):
    settings.EMAIL_KEPT_DAYS = 30
    queue_email(
        "contact@example.org",
        "partners/emails/invitation",
        {"link": "https://example.org/x", "invited_by": "La coordination"},
        language="fr",
    )
    OutgoingEmail.objects.update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert tasks.sweep_emails.call() == {"retried": 0, "forgotten": 1}
    assert not OutgoingEmail.objects.exists()


def test_only_administrators_see_the_outbox_and_never_its_texts(
    client, settings, superuser, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            "contact@example.org",
            "partners/emails/invitation",
            {"link": "https://example.org/cle-secrete", "invited_by": "La coordination"},
            language="fr",
        )
    row = OutgoingEmail.objects.get()
    # A coordinator works in the admin (recipients, contacts) but does not read the outbox.
    client.force_login(UserFactory(username="coord", is_staff=True, groups=["Coordination"]))
    assert client.get(reverse("admin:core_outgoingemail_changelist")).status_code == 403
    client.force_login(superuser)
    listing = client.get(reverse("admin:core_outgoingemail_changelist"))
    assert listing.status_code == 200
    assert "contact@example.org" in listing.content.decode()
    detail = client.get(reverse("admin:core_outgoingemail_change", args=[row.pk]))
    assert "ConnectionRefusedError" in detail.content.decode()
    assert "cle-secrete" not in detail.content.decode()

    # The server is back: the administrator sends it again from the list.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_outgoingemail_changelist"),
            {"action": "send_again", "_selected_action": [row.pk]},
            follow=True,
        )
    assert "1 e-mail remis dans la file d’envoi." in response.content.decode()
    assert [message.to for message in mail.outbox] == [["contact@example.org"]]
