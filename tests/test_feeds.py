"""Atom feeds: global, per recommendation, per theme, per recipient; valid Atom, both languages."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from discussion.models import Comment
from recommendations import services as follow_up
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago
from themes.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """A request under /en/ leaves English active in the thread: put French back."""
    yield
    translation.activate("fr-be")


ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    """Parse the feed as Atom and check what every Atom feed and entry must have."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text, (
                name
            )
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
    return root


def entries(root):
    return {entry.find(f"{ATOM}id").text: entry for entry in root.findall(f"{ATOM}entry")}


@pytest.fixture
def forem():
    return RecipientFactory(name="Le Forem", slug="le-forem")


@pytest.fixture
def sent(coordinator, forem):
    recommendation = RecommendationFactory(title="Des places en formation")
    follow_up.validate(recommendation, validated_on=days_ago(9), reason="Validée.", by=coordinator)
    return recommendation


def feed_urls(recommendation, recipient):
    return [
        reverse("opendata:feed"),
        reverse("opendata:feed_recommendation", args=[recommendation.reference]),
        reverse("opendata:feed_theme", args=[recommendation.theme.slug]),
        reverse("opendata:feed_recipient", args=[recipient.slug]),
    ]


def test_a_new_event_appears_in_all_four_feeds(client, sent, coordinator, forem):
    follow_up.transmit(
        sent,
        recipient=forem,
        sent_on=days_ago(2),
        reason="Lettre envoyée au Forem.",
        by=coordinator,
    )
    event = sent.events.order_by("-sequence").first()
    expected_id = f"tag:127.0.0.1,2024:evenement/{sent.reference}/{event.sequence}"
    for url in feed_urls(sent, forem):
        found = entries(parse(client.get(url)))
        assert expected_id in found, url
        entry = found[expected_id]
        assert "Lettre envoyée au Forem." in entry.find(f"{ATOM}summary").text
        link = entry.find(f"{ATOM}link").get("href")
        assert link.endswith(f"{sent.get_absolute_url()}#evenement-{event.sequence}")


def test_an_event_elsewhere_stays_out_of_the_recommendation_and_recipient_feeds(
    client, sent, coordinator, forem
):
    other = RecommendationFactory()
    follow_up.validate(
        other, validated_on=days_ago(3), reason="Une autre validation.", by=coordinator
    )
    event = other.events.order_by("-sequence").first()
    unexpected = f"tag:127.0.0.1,2024:evenement/{other.reference}/{event.sequence}"
    for url in feed_urls(sent, forem)[1:2] + feed_urls(sent, forem)[3:]:
        assert unexpected not in entries(parse(client.get(url)))
    assert unexpected in entries(parse(client.get(reverse("opendata:feed"))))


def test_entry_ids_do_not_change_between_requests(client, sent):
    first = list(entries(parse(client.get(reverse("opendata:feed")))))
    second = list(entries(parse(client.get(reverse("opendata:feed")))))
    assert first == second and first


def test_the_global_feed_carries_partner_comments_under_the_organisation_only(client, sent):
    author = UserFactory(first_name="Alice", last_name="Martin", email="alice@example.org")
    lee = Organisation.objects.create(slug="lee", name="Lire et Écrire", kind="cisp")
    Comment.objects.create(recommendation=sent, author=author, organisation=lee, body="Bravo.")
    content = client.get(reverse("opendata:feed")).content.decode()
    assert "Lire et Écrire" in content and "Bravo." in content
    assert "alice@example.org" not in content and "Martin" not in content


def test_unpublished_recommendations_stay_out_of_every_feed(client, sent, coordinator):
    hidden = RecommendationFactory(is_published=False, title="Brouillon caché")
    assert "Brouillon caché" not in client.get(reverse("opendata:feed")).content.decode()
    response = client.get(reverse("opendata:feed_recommendation", args=[hidden.reference]))
    assert response.status_code == 404


def test_feeds_exist_in_english(client, sent):
    with translation.override("en"):
        url = reverse("opendata:feed")
    assert url.startswith("/en/")
    root = parse(client.get(url))
    assert "all changes" in root.find(f"{ATOM}title").text.lower()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_pages_announce_their_feeds(client, sent, forem):
    pages = {
        reverse("home"): reverse("opendata:feed"),
        sent.get_absolute_url(): reverse("opendata:feed_recommendation", args=[sent.reference]),
        sent.theme.get_absolute_url(): reverse("opendata:feed_theme", args=[sent.theme.slug]),
        f"{reverse('recommendations:list')}?recipient={forem.slug}": reverse(
            "opendata:feed_recipient", args=[forem.slug]
        ),
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html, page
        assert f'href="{feed}"' in html, page
        # A visible link too, not only the <head> announcement.
        assert html.count(f'href="{feed}"') >= 2, page
        assert client.get(feed).status_code == 200


def test_an_unknown_recipient_feed_is_404(client):
    assert client.get(reverse("opendata:feed_recipient", args=["inconnu"])).status_code == 404


def test_feeds_run_a_bounded_number_of_queries(
    client, sent, coordinator, forem, django_assert_max_num_queries
):
    for number in range(5):
        follow_up.transmit(
            sent,
            recipient=RecipientFactory(),
            sent_on=days_ago(2),
            reason=f"Envoi {number}.",
            by=coordinator,
        )
    for url in feed_urls(sent, forem):
        with django_assert_max_num_queries(8):
            parse(client.get(url))


def test_a_recipients_page_announces_its_feed_and_its_alerts(client):
    recipient = RecipientFactory(slug="le-forem", name="Le Forem")
    page = client.get(recipient.get_absolute_url()).content.decode()
    feed = reverse("opendata:feed_recipient", args=["le-forem"])
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{feed}"' in page
    assert "recipient=le-forem" in page
