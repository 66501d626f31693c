"""Open data: the page, its files at stable addresses, and the dictionary of every column."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from opendata.datasets import DATASETS
from recommendations import services as follow_up
from recommendations.models import Event, Recommendation, Transmission
from tests.factories import UserFactory, days_ago
from themes.models import Constat, Keyword, Piste, Question, Solution, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """A request under /en/ leaves English active in the thread: put French back."""
    yield
    translation.activate("fr-be")


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_json(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def file_url(slug, extension):
    return reverse("downloads:file", args=[slug, extension])


@pytest.fixture
def followed(document, coordinator):
    """The 33 recommendations of the document, one of them transmitted and answered."""
    recommendation = Recommendation.objects.get(reference="R1.02")
    follow_up.validate(recommendation, validated_on=days_ago(40), reason="Validée.", by=coordinator)
    from recommendations.models import Recipient

    forem = Recipient.objects.order_by("name").first()
    transmission = follow_up.transmit(
        recommendation, recipient=forem, sent_on=days_ago(30), reason="Envoyée.", by=coordinator
    )
    follow_up.record_answer(
        transmission,
        answer=Transmission.Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(5),
        summary="Le Forem étudie la question.",
        proof_url="https://example.org/reponse.pdf",
        rerouted_to=None,
        reason="Réponse reçue.",
        by=coordinator,
    )
    return recommendation


def test_open_data_page_is_linked_from_every_page_footer(client, document):
    for page in [
        reverse("home"),
        reverse("recommendations:list"),
        reverse("themes:document"),
    ]:
        assert f'href="{reverse("opendata:index")}"' in client.get(page).content.decode()


def test_open_data_page_lists_each_file_licence_last_change_and_schema(client, followed):
    html = client.get(reverse("opendata:index")).content.decode()
    for slug in DATASETS:
        assert f'href="{file_url(slug, "csv")}"' in html
        assert f'href="{file_url(slug, "json")}"' in html
    assert "CC BY 4.0" in html and 'rel="license"' in html
    assert "Dernière modification" in html and "<time datetime=" in html
    assert f'href="{reverse("api:schema")}"' in html
    assert f'href="{reverse("api:docs")}"' in html


def test_every_column_of_every_file_is_in_the_data_dictionary(client, followed):
    html = client.get(reverse("opendata:index")).content.decode()
    for slug in DATASETS:
        check_columns_against_dictionary(client, html, slug)


def check_columns_against_dictionary(client, html, slug):
    """Column by column, CSV and JSON alike, each name is explained on the page."""
    dictionary = DATASETS[slug].column_names()
    rows = read_csv(client.get(file_url(slug, "csv")))
    assert rows
    assert list(rows[0].keys()) == dictionary
    payload = read_json(client.get(file_url(slug, "json")))
    assert [column["name"] for column in payload["columns"]] == dictionary
    for record in payload["data"]:
        assert list(record) == dictionary
    for column in DATASETS[slug].columns:
        assert f"<code>{column.name}</code>" in html
        assert str(column.description) in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_recommendations_file_holds_the_33_with_both_axes(client, followed):
    rows = read_csv(client.get(file_url("recommandations", "csv")))
    assert len(rows) == 33 == Recommendation.objects.published().count()
    row = next(row for row in rows if row["reference"] == "R1.02")
    assert row["etape"] == "transmise"
    assert row["mise_en_oeuvre"] == "non_evaluee"
    assert row["nombre_transmissions"] == "1"
    assert row["nombre_cosignatures"] == "0"
    assert row["avis_conforme"] == "0"


def test_transmissions_and_events_files_hold_every_record(client, followed):
    transmissions = read_json(client.get(file_url("transmissions", "json")))["data"]
    assert len(transmissions) == Transmission.objects.count() == 1
    assert transmissions[0]["id"] == "R1.02-T1"
    assert transmissions[0]["reponse"] == "accueillie_en_partie"
    assert transmissions[0]["resume_reponse"] == "Le Forem étudie la question."
    events = read_csv(client.get(file_url("evenements", "csv")))
    assert len(events) == Event.objects.count()
    assert {row["id"] for row in events} >= {"R1.02-E1", "R1.02-E2", "R1.02-E3", "R1.02-E4"}


def test_document_file_holds_every_element_word_for_word(client, document):
    rows = read_json(client.get(file_url("document", "json")))["data"]
    counts = {
        kind: sum(1 for row in rows if row["type"] == kind) for kind in {r["type"] for r in rows}
    }
    assert counts == {
        "theme": Theme.objects.count(),
        "question": Question.objects.count(),
        "mot_cle": Keyword.objects.count(),
        "constat": Constat.objects.count(),
        "solution": Solution.objects.count(),
        "piste": Piste.objects.count(),
    }
    constat = Constat.objects.order_by("theme__position", "position").first()
    assert any(row["texte"] == constat.text for row in rows)


def test_no_personal_data_in_any_file(client, followed):
    coordinator = UserFactory(
        username="nominative",
        first_name="Camille",
        last_name="Dupont",
        email="camille@example.org",
        groups=["Coordination"],
    )
    follow_up.record_implementation(
        followed,
        status="en_cours",
        effective_on=days_ago(1),
        proof_url="",
        reason="Débuté.",
        by=coordinator,
    )
    for slug in DATASETS:
        for extension in ("csv", "json"):
            content = client.get(file_url(slug, extension)).content.decode("utf-8-sig")
            for personal in (
                "Camille",
                "Dupont",
                "camille@example.org",
                "nominative",
                "coordination@",
            ):
                assert personal not in content, (slug, extension, personal)


def test_the_list_downloads_what_it_shows_with_the_same_filters(client, followed):
    list_url = f"{reverse('recommendations:list')}?stage=transmise&q="
    html = client.get(list_url).content.decode()
    download = f"{file_url('recommandations', 'csv')}?stage=transmise"
    assert f'href="{download}"' in html
    rows = read_csv(client.get(download))
    assert [row["reference"] for row in rows] == ["R1.02"]


def test_downloads_say_when_the_data_last_changed(client, followed):
    response = client.get(file_url("evenements", "csv"))
    assert response["Last-Modified"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_file_is_404(client):
    assert client.get("/donnees/inconnu.csv").status_code == 404


def test_downloads_run_a_bounded_number_of_queries(client, followed, django_assert_max_num_queries):
    for slug in DATASETS:
        with django_assert_max_num_queries(12):
            client.get(file_url(slug, "csv"))
