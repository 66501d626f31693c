"""PDF dossiers: real PDF files whose text carries the document's words verbatim."""

import re
import subprocess
import zlib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from recommendations.models import Recipient, Recommendation
from themes.models import Theme

pytestmark = pytest.mark.django_db

TRICKY_TITLE = "Des « places » d’été à Péruwelz, où l’on s’écoute"


@pytest.fixture(autouse=True)
def french_first():
    """A request under /en/ leaves English active in the thread: start and end in French."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pdf_text(content, tmp_path):
    """The PDF's text as pdftotext reads it, words joined across line breaks."""
    path = tmp_path / "dossier.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # A line broken after a hyphen (« N’est-ce ») joins back without a space.
    text = re.sub(r"-\n", "-", text)
    return normalise(text)


def normalise(text):
    return " ".join(text.split())


@pytest.fixture
def forem(document):
    recipient = Recipient.objects.get(slug="le-forem")
    tricky = Recommendation.objects.get(reference="R1.02")
    tricky.title = TRICKY_TITLE
    tricky.save()
    for reference in ["R1.02", "R2.01", "R3.01"]:
        Recommendation.objects.get(reference=reference).recipients.add(recipient)
    return recipient


def test_recipient_dossier_is_a_pdf_carrying_every_title_and_constat_verbatim(
    client, forem, tmp_path
):
    page = client.get(forem.get_absolute_url()).content.decode()
    pdf_url = reverse("dossiers:recipient_pdf", args=[forem.slug])
    assert f'href="{pdf_url}"' in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    text = pdf_text(content, tmp_path)
    addressed = Recommendation.objects.filter(recipients=forem).prefetch_related("constats")
    assert addressed.count() >= 3
    assert TRICKY_TITLE in text
    for recommendation in addressed:
        assert normalise(recommendation.title) in text
        assert recommendation.constats.exists() or recommendation.solutions.exists()
        for constat in recommendation.constats.all():
            assert normalise(constat.text) in text


def test_whole_set_dossier_is_linked_from_the_progress_page(client, document, tmp_path):
    progress = client.get(reverse("recommendations:progress")).content.decode()
    assert f'href="{reverse("dossiers:all_pdf")}"' in progress
    text = pdf_text(client.get(reverse("dossiers:all_pdf")).content, tmp_path)
    for recommendation in Recommendation.objects.published():
        assert normalise(recommendation.title) in text


def test_theme_dossier_holds_only_its_theme(client, document, tmp_path):
    theme = Theme.objects.get(position=4)
    text = pdf_text(client.get(reverse("dossiers:theme_pdf", args=[theme.slug])).content, tmp_path)
    assert all(r.title in text for r in theme.recommendations.all())
    other = Recommendation.objects.exclude(theme=theme).first()
    assert other.title not in text


def test_a_change_in_the_data_gives_a_fresh_pdf(client, forem, tmp_path):
    url = reverse("dossiers:recipient_pdf", args=[forem.slug])
    first = client.get(url).content
    assert client.get(url).content == first
    recommendation = Recommendation.objects.get(reference="R2.01")
    recommendation.title = "Un titre changé après la première lecture"
    recommendation.save()
    assert "Un titre changé après la première lecture" in pdf_text(
        client.get(url).content, tmp_path
    )


def test_dossier_is_also_a_printable_page(client, forem):
    html = client.get(reverse("dossiers:recipient", args=[forem.slug])).content.decode()
    assert "Les recommandations adressées à Le Forem" in html
    assert "Des « places » d’été à Péruwelz, où l’on s’écoute" in html
    assert '<blockquote lang="fr-BE">' in html
    assert "Son adresse permanente" in html


def test_english_dossier_keeps_the_document_in_french(client, forem, tmp_path):
    html = client.get("/en/dossiers/destinataires/le-forem/").content.decode()
    assert '<html lang="en">' in html
    assert "Recommendations addressed to Le Forem" in html
    text = pdf_text(client.get("/en/dossiers/destinataires/le-forem.pdf").content, tmp_path)
    assert "Recommendations addressed to Le Forem" in text
    assert TRICKY_TITLE in text


def test_pdf_is_tagged_with_title_and_language(client, forem, tmp_path):
    path = tmp_path / "dossier.pdf"
    path.write_bytes(client.get(reverse("dossiers:recipient_pdf", args=[forem.slug])).content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert "Tagged:          yes" in info.stdout
    assert "Title:           Les recommandations adressées à Le Forem" in info.stdout
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], check=True, capture_output=True)
    assert b'pdfuaid:part="1"' in meta.stdout
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert "H1 (block)" in structure
    assert "H2 (block)" in structure
    assert "/Lang (fr-BE)" in pdf_objects(path.read_bytes())


def pdf_objects(content):
    """Every object of the PDF as text, object streams decompressed."""
    parts = [content.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(parts)


def test_dossier_pages_run_a_fixed_number_of_queries(
    client, document, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dossiers:all")).status_code == 200


def test_missing_pango_says_what_to_install(client, document, monkeypatch):
    from dossiers import pdf

    monkeypatch.setattr(pdf, "missing_support", lambda: "installez libpango-1.0-0")
    # A data change makes sure no cached PDF is served.
    Recommendation.objects.get(reference="R1.01").save()
    response = client.get(reverse("dossiers:all_pdf"))
    assert response.status_code == 503
    assert "installez libpango-1.0-0" in response.content.decode()
