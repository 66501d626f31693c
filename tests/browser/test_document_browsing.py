"""A visitor reads the Assises in Chromium, at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    return live_server.url


def test_visitor_reads_home_then_a_theme(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/")
    expect(page).to_have_title(re.compile("Assises de l’Insertion"))
    expect(page.locator("html")).to_have_attribute("lang", "fr-BE")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assises de l’Insertion en Wallonie picarde"
    )
    organisations = page.locator(".organisations li")
    expect(organisations).to_have_count(6)
    expect(organisations.first).to_contain_text("LEE")
    expect(page.get_by_text("CPAS de Bernissart (Service Insertion)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "accueil")

    page.locator(".theme-cards").get_by_role(
        "link", name=re.compile("Les personnes accompagnées")
    ).click()
    expect(page).to_have_url(re.compile(r"/themes/personnes-accompagnees/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Les personnes accompagnées")
    expect(page.locator(".questions li")).to_have_count(1)
    expect(page.locator(".questions li").first).to_contain_text(
        "L’accompagnement produit-il des effets différents pour les personnes accompagnées"
    )
    expect(page.locator(".keywords li")).to_have_count(19)
    expect(page.locator(".solutions li")).to_have_count(7)
    first_solution = page.locator(".solutions > li").first
    expect(first_solution.locator("[lang]").first).to_have_text(
        "Faire de la contrainte un outil de motivation"
    )
    expect(first_solution).to_contain_text("Suivi de la recommandation R2.01")
    first_solution.get_by_role("link", name="Suivi de la recommandation R2.01").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Faire de la contrainte un outil de motivation"
    )
    assert_accessible(page)
    page.go_back()
    assert_accessible(page)
    screenshot(page, "theme-2")
    assert page.console_errors == []


def test_visitor_reads_theme_four_with_its_pistes(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/themes/accompagnement-et-droit-au-travail/")
    pistes = page.locator(".piste")
    expect(pistes).to_have_count(4)
    expect(pistes.nth(3)).to_contain_text("ajoutée pendant le débat")
    expect(page.get_by_text("Par rapport aux pistes à creuser mises en avant :")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "theme-4")


def test_whole_document_and_missing_page(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/document/")
    expect(page.locator(".document-theme")).to_have_count(4)
    expect(page.locator("#conclusion")).to_contain_text(
        "s’il est possible de croire en un avenir meilleur"
    )
    assert_accessible(page)
    screenshot(page, "document")

    page.goto(f"{site}/conclusion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conclusion")
    expect(page.locator(".document-text")).to_contain_text("valeur « éducation »")
    assert_accessible(page)
    screenshot(page, "conclusion")

    response = page.goto(f"{site}/themes/inconnu/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_role("link", name="Retour à l’accueil")).to_be_visible()
    assert_accessible(page)


def test_visitor_switches_to_english_and_back(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/recommandations/R1.02/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/recommandations/R1\.02/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to content")).to_have_count(1)
    # The title is the follow-up's English wording; the document's own words stay in French.
    expect(page.get_by_role("heading", level=1)).to_have_text("More places in training")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "recommandation-en")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/recommandations/R1\.02/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr-BE")
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
