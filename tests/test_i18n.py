"""French at the root, English under /en/: the interface translated, the document kept French."""

import gettext as gettext_module
import html
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from recommendations import services
from recommendations.models import Recipient, Recommendation
from tests.factories import days_ago

pytestmark = pytest.mark.django_db

INTERFACE = [
    "Aller au contenu",
    "Accueil",
    "Recommandations",
    "Progression",
    "Le document",
    "Conclusion",
]
# "Conclusion" is the same word in both languages.
TRANSLATED_DIFFERENTLY = [text for text in INTERFACE if text != "Conclusion"]


def english(text):
    with translation.override("en"):
        return gettext(text)


@pytest.fixture(autouse=True)
def french_afterwards():
    yield
    translation.activate("fr-be")


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/document/",
        "/en/themes/personnes-accompagnees/",
        "/en/conclusion/",
        "/en/recommandations/",
        "/en/recommandations/progression/",
        "/en/recommandations/R1.01/",
        "/en/accounts/login/",
    ],
)
def test_english_pages_are_in_english_with_the_document_in_french(client, document, path):
    response = client.get(path)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert '<html lang="en">' in page
    for text in INTERFACE:
        assert english(text) in page
    for text in TRANSLATED_DIFFERENTLY:
        assert english(text) != text, f"{text!r} has no English translation"
    assert 'hreflang="fr"' in page
    assert f'href="{path[3:]}"' in page or 'href="/"' in page


def test_french_pages_stay_french_and_link_to_english(client, document):
    page = html.unescape(client.get("/recommandations/R1.01/").content.decode())
    assert '<html lang="fr-BE">' in page
    assert "Aller au contenu" in page
    assert 'href="/en/recommandations/R1.01/"' in page


def test_english_recommendation_page_translates_statuses_and_the_follow_up_text(
    client, document, coordinator
):
    recommendation = Recommendation.objects.get(reference="R1.02")
    services.validate(recommendation, validated_on=days_ago(10), reason="ok", by=coordinator)
    services.transmit(
        recommendation,
        recipient=Recipient.objects.get(slug="le-forem"),
        sent_on=days_ago(70),
        reason="ok",
        by=coordinator,
    )
    page = html.unescape(client.get(f"/en{recommendation.get_absolute_url()}").content.decode())
    assert f'<h1 lang="en">{recommendation.title_en}</h1>' in page
    assert english("sans réponse") in page
    assert english("transmise") in page
    sent_on = days_ago(70)
    assert f"{sent_on.day} {sent_on.strftime('%B')} {sent_on.year}" in page


def test_every_interface_string_has_an_english_translation():
    from pathlib import Path

    from django.conf import settings

    po = Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES", "django.po").read_text()
    assert "#, fuzzy" not in po
    empty = re.findall(r'\nmsgid "(.+)"\nmsgstr ""\n\n', po)
    assert empty == []
    # The committed .mo must be compiled from this .po: every message of one is in the other.
    mo = Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES", "django.mo")
    with mo.open("rb") as compiled:
        catalog = gettext_module.GNUTranslations(compiled)._catalog
    singular = [
        match.group(1).replace('\\"', '"').replace("\\n", "\n")
        for block in po.split("\n\n")
        if "msgctxt" not in block and "msgid_plural" not in block
        for match in [re.search(r'^msgid "(.+)"$', block, flags=re.MULTILINE)]
        if match
    ]
    assert len(singular) > 500
    missing = [msgid for msgid in singular if msgid not in catalog]
    assert missing == [], "compile the .po again: manage.py compilemessages"
