"""The demo in Chromium: its banner in a landmark on every page, the admin's too, and no axe
violation, signed in or not, at both widths; the `partenaire` account speaks for LEE."""

import pytest
from playwright.sync_api import expect

from demo.loader import load_demo
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "assises-demo"
BANNER = "Le suivi affiché sur ce site est fictif"
SITE_PAGES = {
    "accueil": "/",
    "liste": "/recommandations/",
    "recommandation": "/recommandations/R1.01/",
}


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    load_demo()
    return live_server.url


def log_in(page, site, username, next_url):
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def expect_banner(page):
    banner = page.get_by_role("region", name="Démonstration")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(BANNER)


@pytest.fixture(params=["public", "partenaire"])
def visitor(request, page, site):
    """Who looks at the pages: someone without an account, or the demo's partner."""
    signing_in = {
        "public": lambda: None,
        "partenaire": lambda: log_in(page, site, "partenaire", "/"),
    }
    signing_in[request.param]()
    return request.param


def test_demo_pages_show_the_banner_and_pass_axe(
    page, site, visitor, assert_accessible, screenshot
):
    for name, path in SITE_PAGES.items():
        page.goto(f"{site}{path}")
        expect_banner(page)
        assert_accessible(page)
        screenshot(page, f"demo-{name}-{visitor}")
    voice = page.locator("#voix-du-terrain")
    expect(voice).to_contain_text("soutenue par 2 organisations")
    expect(voice).to_contain_text("[Démo] Chez nous, le travail collectif")
    expect(voice.locator(".verdict-table")).to_be_visible()
    assert page.console_errors == []


def test_admin_shows_the_banner_and_passes_axe(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/admin/")
    expect_banner(page)
    assert_accessible(page)
    screenshot(page, "demo-admin-connexion")
    page.get_by_label("Nom d’utilisateur").fill("coordination")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", name="Administration du suivi")).to_be_visible()
    expect_banner(page)
    assert_accessible(page)
    screenshot(page, "demo-admin-index")


def test_partenaire_speaks_for_lee_on_r1_02(page, site, assert_accessible, screenshot):
    log_in(page, site, "partenaire", "/recommandations/R1.02/")
    page.locator("#commenter").get_by_label("Votre commentaire").fill(
        "Nos stagiaires attendent ces places depuis deux ans."
    )
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    page.get_by_role("button", name="Soutenir au nom de LEE").click()
    expect(page.get_by_text("Votre organisation soutient cette recommandation.")).to_be_visible()
    verdict = page.locator("#avis")
    verdict.get_by_label("contraire").check()
    verdict.get_by_label("Votre commentaire, qui explique l’avis").fill(
        "Un budget gelé, ce n’est pas ce qui était demandé."
    )
    verdict.get_by_role("button", name="Donner l’avis de mon organisation").click()
    expect(page.get_by_text("L’avis de votre organisation est publié.")).to_be_visible()
    support = page.locator("#soutiens")
    expect(support).to_contain_text("soutenue par 2 organisations")
    expect(support).to_contain_text("LEE")
    expect_banner(page)
    assert_accessible(page)
    screenshot(page, "demo-partenaire-r1-02")
