"""Signing in and one's account: language, emails, password change and reset, lockout."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partners.models import Profile
from tests.accounts import PASSWORD, text_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]

User = get_user_model()


def test_signing_in_leads_the_coordination_to_its_dashboard_and_partners_home(
    client, coordinator, partner
):
    client.force_login(coordinator)
    assert client.get(reverse("partners:start"))["Location"] == reverse("recommendations:dashboard")
    client.force_login(partner)
    assert client.get(reverse("partners:start"))["Location"] == reverse("partners:welcome")


def test_partner_chooses_the_language_and_the_emails(client, invited_partner):
    client.force_login(invited_partner)
    page = client.get(reverse("partners:account"))
    assert page.status_code == 200
    assert "coordination_digest" not in page.context["form"].fields

    response = client.post(reverse("partners:account"), {"language": "en"})

    assert response.status_code == 302
    profile = Profile.objects.get(user=invited_partner)
    assert profile.language == "en"
    assert profile.email_notifications is False
    assert profile.organisation.name == "CPAS de Bernissart"


def test_coordinator_chooses_the_digest_and_gets_a_profile_on_first_visit(client, coordinator):
    assert not Profile.objects.filter(user=coordinator).exists()
    client.force_login(coordinator)
    page = client.get(reverse("partners:account"))
    assert "coordination_digest" in page.context["form"].fields

    client.post(
        reverse("partners:account"),
        {"language": "fr-be", "email_notifications": "on", "coordination_digest": "quotidien"},
    )
    assert Profile.objects.get(user=coordinator).coordination_digest == "quotidien"


def test_anonymous_visitors_are_sent_to_login_and_cannot_post(client):
    response = client.get(reverse("partners:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(reverse("partners:account"), {"language": "en"}).status_code == 403
    assert client.get(reverse("partners:welcome")).status_code == 302
    assert not Profile.objects.exists()


def test_footer_links_follow_the_permissions(client, coordinator, partner):
    client.force_login(partner)
    page = text_of(client.get(reverse("home")))
    assert reverse("partners:account") in page
    assert reverse("partners:invite") not in page

    client.force_login(coordinator)
    page = text_of(client.get(reverse("home")))
    assert reverse("partners:invite") in page
    assert reverse("partners:accounts") in page


def test_auth_pages_use_the_site_layout(client, partner):
    for name in ("login", "password_reset", "password_reset_done", "password_reset_complete"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert '<main id="contenu"' in text_of(response), name
    client.force_login(partner)
    for name in ("password_change", "password_change_done"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert '<main id="contenu"' in text_of(response), name


def test_password_change_keeps_the_partner_signed_in(client, invited_partner):
    client.force_login(invited_partner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Encore-un-autre-2027",
            "new_password2": "Encore-un-autre-2027",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    invited_partner.refresh_from_db()
    assert invited_partner.check_password("Encore-un-autre-2027")


# --- Password reset -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "html_lang", "prefix"), [("fr-be", "fr-BE", "/accounts/"), ("en", "en", "/en/")]
)
def test_password_reset_email_in_the_accounts_language(
    client, partner, language, html_lang, prefix, django_capture_on_commit_callbacks
):
    Profile.objects.create(user=partner, language=language)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": partner.email})

    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == [partner.email]
    # Checked through the catalogue, so the test still holds once the English one is written.
    with translation.override(language):
        subject = gettext("Nouveau mot de passe pour le suivi des Assises de l’Insertion")
        identifier = gettext("Votre identifiant : %(username)s") % {"username": partner.username}
    assert message.subject == subject
    assert identifier in message.body
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+/reset/\S+/)", message.body).group(1)
    assert link.startswith(prefix)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<html lang="{html_lang}">' in html
    assert f'href="{settings.SITE_URL}{link}"' in html

    # The link works: a new password, then signing in with it.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    partner.refresh_from_db()
    assert partner.check_password(PASSWORD)


def test_no_reset_email_for_a_deactivated_account(client, partner):
    partner.is_active = False
    partner.save()
    response = client.post(reverse("password_reset"), {"email": partner.email})
    assert response.status_code == 302
    assert not mail.outbox


# --- Lockout after repeated failures --------------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failed_logins_lock_the_account_for_a_while(client, axes_on, partner):
    for attempt in range(4):
        response = sign_in(client, partner.username, f"faux-{attempt}")
        assert response.status_code == 200
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in text_of(response)

    fifth = sign_in(client, partner.username, "faux-5")
    assert fifth.status_code == 429
    assert "Connexion bloquée" in text_of(fifth)

    locked = sign_in(client, partner.username, "mot-de-passe-de-test")
    assert locked.status_code == 429
    page = text_of(locked)
    assert "Trop de tentatives de connexion ont échoué." in page
    assert "bloquée pendant 15 minutes" in page
    assert '<main id="contenu"' in page
    assert "_auth_user_id" not in client.session

    # The address is locked for every account (one password cannot be tried against each);
    # another account from another address is not.
    other = UserFactory(username="autre-partenaire", groups=["Partenaires"])
    assert sign_in(Client(), other.username, "mot-de-passe-de-test").status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert sign_in(elsewhere, other.username, "mot-de-passe-de-test").status_code == 302

    # After the cool-off the right password works again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    response = sign_in(client, partner.username, "mot-de-passe-de-test")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(partner.pk)
    assert not AccessAttempt.objects.filter(username=partner.username).exists()


def test_a_success_before_the_limit_resets_the_count(client, axes_on, partner):
    for attempt in range(4):
        sign_in(client, partner.username, f"faux-{attempt}")
    assert sign_in(client, partner.username, "mot-de-passe-de-test").status_code == 302
    client.logout()
    for attempt in range(4):
        assert sign_in(client, partner.username, f"faux-{attempt}").status_code == 200
    assert sign_in(client, partner.username, "mot-de-passe-de-test").status_code == 302


def test_the_account_page_says_what_the_follow_up_emails_are(client, invited_partner):
    client.force_login(invited_partner)
    words = " ".join(client.get(reverse("partners:account")).content.decode().split())
    assert (
        "Les courriels de suivi vous préviennent quand une recommandation que vous avez "
        "commentée ou soutenue avance"
    ) in words.replace("&#x27;", "’")
