"""Who gets which email, in which language, and what happens when the mail server fails."""

import logging
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.models import OutgoingEmail
from discussion import notifications
from discussion import services as discussion
from discussion.models import Comment, DigestDelivery, Unsubscription
from partners.models import Profile
from recommendations import services as follow_up
from recommendations.models import Event, Recommendation, Transmission
from tests.factories import (
    CoordinatorFactory,
    OrganisationFactory,
    PartnerFactory,
    ProfileFactory,
    RecipientFactory,
    RecommendationFactory,
    UnsubscriptionFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def claire(db):
    """A coordinator who wants each comment and report as it comes."""
    return ProfileFactory(
        user=CoordinatorFactory(username="claire", first_name="Claire"), organisation=None
    ).user


@pytest.fixture
def denis(db):
    """A coordinator who prefers one digest a day."""
    return ProfileFactory(
        user=CoordinatorFactory(username="denis", first_name="Denis"),
        organisation=None,
        coordination_digest=Profile.Digest.DAILY,
    ).user


@pytest.fixture
def recommendation(claire):
    recommendation = RecommendationFactory(title="Augmenter les places en formation")
    follow_up.validate(recommendation, validated_on=days_ago(30), reason="ok", by=claire)
    return recommendation


def html_of(message):
    return message.alternatives[0][0]


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


# Coordinators.


def test_each_new_comment_goes_to_immediate_coordinators_after_commit(
    recommendation, alice, claire, denis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        comment = discussion.post_comment(
            recommendation=recommendation, author=alice, body="Il faut des places."
        )
        assert mail.outbox == []
    assert callbacks
    assert [message.to for message in mail.outbox] == [[claire.email]]
    message = mail.outbox[0]
    assert (
        message.subject
        == f"[Assises] Nouveau commentaire sur {recommendation.reference} (Lire et Écrire)"
    )
    assert "Alice Dupont (Lire et Écrire) a publié un commentaire" in message.body
    assert "Il faut des places." in message.body
    assert f"http://127.0.0.1:8000{comment.get_absolute_url()}" in message.body
    assert '<html lang="fr-BE">' in html_of(message)
    assert "Il faut des places." in html_of(message)
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/participation/desinscription/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_report_goes_to_immediate_coordinators_with_its_reason(
    recommendation, alice, bruno, claire, django_capture_on_commit_callbacks
):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    with django_capture_on_commit_callbacks(execute=True):
        discussion.report_comment(comment, reason="Propos blessants.", by=bruno)
    [message] = mail.outbox
    assert message.to == [claire.email]
    assert message.subject == f"[Assises] Commentaire signalé sur {recommendation.reference}"
    assert "Raison du signalement : Propos blessants." in message.body
    assert "/recommandations/coordination/#signalements" in message.body


def test_coordinator_emails_render_hostile_text_inert(
    recommendation, claire, lee, django_capture_on_commit_callbacks
):
    evil = PartnerFactory(username="evil", first_name="Evil", organisation=lee)
    evil.first_name = "<img src=x onerror=alert(1)>"
    evil.save()
    with django_capture_on_commit_callbacks(execute=True):
        discussion.post_comment(
            recommendation=recommendation, author=evil, body="<script>alert(2)</script>"
        )
    body = html_of(mail.outbox[0])
    assert "<script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in body
    # The plain-text part is not HTML: it shows the text as written.
    assert "<script>alert(2)</script>" in mail.outbox[0].body


def test_a_verdict_reaches_coordinators_with_its_value(
    recommendation, alice, claire, django_capture_on_commit_callbacks
):
    follow_up.record_implementation(
        recommendation, status="en_cours", effective_on=days_ago(1), reason="ok", by=claire
    )
    with django_capture_on_commit_callbacks(execute=True):
        discussion.give_verdict(
            recommendation=recommendation, verdict="edulcoree", body="Trop timide.", by=alice
        )
    [message] = mail.outbox
    assert "Avis de l’organisation sur ce qui a été décidé : édulcorée" in message.body
    assert "Trop timide." in message.body


def test_daily_digest_sends_what_came_since_the_last_one_once(
    recommendation, alice, bruno, denis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = discussion.post_comment(
            recommendation=recommendation, author=alice, body="Premier."
        )
        discussion.report_comment(comment, reason="Hors sujet.", by=bruno)
    assert sent_to(denis.email) == []

    assert notifications.send_daily_digests() == 1
    [digest] = sent_to(denis.email)
    assert digest.subject == "[Assises] Résumé du jour : 1 commentaire, 1 signalement"
    assert "Premier." in digest.body
    assert "« Hors sujet. »" in digest.body
    assert DigestDelivery.objects.get(recipient=denis).comment_count == 1

    assert notifications.send_daily_digests() == 0
    assert len(sent_to(denis.email)) == 1

    later = timezone.now() + timezone.timedelta(hours=1)
    discussion.post_comment(recommendation=recommendation, author=bruno, body="Second.")
    assert notifications.send_daily_digests(now=later) == 1
    second = sent_to(denis.email)[-1]
    assert "Second." in second.body and "Premier." not in second.body


def test_daily_digest_command(recommendation, alice, denis):
    from django.core.management import call_command

    discussion.post_comment(recommendation=recommendation, author=alice, body="Premier.")
    call_command("send_daily_digest")
    assert len(sent_to(denis.email)) == 1


def test_coordinator_who_unsubscribed_from_everything_gets_nothing(
    recommendation, alice, claire, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=claire).update(email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True):
        discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    assert mail.outbox == []


# Partners.


@pytest.fixture
def followers(recommendation, alice, bruno, lee):
    """Alice commented, Bruno co-signed; three others should hear nothing."""
    discussion.post_comment(recommendation=recommendation, author=alice, body="Suivi.")
    discussion.cosign(recommendation=recommendation, by=bruno)
    unsubscribed = PartnerFactory(username="chloe", first_name="Chloe", organisation=lee)
    discussion.post_comment(recommendation=recommendation, author=unsubscribed, body="Moi.")
    UnsubscriptionFactory(user=unsubscribed, recommendation=recommendation)
    silent = PartnerFactory(
        username="dora", first_name="Dora", organisation=lee, profile__email_notifications=False
    )
    discussion.post_comment(recommendation=recommendation, author=silent, body="Moi aussi.")
    other = OrganisationFactory(slug="ifi", name="IFI", kind="cisp")
    withdrawn = PartnerFactory(username="emile", first_name="Emile", organisation=other)
    discussion.cosign(recommendation=recommendation, by=withdrawn)
    discussion.withdraw_cosignature(recommendation=recommendation, by=withdrawn)
    mail.outbox.clear()
    return {"alice": alice, "bruno": bruno}


def test_partners_hear_of_an_answer_on_what_they_commented_or_cosigned(
    recommendation, followers, claire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        transmission = follow_up.transmit(
            recommendation,
            recipient=RecipientFactory(name="Le Forem"),
            sent_on=days_ago(10),
            reason="Envoi au Forem.",
            by=claire,
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bruno@example.org",
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_answer(
            transmission,
            answer=Transmission.Answer.PARTLY_ACCEPTED,
            answered_on=days_ago(1),
            reason="Le Forem ouvrira vingt places.",
            proof_url="https://example.org/reponse.pdf",
            by=claire,
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bruno@example.org",
    ]
    message = sent_to("alice@example.org")[0]
    assert (
        message.subject == f"[Assises] {recommendation.reference} : réponse — accueillie en partie"
    )
    assert "Réponse (Le Forem) : en attente → accueillie en partie" in message.body
    assert "Raison : Le Forem ouvrira vingt places." in message.body
    assert "Preuve : https://example.org/reponse.pdf" in message.body
    assert f"http://127.0.0.1:8000{recommendation.get_absolute_url()}" in message.body
    assert "Ne plus recevoir de courriel sur cette recommandation :" in message.body
    assert '<html lang="fr-BE">' in html_of(message)
    assert "Le Forem ouvrira vingt places." in html_of(message)


def test_partners_hear_of_a_new_implementation_status(
    recommendation, followers, claire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="en_cours", effective_on=days_ago(1), reason="Débuté.", by=claire
        )
    assert len(mail.outbox) == 2
    assert all(
        message.subject == f"[Assises] {recommendation.reference} : mise en œuvre — en cours"
        for message in mail.outbox
    )


def test_a_plain_correction_sends_nothing(
    recommendation, followers, claire, django_capture_on_commit_callbacks
):
    event = follow_up.record_implementation(
        recommendation, status="en_cours", effective_on=days_ago(2), reason="Débuté.", by=claire
    )
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.correct_event(event, reason="Date corrigée.", effective_on=days_ago(3), by=claire)
    assert mail.outbox == []


def test_each_partner_reads_the_email_in_their_language(
    recommendation, followers, claire, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=followers["alice"]).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="en_cours", effective_on=days_ago(1), reason="Débuté.", by=claire
        )
    english = sent_to("alice@example.org")[0]
    french = sent_to("bruno@example.org")[0]
    assert '<html lang="en">' in html_of(english)
    assert '<html lang="fr-BE">' in html_of(french)
    # Links lead to the page in the reader's language.
    assert f"http://127.0.0.1:8000/en{recommendation.get_absolute_url()}" in english.body
    assert "/en/participation/desinscription/" in english.body
    assert f"http://127.0.0.1:8000{recommendation.get_absolute_url()}" in french.body
    # Wording comes through the translation catalog: English once it is translated.
    with translation.override("en"):
        see = gettext("Voir la recommandation :")
        why = gettext(
            "Vous recevez ce courriel parce que vous avez commenté ou soutenu cette recommandation."
        )
        label = str(Recommendation.Implementation.IN_PROGRESS.label)
    assert see in english.body and why in english.body and label in english.subject
    assert "Voir la recommandation :" in french.body
    assert "Débuté." in english.body


# Unsubscribing.


def unsubscribe_link(message, which):
    urls = re.findall(r"http://127\.0\.0\.1:8000(\S+/desinscription/\S+/)", message.body)
    return urls[0] if which == "recommendation" else urls[-1]


def test_one_click_unsubscribe_from_one_recommendation(
    client, recommendation, followers, claire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="en_cours", effective_on=days_ago(1), reason="Débuté.", by=claire
        )
    link = unsubscribe_link(sent_to("alice@example.org")[0], "recommendation")
    page = client.get(link)
    assert page.status_code == 200
    assert "Ne plus recevoir de courriel quand la recommandation" in page.content.decode()
    assert not Unsubscription.objects.filter(user=followers["alice"]).exists()

    response = client.post(link)
    assert response.status_code == 200
    assert "vous ne recevrez plus de courriel sur la recommandation" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="bloquee", effective_on=days_ago(0), reason="Bloqué.", by=claire
        )
    assert [message.to for message in mail.outbox] == [["bruno@example.org"]]


def test_rfc8058_one_click_post_needs_no_csrf_token_nor_login(
    recommendation, followers, claire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="en_cours", effective_on=days_ago(1), reason="Débuté.", by=claire
        )
    message = sent_to("bruno@example.org")[0]
    header = message.extra_headers["List-Unsubscribe"].strip("<>")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        header.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert Unsubscription.objects.filter(
        user=followers["bruno"], recommendation=recommendation
    ).exists()


def test_global_unsubscribe_stops_every_email(
    client, recommendation, followers, claire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="en_cours", effective_on=days_ago(1), reason="Débuté.", by=claire
        )
    link = unsubscribe_link(sent_to("alice@example.org")[0], "all")
    assert client.post(link).status_code == 200
    assert Profile.objects.get(user=followers["alice"]).email_notifications is False
    mail.outbox.clear()
    other = RecommendationFactory()
    discussion.post_comment(recommendation=other, author=followers["alice"], body="Ici aussi.")
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.record_implementation(
            recommendation, status="bloquee", effective_on=days_ago(0), reason="Bloqué.", by=claire
        )
        follow_up.record_implementation(
            other, status="en_cours", effective_on=days_ago(0), reason="Débuté.", by=claire
        )
    assert "alice@example.org" not in [message.to[0] for message in mail.outbox]


def test_a_forged_unsubscribe_link_changes_nothing(client, alice, recommendation):
    token = notifications.unsubscribe_token(alice, recommendation)
    # "!" is not in the signature's alphabet: the changed signature cannot be the right one.
    forged = token[:-3] + "!!!"
    url = reverse("discussion:unsubscribe", args=[forged])
    assert client.post(url).status_code == 400
    assert not Unsubscription.objects.exists()
    assert Profile.objects.get(user=alice).email_notifications is True


# A mail server that fails loses nothing.


def test_a_failing_mail_server_loses_no_comment_and_logs_the_failure(
    settings, recommendation, alice, claire, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"
    with (
        caplog.at_level(logging.WARNING, logger="core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        comment = discussion.post_comment(
            recommendation=recommendation, author=alice, body="Gardé."
        )
    assert Comment.objects.get(pk=comment.pk).body == "Gardé."
    assert "failed, tried again later" in caplog.text
    # The notice waits in the outbox for the next try, with the error that stopped it.
    waiting = OutgoingEmail.objects.get(to="claire@example.org")
    assert waiting.status == OutgoingEmail.Status.PENDING
    assert waiting.last_error == "ConnectionRefusedError: SMTP server unreachable"


def test_a_failing_mail_server_loses_no_status_change(
    settings, client, recommendation, followers, claire, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"
    client.force_login(claire)
    with (
        caplog.at_level(logging.WARNING, logger="core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("recommendations:implementation", args=[recommendation.reference]),
            {
                "status": "en_cours",
                "effective_on": days_ago(1).isoformat(),
                "reason": "Débuté.",
                "confirm": "1",
            },
        )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.implementation == "en_cours"
    assert Event.objects.filter(recommendation=recommendation, to_value="en_cours").exists()
    assert caplog.text.count("failed, tried again later") == 2
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).exclude(
        last_error=""
    )
    assert waiting.count() == 2


def test_a_failed_digest_is_sent_again_next_time(settings, recommendation, alice, denis, caplog):
    discussion.post_comment(recommendation=recommendation, author=alice, body="Premier.")
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"
    with caplog.at_level(logging.ERROR, logger="discussion.notifications"):
        assert notifications.send_daily_digests() == 0
    assert "could not be sent" in caplog.text
    assert not DigestDelivery.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.send_daily_digests() == 1
    assert "Premier." in sent_to(denis.email)[0].body
