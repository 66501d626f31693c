"""What new readers need to understand the follow-up: plain words, whose words, pages, English."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from pages.models import Page
from recommendations import services
from recommendations.models import Recommendation
from tests.factories import RecipientFactory, days_ago

pytestmark = pytest.mark.django_db

WRITTEN_FR = "Rédigé par la coordination du suivi à partir du document"
CHOSEN_FR = "Choisis par la coordination du suivi à partir du document"
WRITTEN_EN = "Written by the coordination of the follow-up from the document"
CHOSEN_EN = "Chosen by the coordination of the follow-up from the document"


@pytest.fixture(autouse=True)
def french_first():
    """Each test starts in French, whatever language the previous request switched to."""
    translation.activate("fr-be")
    yield
    translation.activate("fr-be")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_status_shows_plain_words_linked_to_the_guide(client, document):
    html = page(client, reverse("recommendations:list"))
    guide = reverse("recommendations:status_guide")
    assert "on ne sait pas encore" in html
    assert "proposée lors des Assises" in html
    assert f'href="{guide}#mise-en-oeuvre-non-evaluee"' in html


def test_answer_statuses_have_plain_words(client, document, coordinator):
    recommendation = Recommendation.objects.get(reference="R1.02")
    services.validate(recommendation, validated_on=days_ago(80), reason="Relue.", by=coordinator)
    services.transmit(
        recommendation,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(70),
        reason="Envoyée.",
        by=coordinator,
    )
    html = page(client, recommendation.get_absolute_url())
    assert "envoyée aux autorités" in html
    assert "pas de réponse dans le délai" in html


def test_status_guide_states_the_rules(client, document):
    html = page(client, reverse("recommendations:status_guide"))
    assert "Comment lire ces statuts" in html
    assert "acte adopté" in html
    assert "commence le lendemain de la date de réponse attendue" in html
    assert "édulcorée" in html
    assert "Qui décide ?" in html
    for anchor in ("etape-transmise", "reponse-sans-reponse", "mise-en-oeuvre-realisee"):
        assert f'id="{anchor}"' in html


def test_status_guide_in_english(client, document):
    with translation.override("en"):
        url = reverse("recommendations:status_guide")
    html = page(client, url)
    assert "How to read these statuses" in html
    assert "sent to the authorities" in html
    assert "we do not know yet" in html


def test_history_leads_with_what_happened(client, document, coordinator):
    recommendation = Recommendation.objects.get(reference="R1.03")
    services.validate(recommendation, validated_on=days_ago(5), reason="Relue.", by=coordinator)
    html = page(client, recommendation.get_absolute_url())
    headline = html.index("Approuvée par la coordination du suivi")
    technical = html.index("Événement n° 2")
    assert headline < technical


def test_correction_says_what_it_corrects_and_the_corrected_event_says_so(
    client, document, coordinator
):
    recommendation = Recommendation.objects.get(reference="R1.04")
    event = services.validate(
        recommendation, validated_on=days_ago(5), reason="Relue.", by=coordinator
    )
    services.correct_event(
        event, effective_on=days_ago(6), reason="La date était fausse.", by=coordinator
    )
    html = page(client, recommendation.get_absolute_url())
    number = event.sequence
    assert f'<a href="#evenement-{number}">corrige l’événement n° {number}</a>' in html
    assert "Cet événement a été corrigé" in html


@pytest.mark.parametrize(
    ("language", "written", "chosen"),
    [("fr-be", WRITTEN_FR, CHOSEN_FR), ("en", WRITTEN_EN, CHOSEN_EN)],
)
def test_every_recommendation_page_says_whose_words(client, document, language, written, chosen):
    recommendations = list(Recommendation.objects.published())
    assert len(recommendations) == 33
    for recommendation in recommendations:
        with translation.override(language):
            url = recommendation.get_absolute_url()
        html = page(client, url)
        assert written in html, recommendation.reference
        assert chosen in html, recommendation.reference
        assert "Dernière modification" in html or "Last changed" in html


def test_document_words_are_quoted(client, document):
    recommendation = Recommendation.objects.get(reference="R1.01")
    html = page(client, recommendation.get_absolute_url())
    assert '<blockquote class="constat-quote">' in html
    assert "« " in html


def test_english_reader_reads_english_content_and_the_notice(client, document):
    recommendation = Recommendation.objects.get(reference="R1.02")
    with translation.override("en"):
        url = recommendation.get_absolute_url()
    html = page(client, url)
    assert '<h1 lang="en">More places in training</h1>' in html
    assert "Training courses need more places." in html
    assert "exists in French only" in html
    assert "<title>R1.02 More places in training" in html


def test_missing_translation_falls_back_to_french_with_a_notice(client, document):
    recommendation = Recommendation.objects.get(reference="R1.02")
    Recommendation.objects.filter(pk=recommendation.pk).update(
        title_en="", statement_en="", easy_read_en=""
    )
    with translation.override("en"):
        url = recommendation.get_absolute_url()
    html = page(client, url)
    assert '<h1 lang="fr-BE">Augmenter les places en formation</h1>' in html
    assert "not translated into English yet" in html


def test_all_33_recommendations_have_english_texts(document):
    missing = (
        Recommendation.objects.filter(title_en="")
        | Recommendation.objects.filter(statement_en="")
        | Recommendation.objects.filter(easy_read_en="")
    )
    assert not missing.exists()


def test_english_search_finds_english_words(client, document):
    with translation.override("en"):
        url = reverse("recommendations:list")
    html = page(client, f"{url}?q=training")
    assert "More places in training" in html


def test_french_search_ignores_english_texts(client, document):
    html = page(client, reverse("recommendations:list") + "?q=volunteering")
    assert "Aucune recommandation ne correspond" in html


def test_information_pages_exist_after_migrate_and_in_english(client):
    assert set(Page.objects.values_list("slug", flat=True)) == {
        "a-propos",
        "contact",
        "methodologie",
        "vie-privee",
    }
    html = page(client, reverse("pages:page", args=["vie-privee"]))
    assert "RGPD" in html
    assert "abonne" in html
    with translation.override("en"):
        url = reverse("pages:page", args=["vie-privee"])
    html = page(client, url)
    assert "General Data Protection Regulation" in html


def test_every_page_footer_links_to_the_information_pages(client, document):
    html = page(client, reverse("home"))
    for slug in ("a-propos", "contact", "methodologie", "vie-privee"):
        assert f'href="{reverse("pages:page", args=[slug])}"' in html
    assert reverse("recommendations:status_guide") in html


@override_settings(
    PUBLISHER_NAME="ASBL Exemple", PUBLISHER_ADDRESS="Rue A 1\n7500 Tournai", PUBLISHER_EMAIL=""
)
def test_legal_notice_names_the_configured_publisher(client):
    html = page(client, reverse("pages:page", args=["a-propos"]))
    assert "ASBL Exemple" in html
    assert "Rue A 1<br>7500 Tournai" in html


def test_legal_notice_says_when_no_publisher_is_configured(client):
    html = page(client, reverse("pages:page", args=["a-propos"]))
    assert "n’ont pas encore été configurés" in html


def test_coordinator_can_edit_an_information_page(client, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    about = Page.objects.get(slug="a-propos")
    url = reverse("admin:pages_page_change", args=[about.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "À propos",
            "title_en": "About",
            "body": "Nouveau texte de la coordination.",
            "body_en": "New text.",
            "position": 1,
        },
    )
    assert response.status_code == 302
    assert "Nouveau texte de la coordination." in page(client, about.get_absolute_url())


def test_home_page_leads_to_the_list(client, document):
    html = page(client, reverse("home"))
    assert f'href="{reverse("recommendations:list")}">Voir les 33 recommandations' in html


def test_list_folds_filters_and_counts_active_ones(client, document):
    html = page(client, reverse("recommendations:list") + "?q=formation&stage=formulee&theme=")
    assert '<details class="filters-more">' in html
    assert "1 filtre actif" in html
