"""The admin mirrors the follow-up: filters, read-only history, bulk validation via the service."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Event, Recommendation
from tests.factories import RecipientFactory, RecommendationFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_bulk_validate_writes_one_event_per_recommendation(admin_client, superuser):
    drafts = [RecommendationFactory() for _ in range(3)]
    already = RecommendationFactory()
    services.validate(already, validated_on=days_ago(3), reason="ok", by=superuser)
    response = admin_client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "validate_selected", "_selected_action": [r.pk for r in [*drafts, already]]},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "3 recommandations validées." in text
    assert f"{already.reference} : Seule une recommandation formulée peut être validée" in text
    for draft in drafts:
        draft.refresh_from_db()
        assert draft.stage == Recommendation.Stage.VALIDATED
        assert draft.events.filter(to_value="validee").count() == 1
    assert already.events.filter(to_value="validee").count() == 1


def test_admin_filters_overdue_and_answer(admin_client, superuser):
    overdue = RecommendationFactory(title="En retard")
    fresh = RecommendationFactory(title="Toute fraîche")
    for recommendation, sent in ((overdue, days_ago(80)), (fresh, days_ago(3))):
        services.validate(recommendation, validated_on=sent, reason="ok", by=superuser)
        services.transmit(
            recommendation, recipient=RecipientFactory(), sent_on=sent, reason="ok", by=superuser
        )
    url = reverse("admin:recommendations_recommendation_changelist")
    text = admin_client.get(url, {"en_retard": "oui"}).content.decode()
    assert "En retard" in text and "Toute fraîche" not in text
    text = admin_client.get(url, {"reponse": "en_attente", "q": "fraîche"}).content.decode()
    assert "Toute fraîche" in text and "En retard" not in text


def test_events_are_read_only_in_the_admin(admin_client):
    event = RecommendationFactory().events.get()
    change_url = reverse("admin:recommendations_event_change", args=[event.pk])
    response = admin_client.post(change_url, {"reason": "Réécrit"})
    assert response.status_code == 403
    delete_url = reverse("admin:recommendations_event_delete", args=[event.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.reason != "Réécrit"
    assert Event.objects.filter(pk=event.pk).exists()


def test_recommendation_admin_pages_open(admin_client, superuser):
    recommendation = RecommendationFactory()
    services.validate(recommendation, validated_on=days_ago(3), reason="ok", by=superuser)
    for url in (
        reverse("admin:recommendations_recommendation_changelist"),
        reverse("admin:recommendations_recommendation_change", args=[recommendation.pk]),
        reverse("admin:recommendations_recommendation_add"),
        reverse("admin:recommendations_event_changelist"),
        reverse("admin:recommendations_transmission_changelist"),
        reverse("admin:recommendations_recipient_changelist"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_adding_a_recommendation_in_the_admin_formulates_it_with_its_first_event(
    admin_client, superuser
):
    recommendation = RecommendationFactory()
    theme = recommendation.theme
    recipient = RecipientFactory()
    response = admin_client.post(
        reverse("admin:recommendations_recommendation_add"),
        {
            "theme": theme.pk,
            "title": "Nouvelle recommandation",
            "statement": "Énoncé.",
            "easy_read": "",
            "recipients": [recipient.pk],
            "is_published": "on",
            "transmissions-TOTAL_FORMS": "0",
            "transmissions-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Recommendation.objects.get(title="Nouvelle recommandation")
    assert created.reference == f"R{theme.position}.{recommendation.position + 1:02d}"
    assert list(created.recipients.all()) == [recipient]
    event = created.events.get()
    assert (event.sequence, event.to_value, event.recorded_by) == (1, "formulee", superuser)
