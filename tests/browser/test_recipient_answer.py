"""A coordinator sends R1.02 with an answer link; the authority answers in a fresh browser."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from recommendations.models import Recipient, RecipientContact, Transmission
from recommendations.reminders import send_due_reminders
from tests.factories import UserFactory
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture
def site(live_server, transactional_db, settings):
    settings.SITE_URL = live_server.url  # the address e-mails point to, as configured
    load_document(paths=DEFAULT_FIXTURES)
    UserFactory(
        username="claire",
        email="claire@coordination.example",
        password="mot-de-passe-de-test",
        groups=["Coordination"],
    )
    RecipientContact.objects.create(
        recipient=Recipient.objects.get(slug="le-forem"),
        name="Anne Direction",
        role="Directrice générale",
        email="anne.direction@forem.example",
    )
    return live_server.url


def test_authority_answers_through_its_link_and_the_public_reads_its_words(
    browser, page, viewport, site, assert_accessible, screenshot
):
    page.goto(f"{site}/accounts/login/?next=/recommandations/R1.02/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Raison").first.fill("Validée par la coordination.")
    page.get_by_role("button", name="Valider la recommandation").click()
    page.get_by_role("button", name="Confirmer et publier").click()
    transmit = page.locator("#transmettre")
    for box in transmit.get_by_role("checkbox").all():  # the targeted recipients come ticked
        box.uncheck()
    transmit.get_by_label("Le Forem").check()
    transmit.get_by_label("Raison").fill("Envoyée au Forem.")
    transmit.get_by_role("button", name="Transmettre").click()
    page.get_by_role("button", name="Confirmer et publier").click()
    expect(page.get_by_text("La recommandation est transmise.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Envoyer un lien de réponse — Le Forem")).click()
    expect(
        page.get_by_text("Un lien de réponse est envoyé aux contacts de Le Forem.")
    ).to_be_visible()

    [message] = [m for m in mail.outbox if m.to == ["anne.direction@forem.example"]]
    link = re.search(r"https?://\S+/reponse/\d+/\S+/", message.body).group(0)

    # Two weeks before the deadline, the worker's job reminds the contact (run twice: once).
    transmission = Transmission.objects.get(recipient__slug="le-forem")
    before = transmission.response_due - datetime.timedelta(days=settings.REMINDER_BEFORE_DAYS)
    assert send_due_reminders(today=before) == 1
    assert send_due_reminders(today=before) == 0
    reminded = [m for m in mail.outbox if m.to == ["anne.direction@forem.example"]]
    assert len(reminded) == 2
    assert re.search(r"https?://\S+/reponse/\d+/\S+/", reminded[1].body)

    authority = browser.new_context(viewport=VIEWPORTS[viewport], locale="fr-BE").new_page()
    authority.goto(link)
    expect(authority.get_by_role("heading", level=1)).to_have_text("Réponse de Le Forem")
    assert_accessible(authority)
    screenshot(authority, "answer-page")
    authority.get_by_label("accueillie en partie").check()
    authority.get_by_label("Votre réponse, dans vos mots").fill(
        "Le Forem ouvrira vingt places de formation dès septembre.\n"
        "Un arrêté suivra pour les places restantes."
    )
    target = datetime.date.today() + datetime.timedelta(days=180)
    authority.get_by_label("Date prévue pour la mise en œuvre (facultatif)").fill(
        target.isoformat()
    )
    authority.get_by_label("Votre nom").fill("Anne Direction")
    authority.get_by_label("Votre fonction").fill("Directrice générale")
    authority.get_by_role("button", name="Publier notre réponse").click()
    expect(authority.get_by_text("Merci : votre réponse est publiée.")).to_be_visible()
    assert_accessible(authority)

    authority.goto(f"{site}/recommandations/R1.02/")
    history = authority.locator("#historique")
    expect(history.get_by_text("Réponse donnée par le destinataire")).to_be_visible()
    expect(
        history.get_by_text("Directrice générale, Le Forem, dans ses propres mots")
    ).to_be_visible()
    expect(history.get_by_text("Un arrêté suivra pour les places restantes.")).to_be_visible()
    expect(history.get_by_role("heading", name="Relances envoyées à Le Forem")).to_be_visible()
    expect(
        history.get_by_text("relance envoyée par la coordination (avant l’échéance)")
    ).to_be_visible()
    expect(authority.locator("#engagements")).to_contain_text(
        "Échéance annoncée pour la mise en œuvre"
    )
    expect(authority.get_by_text("Anne Direction")).to_have_count(0)
    assert_accessible(authority)
    screenshot(authority, "recommendation-after-authority-answer")
    coordinators_told = [m for m in mail.outbox if m.to == ["claire@coordination.example"]]
    assert len(coordinators_told) == 1
    assert "Un arrêté suivra pour les places restantes." in coordinators_told[0].body
