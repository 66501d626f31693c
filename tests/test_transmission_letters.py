"""Covering letters written on the site and frozen with the dossier when the coordination sends."""

import hashlib
import subprocess

import pytest
from django.urls import reverse

from core.services import ServiceError
from recommendations import services
from recommendations.models import (
    Event,
    LetterTemplate,
    Recipient,
    Recommendation,
    Transmission,
    TransmissionDocument,
)
from tests.factories import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def validated(document, coordinator):
    recommendation = Recommendation.objects.get(reference="R1.02")
    services.validate(recommendation, validated_on=days_ago(20), reason="Validée.", by=coordinator)
    return recommendation


def transmit_from_the_form(client, coordinator, recommendation, slugs):
    client.force_login(coordinator)
    template = LetterTemplate.objects.get(is_default=True)
    response = client.post(
        reverse("recommendations:transmit", args=[recommendation.reference]),
        {
            "recipients": [Recipient.objects.get(slug=slug).pk for slug in slugs],
            "sent_on": days_ago(3).isoformat(),
            "letter_template": template.pk,
            "reason": "Envoyée avec le courrier de la coordination.",
            "confirm": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()


def text_of(document, tmp_path):
    path = tmp_path / document.filename
    path.write_bytes(document.file.open("rb").read())
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_two_recipients_each_get_a_frozen_letter_and_dossier_linked_with_their_sha256(
    client, coordinator, validated, tmp_path
):
    transmit_from_the_form(client, coordinator, validated, ["le-forem", "onem"])
    documents = TransmissionDocument.objects.filter(transmission__recommendation=validated)
    assert documents.count() == 4
    page = client.get(validated.get_absolute_url()).content.decode()
    for document in documents:
        stored = document.file.open("rb").read()
        assert hashlib.sha256(stored).hexdigest() == document.sha256
        assert f'href="{document.get_absolute_url()}"' in page
        assert document.sha256 in page
    letter = documents.get(kind="courrier", transmission__recipient__slug="onem")
    text = text_of(letter, tmp_path)
    assert "ONEM" in text
    assert "R1.02 — Augmenter les places en formation" in text
    due = Transmission.objects.get(recommendation=validated, recipient__slug="onem").response_due
    assert due.strftime("%Y") in text
    assert "/recommandations/R1.02/#transmission-" in " ".join(text.split())


def test_later_edits_to_template_or_recommendation_do_not_change_what_was_stored(
    client, coordinator, validated, tmp_path
):
    transmit_from_the_form(client, coordinator, validated, ["le-forem", "onem"])
    before = {
        document.pk: document.file.open("rb").read()
        for document in TransmissionDocument.objects.all()
    }
    template = LetterTemplate.objects.get(is_default=True)
    template.body = "Un tout autre courrier pour {destinataire}."
    template.save()
    validated.title = "Un titre réécrit après l’envoi"
    validated.save()
    for document in TransmissionDocument.objects.all():
        content = document.file.open("rb").read()
        assert content == before[document.pk]
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert "Un titre réécrit" not in text_of(document, tmp_path)
        assert "Un tout autre courrier" not in text_of(document, tmp_path)


def test_frozen_document_is_served_as_pdf_with_lasting_cache_headers(
    client, coordinator, validated
):
    transmit_from_the_form(client, coordinator, validated, ["le-forem"])
    document = TransmissionDocument.objects.get(kind="dossier")
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["ETag"] == f'"{document.sha256}"'
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    wrong = document.get_absolute_url().replace(document.filename, "autre.pdf")
    assert client.get(wrong).status_code == 404


def test_a_correction_is_a_new_event_with_new_files_and_the_first_ones_kept(
    client, coordinator, validated
):
    transmit_from_the_form(client, coordinator, validated, ["le-forem"])
    transmission = Transmission.objects.get(recommendation=validated)
    first = set(TransmissionDocument.objects.values_list("pk", "sha256"))
    template = LetterTemplate.objects.get(is_default=True)
    template.body = "Courrier corrigé pour {destinataire} : {recommandations}."
    template.save()
    event = services.correct_sent_documents(
        transmission,
        letter_template=template,
        corrected_on=days_ago(1),
        reason="Le premier courrier donnait une mauvaise adresse.",
        by=coordinator,
    )
    assert event.corrects == transmission.events.get(sequence=event.corrects.sequence)
    assert first < set(TransmissionDocument.objects.values_list("pk", "sha256"))
    assert TransmissionDocument.objects.filter(event=event).count() == 2
    page = client.get(validated.get_absolute_url()).content.decode()
    assert "(corrigé)" in page
    assert Event.objects.filter(recommendation=validated, corrects__isnull=False).count() == 1


def test_frozen_documents_cannot_be_rewritten(client, coordinator, validated):
    transmit_from_the_form(client, coordinator, validated, ["le-forem"])
    document = TransmissionDocument.objects.first()
    document.sha256 = "0" * 64
    with pytest.raises(TypeError):
        document.save()


def test_transmission_without_a_template_keeps_the_outside_letter_link(
    client, coordinator, validated
):
    services.transmit_to_recipients(
        validated,
        recipients=[Recipient.objects.get(slug="le-forem")],
        sent_on=days_ago(2),
        covering_letter_url="https://example.org/courrier.pdf",
        reason="Courrier envoyé par la poste.",
        by=coordinator,
    )
    assert not TransmissionDocument.objects.exists()
    page = client.get(validated.get_absolute_url()).content.decode()
    assert 'href="https://example.org/courrier.pdf"' in page


def test_a_refused_recipient_leaves_no_transmission_at_all(coordinator, validated):
    forem = Recipient.objects.get(slug="le-forem")
    services.transmit(validated, recipient=forem, sent_on=days_ago(5), reason="Un.", by=coordinator)
    with pytest.raises(ServiceError):
        services.transmit_to_recipients(
            validated,
            recipients=[Recipient.objects.get(slug="onem"), forem],
            sent_on=days_ago(2),
            letter_template=LetterTemplate.objects.get(is_default=True),
            reason="Deux envois.",
            by=coordinator,
        )
    assert list(validated.transmissions.values_list("recipient__slug", flat=True)) == ["le-forem"]
    assert not TransmissionDocument.objects.exists()


def test_letter_template_with_an_unknown_placeholder_is_refused(superuser, client):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:recommendations_lettertemplate_add"),
        {
            "name": "Essai",
            "subject": "Objet",
            "body": "Bonjour {ministre}",
            "signature": "La coordination",
        },
    )
    assert response.status_code == 200
    assert "Repère inconnu : {ministre}" in response.content.decode()
    assert not LetterTemplate.objects.filter(name="Essai").exists()


def test_coordination_may_edit_letter_templates(coordinator):
    assert coordinator.has_perm("recommendations.change_lettertemplate")
    assert coordinator.has_perm("recommendations.add_lettertemplate")
    assert not coordinator.has_perm("recommendations.change_transmissiondocument")
