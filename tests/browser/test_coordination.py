"""A coordinator moves a recommendation along in Chromium; the public page then shows it."""

import re

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from tests.factories import UserFactory
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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


def test_coordinator_validates_sends_and_records_an_answer(
    page, site, assert_accessible, screenshot
):
    today = timezone.localdate()
    page.goto(f"{site}/accounts/login/?next=/recommandations/R1.02/")
    assert_accessible(page)
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Augmenter les places en formation")
    assert_accessible(page)

    page.get_by_label("Raison").first.fill("Validée par la coordination en réunion.")
    page.get_by_role("button", name="Valider la recommandation").click()
    expect(page.locator(".publication-preview")).to_contain_text(
        "Validée par la coordination en réunion."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer et publier").click()
    expect(page.get_by_text("La recommandation est validée.")).to_be_visible()

    transmit = page.locator("#transmettre")
    for box in transmit.get_by_role("checkbox").all():  # the targeted recipients come ticked
        box.uncheck()
    transmit.get_by_label("Le Forem").check()
    transmit.get_by_label("Lien vers le courrier d’envoi").fill("https://example.org/courrier.pdf")
    transmit.get_by_label("Raison").fill("Envoyée au Forem avec le courrier de la coordination.")
    transmit.get_by_role("button", name="Transmettre").click()
    expect(page.locator(".publication-preview")).to_contain_text("Envoyée à Le Forem")
    page.get_by_role("button", name="Confirmer et publier").click()
    expect(page.get_by_text("La recommandation est transmise.")).to_be_visible()

    page.get_by_role("link", name=re.compile("Enregistrer la réponse — Le Forem")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réponse de Le Forem")
    assert_accessible(page)
    page.get_by_label("Réponse reçue").select_option(label="accueillie en partie")
    page.get_by_label("Ce que le destinataire a répondu, en bref").fill(
        "Le Forem ouvrira vingt places en 2027."
    )
    page.get_by_role("button", name="Enregistrer la réponse").click()
    expect(page.locator(".publication-preview")).to_contain_text(
        "Le Forem ouvrira vingt places en 2027."
    )
    page.get_by_role("button", name="Confirmer et publier").click()
    expect(page.get_by_text("La réponse est enregistrée.")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{site}/recommandations/R1.02/")
    expect(page.get_by_text("Actions de la coordination")).to_have_count(0)
    expect(page.locator(".status-box").first).to_contain_text("transmise")
    row = page.get_by_role("row", name=re.compile("Le Forem"))
    expect(row).to_contain_text("accueillie en partie")
    expect(row).to_contain_text("Le Forem ouvrira vingt places en 2027.")
    history = page.locator(".history-event")
    expect(history).to_have_count(4)
    expect(history.last).to_contain_text(formats.date_format(today, "DATE_FORMAT"))
    expect(history.last).to_contain_text("Le Forem ouvrira vingt places en 2027.")
    assert_accessible(page)
    screenshot(page, "recommandation-suivie")


def test_refused_move_keeps_what_was_typed(page, site):
    page.goto(f"{site}/accounts/login/?next=/recommandations/R2.01/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    page.get_by_role("button", name="Se connecter").click()
    form = page.locator("#mise-en-oeuvre")
    form.get_by_label("Mise en œuvre constatée").select_option(label="réalisée")
    form.get_by_label("Raison").fill("Le décret est voté.")
    form.get_by_role("button", name="Enregistrer la mise en œuvre").click()
    expect(page.get_by_text("demandent l’acte qui les porte").first).to_be_visible()
    expect(page.get_by_label("Raison")).to_have_value("Le décret est voté.")
