"""A citizen follows and reuses the site in Chromium: open data, e-mail alerts, API docs."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    cache.clear()
    return live_server.url


def test_open_data_page_from_the_footer(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/")
    page.locator("footer").get_by_role("link", name="Données ouvertes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    expect(page.get_by_role("link", name="Les recommandations — CSV")).to_be_visible()
    expect(
        page.get_by_role("link", name="Creative Commons Attribution 4.0 International (CC BY 4.0)")
    ).to_be_visible()
    page.get_by_text(re.compile(r"Dictionnaire des données : \d+ colonnes")).first.click()
    expect(page.locator("#dictionnaire-recommandations")).to_be_visible()
    expect(
        page.locator("#dictionnaire-recommandations code", has_text="nombre_cosignatures")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "donnees-ouvertes")
    assert page.console_errors == []


def test_subscribe_to_a_recommendation_then_confirm(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/recommandations/R1.02/")
    page.locator("footer").get_by_role("link", name="Recevoir les alertes par courriel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recevoir les alertes par courriel")
    expect(page.get_by_label("une recommandation")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "alertes-formulaire")

    # A mistake first: the scope asks for a theme, none is chosen.
    page.get_by_label("Votre adresse électronique").fill("lectrice@example.org")
    page.get_by_label("un thème").check()
    page.get_by_role("button", name="M’abonner").click()
    expect(page.get_by_text("Choisissez le thème à suivre.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "alertes-erreur")

    page.get_by_label("une recommandation").check()
    page.get_by_label("une fois par semaine, en résumé").check()
    page.get_by_role("button", name="M’abonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte aux lettres")
    assert_accessible(page)

    [confirmation] = mail.outbox
    confirm_url = re.search(r"https?://\S+/alertes/confirmer/\S+/", confirmation.body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", site, confirm_url))
    expect(page.get_by_text("une fois par semaine, en résumé")).to_be_visible()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("C’est confirmé.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gérer mes alertes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes alertes")
    expect(page.get_by_role("heading", level=2)).to_contain_text("R1.02")
    assert_accessible(page)
    screenshot(page, "alertes-gerer")
    assert page.console_errors == []


def test_api_documentation_runs_under_the_strict_csp(page, site, screenshot):
    page.goto(f"{site}/api/v1/docs/")
    expect(page.get_by_text("/api/v1/recommendations/").first).to_be_visible()
    screenshot(page, "api-docs")
    assert page.console_errors == []
