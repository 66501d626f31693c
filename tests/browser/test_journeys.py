"""New readers' journeys in Chromium: the list on a phone, plain words, English content, pages."""

import pytest
from playwright.sync_api import expect

from recommendations import services
from recommendations.models import Recommendation
from tests.factories import UserFactory, days_ago
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    return live_server.url


def test_search_results_come_first_on_the_first_screen(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/recommandations/?q=formation")
    first_result = page.locator(".recommendation-item h3 a").first
    expect(first_result).to_be_visible()
    box = first_result.bounding_box()
    assert box["y"] + box["height"] <= 740, box
    expect(page.locator("details.filters-more > summary")).to_have_text("Filtrer")
    assert_accessible(page)
    screenshot(page, "journeys-search-formation")
    page.locator("details.filters-more > summary").click()
    expect(page.get_by_label("Thème", exact=True)).to_be_visible()
    assert_accessible(page)


def test_home_page_leads_to_the_list(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/")
    page.locator("main").get_by_role("link", name="Voir les 33 recommandations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les recommandations")
    page.goto(f"{site}/")
    assert_accessible(page)
    screenshot(page, "journeys-home")


def test_english_reader_reads_english_content(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/en/recommandations/R1.02/")
    expect(page.get_by_role("heading", level=1)).to_have_text("More places in training")
    expect(page.get_by_text("Training courses need more places.")).to_be_visible()
    expect(page.get_by_text("exists in French only")).to_be_visible()
    expect(page.get_by_text("Written by the coordination of the follow-up")).to_be_visible()
    assert page.title().startswith("R1.02 More places in training")
    assert_accessible(page)
    screenshot(page, "journeys-english-recommendation")


def test_status_words_lead_to_the_guide(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/recommandations/R1.01/")
    page.get_by_role("link", name="on ne sait pas encore").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment lire ces statuts")
    expect(page.locator("#mise-en-oeuvre-non-evaluee")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journeys-status-guide")


def test_information_pages_from_the_footer(page, site, assert_accessible, screenshot):
    for name, heading in [
        ("À propos", "À propos"),
        ("Méthodologie", "Méthodologie"),
        ("Vie privée", "Vie privée"),
        ("Contact", "Contact"),
    ]:
        page.goto(f"{site}/")
        page.locator("footer").get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    screenshot(page, "journeys-contact")
    page.goto(f"{site}/en/pages/vie-privee/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy")
    assert_accessible(page)


def test_correction_reads_as_a_correction(page, site, assert_accessible, screenshot):
    coordinator = UserFactory(
        username="claire", password="mot-de-passe-de-test", groups=["Coordination"]
    )
    recommendation = Recommendation.objects.get(reference="R1.02")
    event = services.validate(
        recommendation, validated_on=days_ago(10), reason="Relue en réunion.", by=coordinator
    )
    services.correct_event(
        event,
        effective_on=days_ago(12),
        reason="La réunion avait eu lieu plus tôt.",
        by=coordinator,
    )
    page.goto(f"{site}/accounts/login/?next=/recommandations/R1.02/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    page.get_by_role("button", name="Se connecter").click()
    assert_accessible(page)
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{site}/recommandations/R1.02/")
    link = page.get_by_role("link", name=f"corrige l’événement n° {event.sequence}")
    expect(link).to_be_visible()
    link.click()
    assert page.url.endswith(f"#evenement-{event.sequence}")
    expect(page.locator(f"#evenement-{event.sequence}")).to_contain_text(
        "Cet événement a été corrigé"
    )
    assert_accessible(page)
    screenshot(page, "journeys-correction")


CONTROL_CONTRASTS = """
() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || (color.length === 4 && color[3] > 0)) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const selector = "input:not([type=hidden]):not([type=submit]), select, textarea";
  return [...document.querySelectorAll(selector)]
    .filter((element) => element.offsetParent !== null)
    .map((element) => {
      const border = rgb(getComputedStyle(element).borderTopColor).slice(0, 3);
      const [a, b] = [luminance(border), luminance(background(element))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return { control: element.id || element.name, ratio: Math.round(ratio * 100) / 100 };
    });
}
"""


def low_contrast_controls(page):
    controls = page.evaluate(CONTROL_CONTRASTS)
    assert controls, "no form control found"
    return [control for control in controls if control["ratio"] < 3]


def test_form_controls_have_a_visible_border(page, site):
    UserFactory(username="claire", password="mot-de-passe-de-test", groups=["Coordination"])
    page.goto(f"{site}/recommandations/?q=formation")
    page.locator("details.filters-more > summary").click()
    assert low_contrast_controls(page) == []
    page.goto(f"{site}/accounts/login/?next=/recommandations/R1.02/")
    assert low_contrast_controls(page) == []
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Augmenter les places en formation")
    assert low_contrast_controls(page) == []
