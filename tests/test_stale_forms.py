"""Two coordinators at once: a form drawn before another change is refused, with what changed."""

import html
import re

import pytest
from django.urls import reverse

from core.services import StaleFormError
from recommendations import services
from recommendations.models import Event, Recommendation, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


def text_of(response):
    return " ".join(html.unescape(response.content.decode()).split())


def version_in(response):
    return int(re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1))


@pytest.fixture
def second_coordinator(db):
    return UserFactory(username="seconde-coordination", groups=["Coordination"])


@pytest.fixture
def sent(coordinator):
    recommendation = RecommendationFactory()
    services.validate(recommendation, validated_on=days_ago(10), reason="ok", by=coordinator)
    transmission = services.transmit(
        recommendation,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(5),
        reason="ok",
        by=coordinator,
    )
    return transmission


def test_answer_form_drawn_before_another_answer_is_refused_and_keeps_the_text(
    client, coordinator, second_coordinator, sent
):
    url = reverse("recommendations:answer", args=[sent.recommendation.reference, sent.pk])
    client.force_login(coordinator)
    drawn = version_in(client.get(url))
    services.record_answer(
        sent,
        answer=Answer.ACCEPTED,
        answered_on=days_ago(1),
        reason="Lettre.",
        by=second_coordinator,
    )
    events = Event.objects.count()
    response = client.post(
        url,
        {
            "answer": Answer.REFUSED,
            "answered_on": days_ago(1).isoformat(),
            "reason": "Refus lu dans le courrier.",
            "version": drawn,
        },
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "a changé pendant que vous remplissiez ce formulaire" in page
    assert "réponse « accueillie »" in page
    assert "Refus lu dans le courrier." in page
    assert Event.objects.count() == events
    sent.refresh_from_db()
    assert sent.answer == Answer.ACCEPTED


def test_refused_stale_form_sent_again_after_reading_is_recorded(
    client, coordinator, second_coordinator, sent
):
    recommendation = sent.recommendation
    url = reverse("recommendations:implementation", args=[recommendation.reference])
    client.force_login(coordinator)
    drawn = version_in(client.get(url))
    services.record_implementation(
        recommendation,
        status="en_cours",
        effective_on=days_ago(2),
        reason="Débuté.",
        by=second_coordinator,
    )
    data = {"status": "bloquee", "effective_on": days_ago(1).isoformat(), "reason": "Bloqué."}
    refused = client.post(url, {**data, "version": drawn})
    assert "a changé pendant que vous remplissiez ce formulaire" in text_of(refused)
    assert version_in(refused) == drawn + 1
    response = client.post(url, {**data, "version": version_in(refused), "confirm": "1"})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.implementation == Recommendation.Implementation.BLOCKED


def test_service_refuses_a_version_older_than_the_history(coordinator, second_coordinator, sent):
    recommendation = sent.recommendation
    seen = recommendation.events.count()
    services.record_implementation(
        recommendation,
        status="en_cours",
        effective_on=days_ago(2),
        reason="Débuté.",
        by=second_coordinator,
    )
    with pytest.raises(StaleFormError) as refused:
        services.record_implementation(
            recommendation,
            status="bloquee",
            effective_on=days_ago(1),
            reason="Bloqué.",
            by=coordinator,
            seen_version=seen,
        )
    assert refused.value.version == seen + 1


def test_transmitting_to_two_recipients_from_a_fresh_form_is_no_conflict(client, coordinator):
    recommendation = RecommendationFactory()
    services.validate(recommendation, validated_on=days_ago(10), reason="ok", by=coordinator)
    url = reverse("recommendations:transmit", args=[recommendation.reference])
    client.force_login(coordinator)
    drawn = version_in(client.get(url))
    first, second = RecipientFactory(), RecipientFactory()
    response = client.post(
        url,
        {
            "recipients": [first.pk, second.pk],
            "sent_on": days_ago(1).isoformat(),
            "reason": "Envoi.",
            "version": drawn,
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert set(recommendation.transmissions.values_list("recipient", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_recommendation_page_forms_carry_the_current_version(client, coordinator, sent):
    client.force_login(coordinator)
    response = client.get(sent.recommendation.get_absolute_url())
    assert version_in(response) == sent.recommendation.events.count()
