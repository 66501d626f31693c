"""The field's verdict on what was decided: when it may be given, how it is counted."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.services import ServiceError
from discussion import selectors
from discussion import services as discussion
from discussion.models import Comment, Verdict
from recommendations import services as follow_up
from tests.factories import PartnerFactory, RecipientFactory, days_ago
from tests.pages import text_of, words_of

pytestmark = pytest.mark.django_db


def test_verdict_waits_for_an_answer_or_an_implementation_status(
    recommendation, alice, coordinator
):
    with pytest.raises(ServiceError, match="attendez qu’une réponse"):
        discussion.give_verdict(
            recommendation=recommendation, verdict="conforme", body="Bien.", by=alice
        )
    follow_up.validate(recommendation, validated_on=days_ago(3), reason="ok", by=coordinator)
    follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(),
        sent_on=days_ago(2),
        reason="ok",
        by=coordinator,
    )
    with pytest.raises(ServiceError):
        discussion.give_verdict(
            recommendation=recommendation, verdict="conforme", body="Bien.", by=alice
        )
    assert not Verdict.objects.exists() and not Comment.objects.exists()

    follow_up.record_implementation(
        recommendation, status="en_cours", effective_on=days_ago(1), reason="ok", by=coordinator
    )
    verdict = discussion.give_verdict(
        recommendation=recommendation, verdict="edulcoree", body="Trop timide.", by=alice
    )
    assert verdict.comment.body == "Trop timide."
    assert verdict.comment.verdict == verdict


def test_verdict_needs_a_known_value_and_a_comment(answered, alice):
    with pytest.raises(ServiceError) as refused:
        discussion.give_verdict(recommendation=answered, verdict="parfait", body="Oui.", by=alice)
    assert refused.value.field == "verdict"
    with pytest.raises(ServiceError) as refused:
        discussion.give_verdict(recommendation=answered, verdict="conforme", body="", by=alice)
    assert refused.value.field == "body"
    assert not Verdict.objects.exists()


def test_coordinators_cannot_give_the_fields_verdict(answered, coordinator):
    with pytest.raises(PermissionDenied):
        discussion.give_verdict(
            recommendation=answered, verdict="conforme", body="Oui.", by=coordinator
        )


def test_the_latest_verdict_of_each_organisation_counts_by_kind(answered, alice, bruno, lee):
    colleague = PartnerFactory(username="chloe", organisation=lee)
    discussion.give_verdict(recommendation=answered, verdict="conforme", body="1", by=alice)
    discussion.give_verdict(recommendation=answered, verdict="contraire", body="2", by=colleague)
    discussion.give_verdict(recommendation=answered, verdict="edulcoree", body="3", by=bruno)
    table = selectors.verdict_table(answered)
    assert table["kinds"] == ["CISP", "CPAS", "CSEF / IBEFE", "Autre"]
    rows = {row["value"]: [count for _, count in row["cells"]] for row in table["rows"]}
    assert rows == {"conforme": [0, 0, 0, 0], "edulcoree": [0, 1, 0, 0], "contraire": [1, 0, 0, 0]}
    assert table["total"] == 2
    assert Verdict.objects.count() == 3


# Pages.


def test_verdict_form_appears_once_there_is_an_answer(client, recommendation, answered, alice):
    client.force_login(alice)
    page = words_of(client.get(answered.get_absolute_url()))
    assert "Donner l’avis de Lire et Écrire" in page
    response = client.post(
        reverse("discussion:verdict", args=[answered.reference]),
        {"verdict": "edulcoree", "body": "Vingt places, c’est peu."},
    )
    assert response.status_code == 302
    page = words_of(client.get(answered.get_absolute_url()))
    assert "1 organisation a dit si ce qui a été décidé est conforme" in page
    assert "Avis de l’organisation sur ce qui a été décidé : édulcorée" in page
    assert "Vingt places, c’est peu." in page
    # The official status and the verdicts side by side.
    section = page[page.index("Le statut officiel") :]
    assert section.index("accueillie en partie") < section.index("L’avis du terrain")
    assert "Avis CISP CPAS CSEF / IBEFE Autre Total conforme 0 0 0 0 0 édulcorée 1 0 0 0 1" in page


def test_verdict_before_any_answer_is_refused_on_the_page(client, recommendation, alice):
    client.force_login(alice)
    page = words_of(client.get(recommendation.get_absolute_url()))
    assert "Donner l’avis de" not in page
    assert "dès qu’une réponse ou un état de mise en œuvre sera enregistré" in page
    response = client.post(
        reverse("discussion:verdict", args=[recommendation.reference]),
        {"verdict": "conforme", "body": "Parfait."},
    )
    assert response.status_code == 200
    assert "attendez qu’une réponse" in text_of(response)
    assert "Parfait.</textarea>" in text_of(response)
    assert not Verdict.objects.exists()


def test_dashboard_shows_verdicts_beside_the_official_status(
    client, answered, alice, bruno, coordinator
):
    discussion.give_verdict(recommendation=answered, verdict="conforme", body="1", by=alice)
    discussion.give_verdict(recommendation=answered, verdict="contraire", body="2", by=bruno)
    client.force_login(coordinator)
    page = words_of(client.get(reverse("recommendations:dashboard")))
    overview = page[page.index("Statut officiel et avis du terrain") :]
    assert answered.title in overview
    assert "accueillie en partie" in overview
    assert "conforme 1 CISP : 1" in overview
    assert "contraire 1 CPAS : 1" in overview


def test_after_giving_a_verdict_the_form_shows_the_organisations_current_one(
    client, answered, alice
):
    client.force_login(alice)
    response = client.post(
        reverse("discussion:verdict", args=[answered.reference]),
        {"verdict": "edulcoree", "body": "Trop timide pour le terrain."},
    )
    assert response.status_code == 302
    page = client.get(answered.get_absolute_url())
    words = words_of(page)
    assert f"Avis actuel de {alice.profile.organisation.name} : édulcorée, donné le" in words
    radios = {
        value: re.search(rf'<input[^>]*name="verdict" value="{value}"[^>]*>', text_of(page))[0]
        for value in ("conforme", "edulcoree", "contraire")
    }
    assert [value for value, tag in radios.items() if "checked" in tag] == ["edulcoree"]
