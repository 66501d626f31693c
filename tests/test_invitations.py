"""Invitations: the coordination invites, the link works once, for seven days, unforged."""

import datetime
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from partners import services
from partners.models import Invitation
from tests.accounts import PASSWORD, accept_data, accept_url, invite_data, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]

User = get_user_model()


# --- Inviting -------------------------------------------------------------------------------


@pytest.mark.usefixtures("one_signing_second")
def test_coordinator_invites_a_partner_who_receives_the_link_in_french(
    client, coordinator, organisation, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    assert client.get(reverse("partners:invite")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:invite"), invite_data(organisation))

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:accounts")
    invitation = Invitation.objects.get()
    assert invitation.email == "jeanne.dupont@example.org"
    assert invitation.organisation == organisation
    assert invitation.invited_by == coordinator
    validity = invitation.expires_at - invitation.created
    assert abs(validity - datetime.timedelta(days=7)) < datetime.timedelta(seconds=5)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jeanne.dupont@example.org"]
    assert message.subject == (
        "Invitation à suivre les recommandations des Assises de l’Insertion (CPAS de Bernissart)"
    )
    assert "Bonjour Jeanne," in message.body
    assert "au nom de CPAS de Bernissart (Service Insertion)" in message.body
    link = settings.SITE_URL + accept_url(invitation)
    assert link in message.body
    assert "/en/" not in link
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr-BE">' in html
    assert f'href="{link}"' in html

    followed = client.get(reverse("partners:accounts"))
    assert "L’invitation est envoyée à jeanne.dupont@example.org" in text_of(followed)
    assert "Invitations en attente" in text_of(followed)


@pytest.mark.usefixtures("one_signing_second")
def test_invitation_in_english_links_to_the_english_site(
    client, coordinator, organisation, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:invite"), invite_data(organisation, language="en"))

    invitation = Invitation.objects.get()
    assert invitation.language == "en"
    (message,) = mail.outbox
    with translation.override("en"):
        english_path = accept_url(invitation)
    assert english_path.startswith("/en/accounts/invitation/")
    assert settings.SITE_URL + english_path in message.body
    html, _ = message.alternatives[0]
    assert '<html lang="en">' in html


def test_cannot_invite_an_address_that_already_has_an_account(
    client, coordinator, organisation, partner
):
    client.force_login(coordinator)
    response = client.post(
        reverse("partners:invite"), invite_data(organisation, email=partner.email.upper())
    )
    assert response.status_code == 200
    assert "Un compte existe déjà pour cette adresse e-mail." in text_of(response)
    assert not Invitation.objects.exists()
    assert not mail.outbox


# --- Accepting --------------------------------------------------------------------------------


def test_invitee_sets_a_password_and_becomes_a_partner_of_the_organisation(
    client, invitation, organisation
):
    page = client.get(accept_url(invitation))
    assert page.status_code == 200
    assert "CPAS de Bernissart (Service Insertion)" in text_of(page)
    assert "jeanne.dupont@example.org" in text_of(page)
    assert 'value="Jeanne"' in text_of(page)
    assert 'value="Dupont"' in text_of(page)

    response = client.post(accept_url(invitation), accept_data(first_name="Jeanne-Marie"))

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:welcome")
    user = User.objects.get(username="jeanne.dupont@example.org")
    assert user.email == "jeanne.dupont@example.org"
    assert user.first_name == "Jeanne-Marie"
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Partenaires"]
    assert user.profile.organisation == organisation
    assert user.profile.language == "fr-be"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_user == user

    welcome = client.get(reverse("partners:welcome"))
    assert welcome.context["user"] == user
    assert "Bienvenue, Jeanne-Marie Dupont" in text_of(welcome)
    assert "au nom de <strong>CPAS de Bernissart (Service Insertion)</strong>" in text_of(welcome)


def test_a_too_simple_password_is_refused_and_the_rest_is_kept(client, invitation):
    response = client.post(
        accept_url(invitation),
        accept_data(first_name="Jeanne-Marie", password1="azerty", password2="azerty"),
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "Ce mot de passe est trop court." in page
    assert "Ce mot de passe est trop courant." in page
    assert 'value="Jeanne-Marie"' in page
    assert "azerty" not in page
    assert 'aria-invalid="true"' in page
    assert not User.objects.filter(username="jeanne.dupont@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_password_like_the_name_is_refused(client, invitation):
    response = client.post(
        accept_url(invitation), accept_data(password1="dupont2026", password2="dupont2026")
    )
    assert response.status_code == 200
    assert "Le mot de passe est trop semblable" in text_of(response)
    assert not User.objects.filter(username="jeanne.dupont@example.org").exists()


def test_mismatched_passwords_are_refused(client, invitation):
    response = client.post(accept_url(invitation), accept_data(password2=PASSWORD + "x"))
    assert response.status_code == 200
    assert not User.objects.filter(username="jeanne.dupont@example.org").exists()


def test_a_used_link_says_so_and_creates_nothing_more(client, invitation):
    assert client.post(accept_url(invitation), accept_data()).status_code == 302
    client.logout()

    for response in (
        client.get(accept_url(invitation)),
        client.post(accept_url(invitation), accept_data(password1="Autre-2026-solide")),
    ):
        assert response.status_code == 410
        assert "Lien déjà utilisé" in text_of(response)
        assert "Connectez-vous" in text_of(response)
        assert reverse("login") in text_of(response)
    assert User.objects.filter(email="jeanne.dupont@example.org").count() == 1
    assert User.objects.get(email="jeanne.dupont@example.org").check_password(PASSWORD)


def test_a_second_invitation_to_an_address_cannot_make_a_second_account(
    client, invitation, coordinator, organisation
):
    second = services.invite(
        email="Jeanne.Dupont@example.org",
        first_name="Jeanne",
        last_name="Dupont",
        organisation=organisation,
        by=coordinator,
    )
    assert client.post(accept_url(invitation), accept_data()).status_code == 302
    client.logout()

    response = client.get(accept_url(second))
    assert response.status_code == 200  # still unused; accepting it is refused
    response = client.post(accept_url(second), accept_data())
    assert response.status_code == 410
    assert User.objects.filter(email__iexact="jeanne.dupont@example.org").count() == 1


def test_an_expired_invitation_is_refused(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    for response in (
        client.get(accept_url(invitation)),
        client.post(accept_url(invitation), accept_data()),
    ):
        assert response.status_code == 410
        assert "Lien expiré" in text_of(response)
        assert "Demandez une nouvelle invitation" in text_of(response)
    assert not User.objects.filter(email="jeanne.dupont@example.org").exists()


def test_a_link_signed_more_than_seven_days_ago_is_refused(client, invitation):
    eight_days_ago = time.time() - datetime.timedelta(days=8).total_seconds()
    with mock.patch("time.time", return_value=eight_days_ago):
        old_token = services.invitation_token(invitation)
    url = reverse("partners:accept", kwargs={"token": old_token})

    response = client.post(url, accept_data())

    assert response.status_code == 410
    assert "Lien expiré" in text_of(response)
    assert not User.objects.filter(email="jeanne.dupont@example.org").exists()


def test_a_link_signed_six_days_ago_still_works(client, invitation):
    six_days_ago = time.time() - datetime.timedelta(days=6).total_seconds()
    with mock.patch("time.time", return_value=six_days_ago):
        token = services.invitation_token(invitation)
    assert client.get(reverse("partners:accept", kwargs={"token": token})).status_code == 200


def changed_signature(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def changed_id(token):
    pk, rest = token.split(":", 1)
    return f"{int(pk) + 1}:{rest}"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(changed_signature, id="signature"),
        pytest.param(changed_id, id="id"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
        pytest.param(lambda token: token.split(":")[0], id="unsigned-id"),
    ],
)
def test_a_tampered_link_is_invalid(client, invitation, coordinator, organisation, tamper):
    # A second invitation, so a changed id would point at a real one.
    services.invite(
        email="autre@example.org",
        first_name="Autre",
        last_name="Personne",
        organisation=organisation,
        by=coordinator,
    )
    token = tamper(services.invitation_token(invitation))
    url = reverse("partners:accept", kwargs={"token": token})

    for response in (client.get(url), client.post(url, accept_data())):
        assert response.status_code == 400
        assert "Lien invalide" in text_of(response)
        assert '<main id="contenu"' in text_of(response)
    assert not User.objects.filter(email__in=["jeanne.dupont@example.org", "autre@example.org"])


def test_an_invitation_token_signed_for_another_purpose_is_invalid(client, invitation):
    from django.core import signing

    token = signing.TimestampSigner(salt="autre-chose").sign(str(invitation.pk))
    response = client.get(reverse("partners:accept", kwargs={"token": token}))
    assert response.status_code == 400


# --- Where the links point -------------------------------------------------------------------


def test_in_production_the_link_uses_the_configured_address_whatever_the_host(
    client, coordinator, organisation, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://suivi.example.org"
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partners:invite"), invite_data(organisation), HTTP_HOST="localhost:8123"
        )
    (message,) = mail.outbox
    assert "https://suivi.example.org" + accept_url(Invitation.objects.get()) in message.body
    assert "localhost:8123" not in message.body


def test_in_development_the_link_uses_the_address_the_site_was_reached_at(
    client, coordinator, organisation, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partners:invite"), invite_data(organisation), HTTP_HOST="localhost:8123"
        )
    (message,) = mail.outbox
    # The link's signed token carries the second it was made: compare the address up to it.
    link_prefix = accept_url(Invitation.objects.get()).rsplit("/", 2)[0] + "/"
    assert "http://localhost:8123" + link_prefix in message.body
    assert "127.0.0.1:8000" not in message.body
