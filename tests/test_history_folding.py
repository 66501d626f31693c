"""A long history stays a short page: the newest events shown, the rest a link away."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import services
from recommendations.models import Event
from tests.factories import CoordinatorFactory, RecommendationFactory, days_ago
from tests.pages import words_of

pytestmark = pytest.mark.django_db


def add_events(recommendation, count):
    """Add ``count`` dated implementation events after the recommendation's first one."""
    last = recommendation.events.order_by("-sequence").values_list("sequence", flat=True)[0]
    Event.objects.bulk_create(
        Event(
            recommendation=recommendation,
            sequence=last + number,
            axis=Event.Axis.IMPLEMENTATION,
            from_value="en_cours",
            to_value="en_cours",
            effective_on=days_ago(400) + datetime.timedelta(days=number),
            reason=f"Étape de travail {last + number}.",
        )
        for number in range(1, count + 1)
    )


def shown_events(response):
    return [int(n) for n in re.findall(r'id="evenement-(\d+)"', response.content.decode())]


def history_url(recommendation, page=None):
    url = reverse("recommendations:history", args=[recommendation.reference])
    return f"{url}?page={page}" if page else url


def locate(client, recommendation, sequence):
    response = client.get(
        reverse("recommendations:event", args=[recommendation.reference, sequence])
    )
    assert response.status_code == 302
    return response["Location"]


def test_a_short_history_is_shown_whole_without_a_fold(client):
    recommendation = RecommendationFactory()
    add_events(recommendation, 4)
    response = client.get(recommendation.get_absolute_url())
    assert shown_events(response) == [1, 2, 3, 4, 5]
    assert "Voir tout l’historique" not in words_of(response)


def test_a_long_history_shows_its_newest_twenty_events_and_links_to_the_rest(client):
    recommendation = RecommendationFactory()
    add_events(recommendation, 29)
    response = client.get(recommendation.get_absolute_url())
    assert shown_events(response) == list(range(11, 31))
    page = words_of(response)
    assert "Les 20 événements les plus récents, sur 30. Voir tout l’historique" in page
    assert f'href="{history_url(recommendation)}"' in response.content.decode()

    whole = client.get(history_url(recommendation))
    assert whole.status_code == 200
    assert shown_events(whole) == list(range(1, 31))
    assert "30 événements, du plus ancien au plus récent." in words_of(whole)
    assert "Étape de travail 2." in words_of(whole)


def test_the_full_history_comes_in_pages_of_a_hundred(client):
    recommendation = RecommendationFactory()
    add_events(recommendation, 149)
    assert shown_events(client.get(history_url(recommendation))) == list(range(1, 101))
    second = client.get(history_url(recommendation, page=2))
    assert shown_events(second) == list(range(101, 151))
    assert "Page 2 sur 2" in words_of(second)


def test_a_link_to_an_event_goes_to_the_page_that_shows_it(client):
    recommendation = RecommendationFactory()
    add_events(recommendation, 149)
    detail = recommendation.get_absolute_url()
    assert locate(client, recommendation, 150) == f"{detail}#evenement-150"
    assert locate(client, recommendation, 131) == f"{detail}#evenement-131"
    assert locate(client, recommendation, 130) == f"{history_url(recommendation, 2)}#evenement-130"
    assert locate(client, recommendation, 3) == f"{history_url(recommendation)}#evenement-3"
    missing = reverse("recommendations:event", args=[recommendation.reference, 151])
    assert client.get(missing).status_code == 404


def test_an_old_link_to_a_folded_event_is_sent_on_by_the_page(client):
    """The page names where to ask for an event it does not show (event-locator.js)."""
    recommendation = RecommendationFactory()
    add_events(recommendation, 29)
    locator = reverse("recommendations:event", args=[recommendation.reference, 0])
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert f'data-event-locator="{locator}"' in page
    assert "js/event-locator" in page


def test_a_correction_of_a_folded_event_links_to_where_that_event_is():
    from django.test import Client

    client = Client()
    coordinator = CoordinatorFactory()
    recommendation = RecommendationFactory()
    first = services.record_implementation(
        recommendation,
        status="en_cours",
        effective_on=days_ago(300),
        reason="Lancée.",
        by=coordinator,
    )
    add_events(recommendation, 25)
    recommendation.refresh_from_db()
    correction = services.correct_event(first, reason="La date était fausse.", by=coordinator)
    response = client.get(recommendation.get_absolute_url())
    assert correction.sequence in shown_events(response)
    assert first.sequence not in shown_events(response)
    target = reverse("recommendations:event", args=[recommendation.reference, first.sequence])
    assert f'<a href="{target}">corrige l’événement n° {first.sequence}</a>' in (
        response.content.decode()
    )
    # On the full history, the corrected event says where its correction is.
    whole = words_of(client.get(history_url(recommendation)))
    assert f"Cet événement a été corrigé : voir l’événement n° {correction.sequence}" in whole


def test_the_page_costs_the_same_queries_and_about_the_same_bytes_at_30_and_300_events(client):
    recommendation = RecommendationFactory()
    add_events(recommendation, 29)

    def measure():
        with CaptureQueriesContext(connection) as context:
            response = client.get(recommendation.get_absolute_url())
        return len(context.captured_queries), len(response.content)

    queries, size = measure()
    add_events(recommendation, 270)
    more_queries, more_size = measure()
    assert more_queries == queries
    assert more_size < size * 1.05
