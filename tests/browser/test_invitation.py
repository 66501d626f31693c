"""A coordinator invites a partner in Chromium; the partner opens the emailed link and joins."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.factories import UserFactory
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARTNER_PASSWORD = "Terrain-et-suivi-2026"
# Crispy forms mark required fields with an asterisk inside the label.
PASSWORD_LABEL = re.compile(r"^\s*Mot de passe\W*$")


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    UserFactory(
        username="claire",
        first_name="Claire",
        last_name="Coordinatrice",
        password="mot-de-passe-de-test",
        groups=["Coordination"],
    )
    return live_server.url


def sign_in(page, site, username, password):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_coordinator_invites_a_partner_who_joins(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/accounts/login/")
    assert_accessible(page)
    screenshot(page, "connexion")
    sign_in(page, site, "claire", "mot-de-passe-de-test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de la coordination")

    page.get_by_role("link", name="Inviter un partenaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inviter un partenaire")
    page.get_by_label("Prénom").fill("Jeanne")
    page.get_by_label(re.compile(r"^\s*Nom\W*$")).fill("Dupont")
    page.get_by_label("Adresse e-mail").fill("jeanne.dupont@example.org")
    page.get_by_label("Organisation").select_option(label="CPAS de Bernissart (Service Insertion)")
    assert_accessible(page)
    screenshot(page, "inviter-un-partenaire")
    page.get_by_role("button", name="Envoyer l’invitation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Comptes partenaires")
    expect(page.get_by_text("L’invitation est envoyée à jeanne.dupont@example.org")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Jeanne Dupont"))).to_contain_text(
        "CPAS de Bernissart"
    )
    assert_accessible(page)
    screenshot(page, "comptes-partenaires")
    page.get_by_role("button", name="Se déconnecter").click()

    # The live server shares this process's locmem outbox.
    (message,) = mail.outbox
    assert message.to == ["jeanne.dupont@example.org"]
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body).group(1)

    page.goto(f"{site}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer votre compte")
    expect(page.get_by_text("CPAS de Bernissart (Service Insertion)")).to_be_visible()
    expect(page.get_by_label("Prénom")).to_have_value("Jeanne")
    assert_accessible(page)
    screenshot(page, "accepter-invitation")

    page.get_by_label(PASSWORD_LABEL).fill("azerty")
    page.get_by_label("Confirmation du mot de passe").fill("azerty")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Ce mot de passe est trop court.")).to_be_visible()
    expect(page.get_by_label("Prénom")).to_have_value("Jeanne")
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_value("")
    assert_accessible(page)
    screenshot(page, "accepter-invitation-erreur")

    page.get_by_label(PASSWORD_LABEL).fill(PARTNER_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PARTNER_PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Jeanne Dupont")
    expect(page.get_by_text("CPAS de Bernissart (Service Insertion)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "bienvenue")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(
        page.get_by_role("link", name="Connexion de la coordination et des partenaires")
    ).to_be_visible()

    sign_in(page, site, "jeanne.dupont@example.org", PARTNER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Jeanne Dupont")

    # The link served once.
    page.goto(f"{site}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lien déjà utilisé")
    assert_accessible(page)

    # The coordination switches the account off: the partner can no longer sign in.
    page.goto(f"{site}/")
    page.get_by_role("button", name="Se déconnecter").click()
    sign_in(page, site, "claire", "mot-de-passe-de-test")
    page.get_by_role("link", name="Comptes partenaires").click()
    row = page.get_by_role("row", name=re.compile("Jeanne Dupont"))
    expect(row).to_contain_text("actif")
    assert_accessible(page)
    screenshot(page, "comptes-partenaires-actifs")
    row.get_by_role("button", name="Désactiver Jeanne Dupont").click()
    expect(page.get_by_text("Le compte de Jeanne Dupont est désactivé.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Jeanne Dupont"))).to_contain_text("désactivé")
    page.get_by_role("button", name="Se déconnecter").click()
    sign_in(page, site, "jeanne.dupont@example.org", PARTNER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    expect(
        page.get_by_text("Saisissez un nom d’utilisateur et un mot de passe valides")
    ).to_be_visible()


def test_partner_account_page_and_lockout_page_are_accessible(
    page, site, settings, assert_accessible, screenshot
):
    UserFactory(
        username="partenaire@example.org",
        email="partenaire@example.org",
        first_name="Paul",
        last_name="Partenaire",
        password="mot-de-passe-de-test",
        groups=["Partenaires"],
    )
    sign_in(page, site, "partenaire@example.org", "mot-de-passe-de-test")
    page.goto(f"{site}/accounts/compte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    page.get_by_label("Langue des courriels").select_option(label="Anglais")
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(page.get_by_text("Vos choix sont enregistrés.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mon-compte")
    page.get_by_role("link", name="Changer mon mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changer mon mot de passe")
    assert_accessible(page)
    page.get_by_role("button", name="Se déconnecter").click()

    settings.AXES_ENABLED = True
    for attempt in range(5):
        sign_in(page, site, "partenaire@example.org", f"faux-{attempt}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion bloquée")
    expect(page.get_by_text("bloquée pendant 15 minutes")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "connexion-bloquee")

    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe oublié")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("partenaire@example.org")
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courriel envoyé")
    assert_accessible(page)
    (message,) = mail.outbox
    assert message.to == ["partenaire@example.org"]
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body).group(1)
    assert link.startswith("/en/"), "the account chose English for its emails"


def test_a_tampered_invitation_link_shows_a_clear_page(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/accounts/invitation/1:abc:def/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lien invalide")
    assert_accessible(page)
    screenshot(page, "invitation-invalide")
