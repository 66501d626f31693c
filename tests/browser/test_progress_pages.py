"""A visitor reads where the recommendations stand, on the home page and month by month."""

import re

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from recommendations import services
from recommendations.models import Recipient, Recommendation, Transmission
from tests.factories import UserFactory, adopted_act, days_ago
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Answer = Transmission.Answer
Status = Recommendation.Implementation


@pytest.fixture
def site(live_server, transactional_db):
    """The document, and four months of follow-up recorded by the coordination."""
    load_document(paths=DEFAULT_FIXTURES)
    claire = UserFactory(username="claire", groups=["Coordination"])
    recommendation = {
        ref: Recommendation.objects.get(reference=ref)
        for ref in ("R1.01", "R1.02", "R2.01", "R2.02")
    }
    recipient = Recipient.objects.in_bulk(
        ["le-forem", "onem", "gouvernement-wallon-emploi-formation", "gouvernement-federal-emploi"],
        field_name="slug",
    )

    def validate(ref, days):
        services.validate(
            recommendation[ref], validated_on=days_ago(days), reason="Validée.", by=claire
        )

    def send(ref, slug, days):
        return services.transmit(
            recommendation[ref],
            recipient=recipient[slug],
            sent_on=days_ago(days),
            reason="Envoyée.",
            by=claire,
        )

    def answer(transmission, value, days, reason, **kwargs):
        services.record_answer(
            transmission,
            answer=value,
            answered_on=days_ago(days),
            reason=reason,
            by=claire,
            **kwargs,
        )

    def implement(ref, status, days, reason, **kwargs):
        services.record_implementation(
            recommendation[ref],
            status=status,
            effective_on=days_ago(days),
            reason=reason,
            by=claire,
            **kwargs,
        )

    validate("R1.01", 120)
    send("R1.01", "le-forem", 100)
    answer(send("R1.01", "onem", 100), Answer.ACCEPTED, 60, "Courrier de l’ONEM.")
    implement("R1.01", Status.IN_PROGRESS, 50, "Un groupe de travail a commencé.")
    validate("R1.02", 90)
    answer(
        send("R1.02", "gouvernement-wallon-emploi-formation", 80),
        Answer.REFUSED,
        30,
        "Refus du ministre.",
    )
    implement("R1.02", Status.BLOCKED, 20, "Le budget n’est pas voté.")
    validate("R2.01", 70)
    send("R2.01", "le-forem", 20)
    validate("R2.02", 60)
    answer(
        send("R2.02", "onem", 55),
        Answer.REROUTED,
        40,
        "L’ONEM renvoie au ministre fédéral.",
        rerouted_to=recipient["gouvernement-federal-emploi"],
    )
    implement(
        "R2.02",
        Status.DONE,
        5,
        "L’arrêté est publié au Moniteur.",
        proof_url="https://example.org/moniteur.pdf",
        act=adopted_act(),
    )
    return live_server.url


def test_visitor_reads_where_the_recommendations_stand(page, site, assert_accessible, screenshot):
    page.goto(f"{site}/")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Où en sont les recommandations ?")
    )
    expect(section).to_be_visible()

    answers = section.locator(".bar-legend").nth(0)
    expect(answers.locator("li")).to_have_count(7)
    for figure in (
        "accueillie : 1 (17 %)",
        "réorientée : 1 (17 %)",
        "refusée : 1 (17 %)",
        "en attente : 2 (33 %)",
        "sans réponse : 1 (17 %)",
        "prise en note : 0 (0 %)",
    ):
        expect(answers).to_contain_text(figure)
    done = section.locator(".bar-legend").nth(1)
    for figure in (
        "réalisée : 1 (3 %)",
        "en cours : 1 (3 %)",
        "bloquée : 1 (3 %)",
        "non évaluée : 30 (91 %)",
    ):
        expect(done).to_contain_text(figure)
    expect(
        section.get_by_role(
            "img", name=re.compile("^Ce que les autorités ont répondu : accueillie 1")
        )
    ).to_be_visible()

    expect(section.locator(".overdue-summary")).to_have_text(
        "1 transmission attend une réponse au-delà du délai ; "
        "la plus longue attente : 100 jours (R1.01 → Le Forem)."
    )
    forem = section.get_by_role("row", name=re.compile("^Le Forem"))
    expect(forem.locator("td")).to_have_text(["2", "0", "0", "0", "0", "0", "1", "1"])
    latest = section.locator(".latest-events tbody tr")
    expect(latest).to_have_count(10)
    expect(latest.first).to_contain_text("R2.02")
    expect(latest.first).to_contain_text("L’arrêté est publié au Moniteur.")
    assert_accessible(page)
    screenshot(page, "accueil-suivi")

    section.get_by_role("link", name="La progression mois par mois").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La progression mois par mois")
    today = timezone.localdate()
    this_month = formats.date_format(today, "F Y").capitalize()
    stages = page.get_by_role("table", name=re.compile("à chaque étape"))
    expect(stages.get_by_role("row", name=re.compile(this_month)).locator("td")).to_have_text(
        ["29", "0", "4", "33"]
    )
    first_month = formats.date_format(days_ago(120), "F Y").capitalize()
    expect(stages.locator("tbody th").first).to_have_text(first_month)
    implementation = page.get_by_role("table", name=re.compile("état de mise en œuvre"))
    expect(
        implementation.get_by_role("row", name=re.compile(this_month)).locator("td")
    ).to_have_text(["1", "0", "1", "1", "0", "30", "0", "33"])
    expect(
        page.locator(".month-chart").first.get_by_role("img", name=re.compile(f"^{this_month} : "))
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "progression")
    assert page.console_errors == []
