"""The coordination's accounts: who may invite and manage them, deactivation, the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from partners import services
from partners.models import Invitation, Profile
from tests.accounts import (
    PASSWORD,
    XSS_NAME,
    XSS_ORGANISATION,
    accept_data,
    accept_url,
    invite_data,
    text_of,
)
from tests.factories import UserFactory
from themes.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]

User = get_user_model()


def assert_cannot_invite_nor_manage_accounts(client, invited_partner, organisation):
    """Only the coordination invites and manages accounts: the others get 403, nothing sent."""
    invitations_before = Invitation.objects.count()

    assert client.get(reverse("partners:invite")).status_code == 403
    assert client.get(reverse("partners:accounts")).status_code == 403
    response = client.post(
        reverse("partners:invite"), invite_data(organisation, email="x@example.org")
    )
    assert response.status_code == 403
    for name in ("partners:deactivate", "partners:reactivate"):
        response = client.post(reverse(name, args=[invited_partner.pk]))
        assert response.status_code == 403

    assert Invitation.objects.count() == invitations_before
    assert not mail.outbox
    invited_partner.refresh_from_db()
    assert invited_partner.is_active


def test_anonymous_visitors_cannot_invite_nor_manage_accounts(
    client, invited_partner, organisation
):
    assert_cannot_invite_nor_manage_accounts(client, invited_partner, organisation)


def test_partners_cannot_invite_nor_manage_accounts(client, partner, invited_partner, organisation):
    client.force_login(partner)
    assert_cannot_invite_nor_manage_accounts(client, invited_partner, organisation)


def test_coordinator_deactivates_a_partner_who_can_no_longer_sign_in(
    client, coordinator, invited_partner
):
    partner_client = Client()
    partner_client.force_login(invited_partner)
    assert partner_client.get(reverse("partners:welcome")).status_code == 200

    client.force_login(coordinator)
    response = client.post(reverse("partners:deactivate", args=[invited_partner.pk]))

    assert response.status_code == 302
    invited_partner.refresh_from_db()
    assert not invited_partner.is_active
    page = text_of(client.get(reverse("partners:accounts")))
    assert "Le compte de Jeanne Dupont est désactivé." in page
    assert "désactivé" in page
    assert "Réactiver" in page

    # The open session ends and the password no longer opens one.
    assert partner_client.get(reverse("partners:welcome")).status_code == 302
    login = Client().post(
        reverse("login"), {"username": "jeanne.dupont@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in login.wsgi_request.session

    # The account is kept, with its name and organisation, for what it wrote.
    assert User.objects.get(pk=invited_partner.pk).get_full_name() == "Jeanne Dupont"
    assert Profile.objects.get(user=invited_partner).organisation.name == "CPAS de Bernissart"
    assert Invitation.objects.get(accepted_user=invited_partner)

    client.post(reverse("partners:reactivate", args=[invited_partner.pk]))
    invited_partner.refresh_from_db()
    assert invited_partner.is_active


def test_a_coordinator_cannot_deactivate_a_coordinator_or_themself(client, coordinator):
    other = UserFactory(username="autre-coordination", groups=["Coordination"])
    client.force_login(coordinator)
    for target in (other, coordinator):
        response = client.post(reverse("partners:deactivate", args=[target.pk]))
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.is_active


def test_deactivate_only_answers_post(client, coordinator, invited_partner):
    client.force_login(coordinator)
    response = client.get(reverse("partners:deactivate", args=[invited_partner.pk]))
    assert response.status_code == 405
    invited_partner.refresh_from_db()
    assert invited_partner.is_active


def test_csrf_is_enforced_on_the_account_forms(coordinator, invited_partner, organisation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    posts = [
        (reverse("partners:invite"), invite_data(organisation, email="x@example.org")),
        (reverse("partners:deactivate", args=[invited_partner.pk]), {}),
        (reverse("partners:account"), {"language": "en", "email_notifications": ""}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403

    assert not Invitation.objects.filter(email="x@example.org").exists()
    invited_partner.refresh_from_db()
    assert invited_partner.is_active
    assert services.get_profile(coordinator).language == "fr-be"


def test_csrf_is_enforced_on_accepting_an_invitation(invitation):
    client = Client(enforce_csrf_checks=True)
    assert client.post(accept_url(invitation), accept_data()).status_code == 403
    assert not User.objects.filter(email="jeanne.dupont@example.org").exists()


def test_names_and_organisations_render_inert(
    client, coordinator, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.create(slug="piege", name=XSS_ORGANISATION)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            email="piege@example.org",
            first_name=XSS_NAME,
            last_name="Dupont",
            organisation=organisation,
            by=coordinator,
        )
    (message,) = mail.outbox
    html, _ = message.alternatives[0]
    assert XSS_NAME not in html and XSS_ORGANISATION not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    accept_page = text_of(client.get(accept_url(invitation)))
    assert XSS_ORGANISATION not in accept_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in accept_page

    user = services.accept_invitation(invitation, password=PASSWORD)
    client.force_login(user)
    welcome = text_of(client.get(reverse("partners:welcome")))
    client.force_login(coordinator)
    accounts = text_of(client.get(reverse("partners:accounts")))

    for page in (welcome, accounts):
        assert XSS_NAME not in page
        assert XSS_ORGANISATION not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_accounts_list_queries_do_not_grow_with_the_accounts(
    client, coordinator, organisation, django_assert_max_num_queries
):
    def add_partners(count):
        for _ in range(count):
            user = UserFactory(groups=["Partenaires"])
            Profile.objects.create(user=user, organisation=organisation)

    client.force_login(coordinator)
    add_partners(2)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("partners:accounts")).status_code == 200
    add_partners(20)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partners:accounts"))
    assert len(response.context["accounts"]) == 22


@pytest.mark.usefixtures("one_signing_second")
def test_admin_lists_profiles_and_shows_invitations_read_only(client, superuser, invitation):
    services.get_profile(superuser)
    client.force_login(superuser)
    assert client.get(reverse("admin:partners_profile_changelist")).status_code == 200
    assert client.get(reverse("admin:partners_invitation_changelist")).status_code == 200
    assert client.get(reverse("admin:partners_invitation_add")).status_code == 403
    page = client.get(reverse("admin:partners_invitation_change", args=[invitation.pk]))
    assert page.status_code == 200
    assert accept_url(invitation) in text_of(page)
    assert 'name="email"' not in text_of(page)
