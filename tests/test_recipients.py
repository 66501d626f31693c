"""Recipient pages and their index: each authority's record, computed from its transmissions."""

import re
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from recommendations import selectors, services
from recommendations.models import Recipient, Recommendation, Transmission
from tests.factories import days_ago
from tests.test_query_counts import count_queries, grow

pytestmark = pytest.mark.django_db


def send(coordinator, reference, slug, *, sent_days_ago, answered_days_ago=None, answer=None):
    recommendation = Recommendation.objects.get(reference=reference)
    if recommendation.stage == Recommendation.Stage.FORMULATED:
        services.validate(
            recommendation, validated_on=days_ago(400), reason="Validée.", by=coordinator
        )
    (transmission,) = services.transmit_to_recipients(
        recommendation,
        recipients=[Recipient.objects.get(slug=slug)],
        sent_on=days_ago(sent_days_ago),
        reason="Envoyée.",
        by=coordinator,
    )
    if answer:
        services.record_answer(
            transmission,
            answer=answer,
            answered_on=days_ago(answered_days_ago),
            reason="Réponse reçue.",
            by=coordinator,
        )
    return transmission


@pytest.fixture
def followed(document, coordinator):
    """Le Forem: three answers (10, 25 and 90 days), one overdue, one still in time."""
    send(
        coordinator,
        "R1.01",
        "le-forem",
        sent_days_ago=200,
        answered_days_ago=190,
        answer="accueillie",
    )
    send(
        coordinator, "R1.02", "le-forem", sent_days_ago=150, answered_days_ago=125, answer="refusee"
    )
    send(
        coordinator,
        "R1.03",
        "le-forem",
        sent_days_ago=120,
        answered_days_ago=30,
        answer="prise_en_note",
    )
    send(coordinator, "R2.01", "le-forem", sent_days_ago=100)
    send(coordinator, "R2.02", "le-forem", sent_days_ago=5)
    send(coordinator, "R1.01", "onem", sent_days_ago=300)
    send(coordinator, "R1.02", "onem", sent_days_ago=280)
    send(coordinator, "R1.03", "onem", sent_days_ago=70, answered_days_ago=68, answer="accueillie")
    return Recipient.objects.get(slug="le-forem")


def expected_record(recipient):
    today = timezone.localdate()
    transmissions = Transmission.objects.filter(recipient=recipient)
    delays = [(t.answered_on - t.sent_on).days for t in transmissions if t.answered_on]
    overdue = [t for t in transmissions if t.answer == "en_attente" and t.response_due < today]
    return statistics.median(delays), max(delays), len(overdue)


def cell(html, row_class):
    match = re.search(rf'<tr class="{row_class}">.*?<td class="num">([^<]*)</td>', html, re.S)
    return match.group(1).strip()


def test_recipient_page_shows_median_days_and_overdue_count_computed_from_transmissions(
    client, followed
):
    median, longest, overdue = expected_record(followed)
    html = client.get(followed.get_absolute_url()).content.decode()
    assert (median, longest, overdue) == (25, 90, 1)
    assert cell(html, "median-days") == str(median)
    assert cell(html, "overdue-count") == str(overdue)
    assert 'Plus long délai de réponse (jours)</th><td class="num">90</td>' in html
    assert "Augmenter les places en formation" in html
    assert "Niveau de pouvoir : régional" in html


def test_recipient_page_lists_a_recommendation_only_aimed_at_it(client, document):
    recommendation = Recommendation.objects.get(reference="R3.01")
    recipient = Recipient.objects.get(slug="onem")
    recommendation.recipients.add(recipient)
    html = client.get(recipient.get_absolute_url()).content.decode()
    assert escape(recommendation.title) in html
    assert "Visée, pas encore envoyée." in html


def test_index_sorts_by_overdue_count_and_by_median_delay(client, followed):
    by_overdue = client.get(reverse("recipients:list"), {"tri": "retard"}).content.decode()
    assert by_overdue.index(">ONEM</a>") < by_overdue.index(">Le Forem</a>")
    by_delay = client.get(reverse("recipients:list"), {"tri": "delai-median"}).content.decode()
    assert by_delay.index(">Le Forem</a>") < by_delay.index(">ONEM</a>")
    assert 'aria-sort="descending"><a href="?tri=delai-median">' in by_delay


def test_unknown_sort_falls_back_to_overdue_order(client, followed):
    response = client.get(reverse("recipients:list"), {"tri": "<script>"})
    assert response.status_code == 200
    assert "Classés par en retard." in response.content.decode()


def test_every_recipient_named_on_a_recommendation_page_links_to_its_page(client, followed):
    recommendation = Recommendation.objects.get(reference="R1.02")
    recommendation.recipients.add(Recipient.objects.get(slug="gouvernement-federal-emploi"))
    html = client.get(recommendation.get_absolute_url()).content.decode()
    for slug in ["le-forem", "onem", "gouvernement-federal-emploi"]:
        assert f'href="/destinataires/{slug}/"' in html


def test_home_page_table_by_recipient_links_to_recipient_pages(client, followed):
    html = client.get(reverse("home")).content.decode()
    assert 'href="/destinataires/le-forem/">Le Forem</a>' in html
    assert 'href="/destinataires/"' in html


def test_unknown_recipient_is_a_404(client, document):
    assert client.get("/destinataires/inconnu/").status_code == 404


@pytest.mark.parametrize("page", ["index", "detail"])
def test_recipient_pages_run_the_same_queries_with_ten_times_the_data(client, followed, page):
    def url():
        if page == "index":
            return reverse("recipients:list")
        return followed.get_absolute_url()

    small = count_queries(client, url())
    grow(10)
    assert count_queries(client, url()) == small
    assert small <= 15


def test_recipient_page_shows_its_recommendations_fifty_at_a_time(client, document):
    grow(3)  # 66 more recommendations, each sent to the first three recipients
    recipient = Recipient.objects.order_by("slug").first()
    total = selectors.recommendations_for_recipient(recipient).count()  # addressed or sent
    assert 60 < total <= 100

    def rows(response):
        html = response.content.decode()
        start = html.index('id="recommandations-titre"')
        table = html[start : html.index("</table>", start)]
        return re.findall(r'<th scope="row"><a href="/recommandations/(R[\d.]+)/">', table)

    first = client.get(recipient.get_absolute_url())
    page = first.content.decode()
    assert len(rows(first)) == 50
    assert f"{total} recommandations — page 1 sur 2" in page
    assert 'href="?page=2">Page suivante</a>' in page
    second = client.get(recipient.get_absolute_url(), {"page": "2"})
    assert len(rows(second)) == total - 50
    assert not set(rows(first)) & set(rows(second))
    assert 'href="?page=1">Page précédente</a>' in second.content.decode()
    # A page number that is not one shows the first page; one past the end, the last.
    assert rows(client.get(recipient.get_absolute_url(), {"page": "abc"})) == rows(first)
    assert rows(client.get(recipient.get_absolute_url(), {"page": "99"})) == rows(second)
