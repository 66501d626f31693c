"""A visitor searches the recommendations in Chromium, shares the URL, and uses only a keyboard."""

import re

import pytest
from playwright.sync_api import expect

from recommendations import services
from recommendations.models import Recipient, Recommendation, Transmission
from tests.factories import UserFactory, days_ago
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Answer = Transmission.Answer

# The search first, then « Filtrer », which unfolds the other filters.
SEARCH_CONTROLS = ["#id_q", ".filters-search-submit button", ".filters-more > summary"]
FILTER_CONTROLS = [
    "#id_sort",
    "#id_theme",
    "#id_stage",
    "#id_implementation",
    "#id_recipient",
    "#id_answer",
    "#id_overdue",
    ".filters-actions button[type=submit]",
    "a.filters-reset",
]


@pytest.fixture
def site(live_server, transactional_db):
    """The document, with a few recommendations sent and answered through the services."""
    load_document(paths=DEFAULT_FIXTURES)
    claire = UserFactory(username="claire", groups=["Coordination"])
    forem = Recipient.objects.get(slug="le-forem")
    onem = Recipient.objects.get(slug="onem")

    def send(reference, recipient, days, answer=None):
        recommendation = Recommendation.objects.get(reference=reference)
        if recommendation.stage == Recommendation.Stage.FORMULATED:
            services.validate(
                recommendation, validated_on=days_ago(200), reason="Validée.", by=claire
            )
        transmission = services.transmit(
            recommendation, recipient=recipient, sent_on=days_ago(days), reason="Envoi.", by=claire
        )
        if answer:
            services.record_answer(
                transmission, answer=answer, answered_on=days_ago(20), reason="Réponse.", by=claire
            )

    send("R1.01", forem, 120, Answer.ACCEPTED)
    send("R1.01", onem, 90)
    send("R1.02", forem, 100, Answer.REFUSED)
    send("R2.01", onem, 80, Answer.ACCEPTED)
    send("R3.02", forem, 10)
    return live_server.url


def test_visitor_filters_by_recipient_and_answer_then_shares_the_url(
    page, site, assert_accessible, screenshot
):
    page.goto(f"{site}/recommandations/")
    expect(page.get_by_role("status")).to_have_text("33 recommandations")
    assert_accessible(page)
    screenshot(page, "liste")

    page.locator(".filters-more > summary").click()
    page.get_by_label("Destinataire").select_option(label="Le Forem")
    page.get_by_label("Réponse", exact=True).select_option(label="accueillie")
    page.locator(".filters-actions").get_by_role("button", name="Filtrer").click()

    expect(page.get_by_role("status")).to_have_text("1 recommandation")
    results = page.locator(".recommendation-item")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("R1.01")
    expect(results.first).to_contain_text("Le Forem : accueillie")
    expect(results.first).to_contain_text("ONEM : sans réponse")
    expect(page).to_have_url(re.compile(r"recipient=le-forem"))
    expect(page).to_have_url(re.compile(r"answer=accueillie"))
    assert_accessible(page)
    screenshot(page, "liste-filtree")

    shared = page.context.new_page()
    shared.goto(page.url)
    expect(shared.get_by_role("status")).to_have_text("1 recommandation")
    expect(shared.locator(".recommendation-item h3")).to_have_text(
        page.locator(".recommendation-item h3").all_inner_texts()
    )
    expect(shared.get_by_label("Destinataire")).to_have_value("le-forem")
    expect(shared.get_by_label("Réponse", exact=True)).to_have_value("accueillie")

    page.locator(".filters-more > summary").click()
    page.get_by_label("Réponse", exact=True).select_option(label="refusée")
    page.get_by_label("Rechercher").fill("introuvable")
    page.locator(".filters-actions").get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status")).to_have_text("Aucune recommandation")
    expect(page.get_by_text("Aucune recommandation ne correspond à ces critères.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "liste-vide")
    page.get_by_role("link", name="Réinitialiser les filtres").click()
    expect(page.get_by_role("status")).to_have_text("33 recommandations")

    page.goto(f"{site}/recommandations/?theme=abc&sort=drop+table&page=999")
    expect(page.get_by_role("alert")).to_contain_text("Certains critères n’ont pas été compris")
    expect(page.get_by_label("Thème", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("La page demandée n’existe pas : voici la page 1.")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("33 recommandations")
    assert_accessible(page)
    assert page.console_errors == []


FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
    };
}"""


def focused_matches(page, selector):
    return page.evaluate(
        "(selector) => document.activeElement === document.querySelector(selector)", selector
    )


def tab_until_focused(page, selector, *, presses=40):
    """Press Tab until the element has the focus; say whether it got there."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return True
    return False


# A checkbox is reached through its label too: the label is the finger's target.
TOUCH_TARGET = {"#id_overdue": "label[for=id_overdue]"}


def assert_focused_visibly_with_a_large_target(page, selector):
    assert focused_matches(page, selector), f"focus should be on {selector}"
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["outline"] or focus["shadow"], f"{selector} has no visible focus"
    target = TOUCH_TARGET.get(selector, selector)
    box = page.locator(target).bounding_box()
    assert box["height"] >= 44, f"{target} is {box['height']} px high"


def test_filter_form_works_with_the_keyboard_alone(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/recommandations/")
    assert tab_until_focused(page, SEARCH_CONTROLS[0]), "Tab never reached the search field"

    assert_focused_visibly_with_a_large_target(page, SEARCH_CONTROLS[0])
    for selector in SEARCH_CONTROLS[1:]:
        page.keyboard.press("Tab")
        assert_focused_visibly_with_a_large_target(page, selector)
    # Enter unfolds the other filters; each is reached in turn.
    page.keyboard.press("Enter")
    expect(page.locator(".filters-more")).to_have_attribute("open", "")
    for selector in FILTER_CONTROLS:
        page.keyboard.press("Tab")
        assert_focused_visibly_with_a_large_target(page, selector)

    # Back to the search field, then fill the form in with the keyboard only.
    for _ in range(len(FILTER_CONTROLS) + len(SEARCH_CONTROLS) - 1):
        page.keyboard.press("Shift+Tab")
    assert focused_matches(page, "#id_q")
    page.keyboard.type("formation")
    page.keyboard.press("Tab")  # Chercher
    page.keyboard.press("Tab")  # Filtrer (the disclosure, open)
    page.keyboard.press("Tab")  # sort
    page.keyboard.press("Tab")  # theme
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # stage
    page.keyboard.press("Tab")  # implementation
    page.keyboard.press("Tab")  # recipient
    page.keyboard.press("Tab")  # answer
    page.keyboard.press("Tab")  # overdue
    page.keyboard.press("Space")
    expect(page.locator("#id_overdue")).to_be_checked()
    page.keyboard.press("Space")
    expect(page.locator("#id_overdue")).not_to_be_checked()
    page.keyboard.press("Tab")  # Filtrer
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]q=formation"))
    expect(page).to_have_url(re.compile(r"[?&]theme=\d+"))
    expect(page.get_by_label("Thème", exact=True)).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Rechercher")).to_have_value("formation")
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^\d+ recommandations?$"))
    for item in page.locator(".recommendation-item .reference").all_inner_texts():
        assert item.startswith("R1."), item
    assert_accessible(page)
    screenshot(page, "liste-clavier")
