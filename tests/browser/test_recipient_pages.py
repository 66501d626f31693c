"""A journalist looks for the slowest authority, then reads its dossier, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from recommendations import services
from recommendations.models import Recipient, Recommendation
from tests.factories import UserFactory, days_ago
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    coordinator = UserFactory(username="claire", groups=["Coordination"])
    forem, onem = Recipient.objects.get(slug="le-forem"), Recipient.objects.get(slug="onem")
    for reference, answered in [("R1.02", 30), ("R2.01", None)]:
        recommendation = Recommendation.objects.get(reference=reference)
        services.validate(
            recommendation, validated_on=days_ago(200), reason="Validée.", by=coordinator
        )
        forem_sent, _onem_sent = services.transmit_to_recipients(
            recommendation,
            recipients=[forem, onem],
            sent_on=days_ago(150),
            reason="Envoyée.",
            by=coordinator,
        )
        if answered:
            services.record_answer(
                forem_sent,
                answer="accueillie_en_partie",
                answered_on=days_ago(answered),
                reason="Courrier reçu.",
                by=coordinator,
            )
    return live_server.url


def test_visitor_ranks_recipients_then_reads_one_and_its_dossier(
    page, site, assert_accessible, screenshot
):
    page.goto(f"{site}/destinataires/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les destinataires et leurs réponses")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("ONEM")
    assert_accessible(page)
    screenshot(page, "destinataires")

    page.get_by_role("link", name="Délai médian (jours)").click()
    expect(page).to_have_url(re.compile(r"\?tri=delai-median$"))
    expect(rows.first).to_contain_text("Le Forem")
    rows.first.get_by_role("link", name="Le Forem").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Le Forem")
    expect(page.locator(".median-days")).to_contain_text("120")
    expect(page.locator(".overdue-count")).to_contain_text("1")
    expect(page.get_by_role("link", name=re.compile("Le dossier PDF"))).to_have_attribute(
        "href", "/dossiers/destinataires/le-forem.pdf"
    )
    assert_accessible(page)
    screenshot(page, "destinataire-le-forem")

    page.get_by_role("link", name="le même dossier, à imprimer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Les recommandations adressées à Le Forem"
    )
    expect(page.locator(".quotation blockquote").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dossier-le-forem")


def test_recommendation_page_links_each_recipient(page, site):
    page.goto(f"{site}/recommandations/R1.02/")
    page.get_by_role("row", name=re.compile("ONEM")).get_by_role("link", name="ONEM").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ONEM")
