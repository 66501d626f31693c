"""A visitor searches the document too, follows a suggestion, and opens an old event's link."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Event, Recommendation
from tests.factories import days_ago
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, transactional_db):
    load_document(paths=DEFAULT_FIXTURES)
    return live_server.url


def test_a_search_shows_the_document_passages_and_a_typo_gets_a_suggestion(
    page, site, assert_accessible, screenshot
):
    page.goto(f"{site}/recommandations/?q=fromation")
    suggestion = page.locator(".search-suggestion a")
    expect(suggestion).to_have_text("« formation »")
    assert_accessible(page)
    suggestion.click()
    expect(page.locator("#id_q")).to_have_value("formation")
    expect(page.locator(".document-matches h3")).to_have_text("Dans le document des Assises")
    expect(page.locator(".found-in").first).to_contain_text("Mots trouvés")
    assert_accessible(page)
    screenshot(page, "recherche-document")
    page.locator(".document-match-list a").first.click()
    expect(page).to_have_url(re.compile(r"/themes/[^/]+/#\w+-\d+$"))


def test_a_link_to_a_folded_event_opens_the_full_history_at_that_event(
    page, site, assert_accessible
):
    recommendation = Recommendation.objects.get(reference="R1.01")
    last = recommendation.events.order_by("-sequence").first().sequence
    Event.objects.bulk_create(
        Event(
            recommendation=recommendation,
            sequence=last + number,
            axis=Event.Axis.IMPLEMENTATION,
            from_value="en_cours",
            to_value="en_cours",
            effective_on=days_ago(300) + datetime.timedelta(days=number),
            reason=f"Étape {last + number}.",
        )
        for number in range(1, 30)
    )
    page.goto(f"{site}/recommandations/R1.01/")
    expect(page.locator(".history-folded")).to_contain_text("Voir tout l’historique")
    assert_accessible(page)
    page.goto(f"{site}/recommandations/R1.01/#evenement-{last}")
    expect(page).to_have_url(f"{site}/recommandations/R1.01/historique/#evenement-{last}")
    expect(page.locator(f"#evenement-{last}")).to_be_visible()
    assert_accessible(page)
