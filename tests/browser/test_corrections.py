"""A coordinator corrects, on the demo, an answer and a sending date: each shows what will be
published, asks for confirmation, and the public page says which event it corrects."""

import re

import pytest
from playwright.sync_api import expect

from demo.loader import load_demo
from recommendations.models import Event, Transmission
from tests.browser.test_journeys import low_contrast_controls
from tests.factories import days_ago
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "assises-demo"
REFERENCE = "R1.03"  # the demo's Le Forem refused it; the coordination read the letter too fast


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    load_demo()
    return live_server.url


def log_in(page, site, next_url):
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("Nom d’utilisateur").fill("coordination")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def confirm(page, assert_accessible, screenshot, name):
    """The confirmation step: what will be published, then « Confirmer et publier »."""
    preview = page.locator(".publication-preview")
    expect(preview.get_by_role("heading", name="Voici ce qui sera publié")).to_be_visible()
    expect(preview).to_contain_text("corrige l’événement n°")
    assert_accessible(page)
    screenshot(page, f"corrections-{name}-confirmation")
    preview.get_by_role("button", name="Confirmer et publier").click()
    expect(page.locator(".messages")).to_be_visible()
    assert page.url.endswith("#actions-coordination")


def test_coordinator_corrects_an_answer_and_a_sending_date(
    page, site, assert_accessible, screenshot
):
    sent = Transmission.objects.get(recommendation__reference=REFERENCE, recipient__slug="le-forem")
    wrong_answer = sent.events.get(axis=Event.Axis.ANSWER)
    wrong_sending = sent.events.get(axis=Event.Axis.STAGE)
    path = f"/recommandations/{REFERENCE}/"
    log_in(page, site, path)

    actions = page.get_by_role("navigation", name="Actions de la coordination")
    expect(actions).to_be_visible()
    assert actions.bounding_box()["y"] < 900  # at hand on the first screen, not after comments
    assert_accessible(page)
    screenshot(page, "corrections-recommendation-coordination")

    actions.get_by_role("link", name="Réviser la réponse de Le Forem").click()
    expect(page.get_by_label("Réponse reçue")).to_have_value(
        "refusee"
    )  # opens with what it revises
    expect(page.get_by_label("Ce que le destinataire a répondu, en bref")).to_have_value(
        re.compile("répertoire actuel suffisant")
    )
    assert_accessible(page)
    screenshot(page, "corrections-answer-form")
    page.get_by_label("C’est une correction").check()
    page.get_by_label("Réponse reçue").select_option("prise_en_note")
    page.get_by_label("Ce que le destinataire a répondu, en bref").fill(
        "Le Forem prend note ; sa lettre avait été lue à tort comme un refus."
    )
    page.get_by_role("button", name="Enregistrer la réponse").click()
    expect(page.locator(".publication-preview")).to_contain_text(
        f"corrige l’événement n° {wrong_answer.sequence}"
    )
    confirm(page, assert_accessible, screenshot, "answer")

    page.get_by_role("navigation", name="Actions de la coordination").get_by_role(
        "link", name="Corriger l’envoi à Le Forem"
    ).click()
    expect(page.get_by_label("Date d’envoi")).to_have_value(sent.sent_on.isoformat())
    assert_accessible(page)
    earlier = sent.sent_on - (days_ago(0) - days_ago(1))
    page.get_by_label("Date d’envoi").fill(earlier.isoformat())
    page.get_by_label("Raison de la correction").fill("Le courrier est parti la veille.")
    page.get_by_role("button", name="Corriger l’envoi").click()
    expect(page.locator(".publication-preview")).to_contain_text(
        f"Date d’envoi corrigée : le {earlier:%d/%m/%Y}"
    )
    confirm(page, assert_accessible, screenshot, "sending")
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(f"{site}{path}")
    history = page.locator("#historique")
    for corrected in (wrong_answer, wrong_sending):
        link = history.get_by_role("link", name=f"corrige l’événement n° {corrected.sequence}")
        expect(link).to_be_visible()
        expect(history.locator(f"#evenement-{corrected.sequence}")).to_contain_text(
            "Cet événement a été corrigé"
        )
    history.get_by_role("link", name=f"corrige l’événement n° {wrong_answer.sequence}").click()
    assert page.url.endswith(f"#evenement-{wrong_answer.sequence}")
    expect(page.locator(f"#evenement-{wrong_answer.sequence}")).to_be_in_viewport()
    assert_accessible(page)
    screenshot(page, "corrections-public-history")
    assert page.console_errors == []


def test_correction_forms_and_confirmation_have_visible_borders(page, site):
    sent = Transmission.objects.get(recommendation__reference=REFERENCE, recipient__slug="le-forem")
    log_in(page, site, f"/recommandations/{REFERENCE}/")
    for path in (
        f"/recommandations/{REFERENCE}/transmissions/{sent.pk}/reponse/",
        f"/recommandations/{REFERENCE}/transmissions/{sent.pk}/corriger/",
    ):
        page.goto(f"{site}{path}")
        assert low_contrast_controls(page) == []


def test_a_partner_sees_the_organisations_verdict_after_giving_it(
    page, site, assert_accessible, screenshot
):
    page.goto(f"{site}/accounts/login/?next=/recommandations/R1.02/")
    page.get_by_label("Nom d’utilisateur").fill("partenaire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    verdict = page.locator("#avis")
    assert low_contrast_controls(page) == []
    verdict.get_by_label("édulcorée").check()
    verdict.get_by_label("Votre commentaire, qui explique l’avis").fill(
        "Les places annoncées restent loin des besoins du terrain."
    )
    verdict.get_by_role("button", name="Donner l’avis de mon organisation").click()
    expect(page.get_by_text("L’avis de votre organisation est publié.")).to_be_visible()
    expect(page.locator(".current-verdict")).to_contain_text("Avis actuel de LEE")
    expect(page.locator(".current-verdict")).to_contain_text("édulcorée")
    expect(page.locator("#avis").get_by_label("édulcorée")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "corrections-partner-verdict")
    page.goto(f"{site}/accounts/compte/")
    expect(page.locator("#courriels-de-suivi")).to_contain_text("vous préviennent quand")
    assert_accessible(page)
    screenshot(page, "corrections-partner-account")
