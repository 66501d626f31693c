"""Pages that list things run as many queries with ten times the data and long histories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Event, Recipient, Recommendation, Transmission
from tests.factories import days_ago
from themes.models import Theme

pytestmark = pytest.mark.django_db

# A ceiling, not the count: each page's count is asserted flat between the two data sizes. The
# coordinator's recommendation page is the fullest (its forms, notes, targets, acts, reminders,
# frozen documents, the footer's pages, the comment threads' count).
MAX_QUERIES = 35


def grow(factor):
    """Add (factor - 1) × 33 recommendations, each sent to 3 recipients with 12 events."""
    today = timezone.localdate()
    recipients = list(Recipient.objects.order_by("slug")[:3])
    themes = list(Theme.objects.order_by("position"))
    extra = []
    for index in range(33 * (factor - 1)):
        theme = themes[index % len(themes)]
        position = 100 + index
        extra.append(
            Recommendation(
                theme=theme,
                position=position,
                reference=f"R{theme.position}.{position}",
                title=f"Recommandation supplémentaire {index}",
                statement="Énoncé supplémentaire.",
                stage=Recommendation.Stage.TRANSMITTED,
                implementation=Recommendation.Implementation.IN_PROGRESS,
            )
        )
    Recommendation.objects.bulk_create(extra)
    transmissions, events = [], []
    for recommendation in Recommendation.objects.filter(position__gte=100):
        for offset, recipient in enumerate(recipients):
            transmissions.append(
                Transmission(
                    recommendation=recommendation,
                    recipient=recipient,
                    sent_on=today - datetime.timedelta(days=100 + offset),
                    response_due=today - datetime.timedelta(days=40 + offset),
                    answer=Transmission.Answer.ACCEPTED if offset else Transmission.Answer.PENDING,
                    answered_on=today - datetime.timedelta(days=30) if offset else None,
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


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = {
    "home": reverse("home"),
    "document": reverse("themes:document"),
    "theme": reverse("themes:detail", args=["processus-et-dispositifs-d-accompagnement"]),
    "recommendation": reverse("recommendations:detail", args=["R1.01"]),
    "list": reverse("recommendations:list"),
}


def follow(recommendation, coordinator, *, rounds):
    """Give one recommendation a real history through the services."""
    today = timezone.localdate()
    for _ in range(rounds):
        for status in ("en_cours", "bloquee"):
            services.record_implementation(
                recommendation, status=status, effective_on=today, reason="Suivi.", by=coordinator
            )


@pytest.fixture
def followed(document, coordinator):
    """R1.01, validated, sent to two recipients, with one round of implementation statuses."""
    followed = Recommendation.objects.get(reference="R1.01")
    services.validate(followed, validated_on=days_ago(50), reason="ok", by=coordinator)
    for recipient in Recipient.objects.order_by("slug")[:2]:
        services.transmit(
            followed, recipient=recipient, sent_on=days_ago(45), reason="ok", by=coordinator
        )
    follow(followed, coordinator, rounds=1)
    return followed


def assert_same_queries_with_ten_times_the_data(client, followed, coordinator):
    small = {name: count_queries(client, url) for name, url in PAGES.items()}

    grow(10)
    follow(followed, coordinator, rounds=10)
    assert Recommendation.objects.count() == 330
    assert followed.events.count() > 20
    large = {name: count_queries(client, url) for name, url in PAGES.items()}
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def test_pages_run_the_same_number_of_queries_with_ten_times_the_data_for_the_public(
    client, followed, coordinator
):
    assert_same_queries_with_ten_times_the_data(client, followed, coordinator)


def test_pages_run_the_same_number_of_queries_with_ten_times_the_data_for_the_coordination(
    client, followed, coordinator
):
    client.force_login(coordinator)
    assert_same_queries_with_ten_times_the_data(client, followed, coordinator)
