"""The list page runs as many queries with ten times the recommendations."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations import services
from recommendations.models import Event, Recipient, Recommendation, Transmission
from tests.factories import days_ago
from tests.recommendation_list import LIST_URL, titles_in
from themes.models import Theme

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


def follow_document(coordinator):
    """Move the document's 33 recommendations along through the services.

    Each is sent to three recipients: one answered, one waiting within the delay, one overdue;
    every other one is under way.
    """
    recipients = list(Recipient.objects.order_by("slug")[:3])
    for index, recommendation in enumerate(Recommendation.objects.order_by("reference")):
        services.validate(recommendation, validated_on=days_ago(120), reason="ok", by=coordinator)
        sent = [
            services.transmit(
                recommendation,
                recipient=recipient,
                sent_on=days_ago(days),
                reason="ok",
                by=coordinator,
            )
            for recipient, days in zip(recipients, [100, 10, 90], strict=True)
        ]
        services.record_answer(
            sent[0], answer=Answer.ACCEPTED, answered_on=days_ago(5), reason="ok", by=coordinator
        )
        if index % 2:
            services.record_implementation(
                recommendation,
                status="en_cours",
                effective_on=days_ago(3),
                reason="ok",
                by=coordinator,
            )


def grow(factor):
    """Add (factor - 1) × 33 recommendations, each with three transmissions and 12 events."""
    today = timezone.localdate()
    themes = list(Theme.objects.order_by("position"))
    recipients = list(Recipient.objects.order_by("slug")[:3])
    extra = []
    for index in range(33 * (factor - 1)):
        theme = themes[index % len(themes)]
        extra.append(
            Recommendation(
                theme=theme,
                position=100 + index,
                reference=f"R{theme.position}.{100 + index}",
                title=f"Recommandation supplémentaire sur la formation {index}",
                statement="Énoncé supplémentaire.",
                stage=Recommendation.Stage.TRANSMITTED,
                implementation=Recommendation.Implementation.IN_PROGRESS,
            )
        )
    transmissions, events = [], []
    for recommendation in Recommendation.objects.bulk_create(extra):
        for recipient, answer, days in zip(
            recipients,
            [Answer.ACCEPTED, Answer.PENDING, Answer.PENDING],
            [100, 10, 90],
            strict=True,
        ):
            sent_on = today - datetime.timedelta(days=days)
            transmissions.append(
                Transmission(
                    recommendation=recommendation,
                    recipient=recipient,
                    sent_on=sent_on,
                    response_due=sent_on + datetime.timedelta(days=60),
                    answer=answer,
                    answered_on=None if answer == Answer.PENDING else days_ago(5),
                )
            )
        for sequence in range(1, 13):
            events.append(
                Event(
                    recommendation=recommendation,
                    sequence=sequence,
                    axis=Event.Axis.IMPLEMENTATION,
                    from_value="en_cours",
                    to_value="bloquee" if sequence % 2 else "en_cours",
                    effective_on=today - datetime.timedelta(days=200 - sequence),
                    reason=f"Événement {sequence}",
                )
            )
    Transmission.objects.bulk_create(transmissions)
    Event.objects.bulk_create(events)


QUERY_COUNT_URLS = {
    "plain": {},
    "theme and stage": {"theme": "THEME", "stage": "transmise"},
    "recipient and answer": {"recipient": "RECIPIENT", "answer": "accueillie"},
    "overdue sorted by waiting": {"overdue": "on", "sort": "attente"},
    "sans réponse by update": {"answer": "sans_reponse", "sort": "mise-a-jour"},
    "search": {"q": "formation"},
    "search and filters": {"q": "formation", "implementation": "en_cours", "answer": "en_attente"},
    "bad values": {"theme": "abc", "sort": "drop table", "page": "999"},
}


def count_queries(client, params):
    """The queries of a list page drawn from nothing: no page, no line of it kept yet."""
    caches[settings.PUBLIC_PAGE_CACHE_ALIAS].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert titles_in(response), params
    return len(context.captured_queries)


def test_list_runs_the_same_number_of_queries_with_ten_times_the_data(
    client, document, coordinator
):
    follow_document(coordinator)
    theme = Theme.objects.order_by("position").first()
    recipient = Recipient.objects.order_by("slug").first()

    def urls():
        return {
            name: {
                key: {"THEME": theme.pk, "RECIPIENT": recipient.slug}.get(value, value)
                for key, value in params.items()
            }
            for name, params in QUERY_COUNT_URLS.items()
        }

    small = {name: count_queries(client, params) for name, params in urls().items()}
    grow(10)
    assert Recommendation.objects.count() == 330
    assert Event.objects.count() > 297 * 12
    large = {name: count_queries(client, params) for name, params in urls().items()}
    assert large == small
    assert max(large.values()) <= 15, large
