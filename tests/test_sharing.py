"""Sharing: a sitemap, Open Graph and description tags, titles that say what a list shows."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core import cache as page_cache
from recommendations.models import Recipient, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """A request under /en/ leaves English active in the thread: put French back."""
    yield
    translation.activate("fr-be")


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert match, f"no {name}"
    return match.group(1)


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_sitemap_lists_every_public_page_in_both_languages(client, document):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {
        url.find(f"{SITEMAP}loc").text
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }
    for recommendation in Recommendation.objects.published():
        assert f"http://testserver{recommendation.get_absolute_url()}" in locations
        assert f"http://testserver/en{recommendation.get_absolute_url()}" in locations
    assert f"http://testserver{reverse('opendata:index')}" in locations


def test_every_public_page_has_open_graph_and_description(client, document):
    recommendation = Recommendation.objects.get(reference="R1.02")
    pages = [
        reverse("home"),
        reverse("themes:document"),
        reverse("recommendations:list"),
        recommendation.get_absolute_url(),
        recommendation.theme.get_absolute_url(),
        reverse("opendata:index"),
        reverse("alerts:subscribe"),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        description = meta(html, "name", "description")
        assert len(description) > 30, page
        assert meta(html, "property", "og:description") == description
        assert meta(html, "property", "og:title") == title(html).strip()
        assert meta(html, "property", "og:url").endswith(page)
        assert meta(html, "property", "og:type") == "website"
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert recommendation.statement[:40] in meta(html, "name", "description")


def test_a_filtered_list_says_what_it_shows_in_its_title(client, document):
    recipient = Recipient.objects.order_by("name").first()
    html = client.get(
        f"{reverse('recommendations:list')}?stage=validee&recipient={recipient.slug}&q=formation"
    ).content.decode()
    page_title = title(html)
    assert "« formation »" in page_title
    assert "validée" in page_title
    assert recipient.name in page_title
    unfiltered = title(client.get(reverse("recommendations:list")).content.decode())
    assert unfiltered.startswith("Les recommandations — Assises")


def test_share_links_carry_no_empty_parameter(client, document):
    html = client.get(
        f"{reverse('recommendations:list')}?stage=validee&q=&theme=&answer="
    ).content.decode()
    og_url = meta(html, "property", "og:url")
    assert og_url.endswith("/recommandations/?stage=validee")
    download = re.search(r'href="(/donnees/recommandations\.csv[^"]*)"', html).group(1)
    assert download == "/donnees/recommandations.csv?stage=validee"


def test_the_filter_form_drops_empty_fields_from_the_address(client, document):
    html = client.get(reverse("recommendations:list")).content.decode()
    assert "data-clean-query" in html
    assert "/static/js/clean-query.js" in html


def test_a_page_read_from_the_cache_has_its_open_graph_tags_once(client, document):
    """The page is kept with its tags (the Open Graph middleware runs inside the page cache),
    not given them again at each reading."""
    url = reverse("recommendations:list")
    for language, address in (("fr_BE", url), ("en_GB", f"/en{url}")):
        first = client.get(address, {"q": "formation"})
        key = page_cache.page_key(
            RequestFactory().get(address, {"q": "formation"}),
            translation.get_language(),
            timezone.localdate(),
        )
        kept = page_cache.page_cache().get(key)["content"].decode()
        assert kept.count('property="og:title"') == 1
        again = client.get(address, {"q": "formation"})
        assert first.headers["X-Page-Cache"] == "miss"
        assert again.headers["X-Page-Cache"] == "hit"
        html = again.content.decode()
        assert html.count('property="og:title"') == 1
        assert meta(html, "property", "og:url").endswith(f"{address}?q=formation")
        assert meta(html, "property", "og:locale") == language
