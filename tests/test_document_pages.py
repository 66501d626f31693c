"""What a visitor reads on the document pages, checked against the loaded document."""

import html

import pytest
from django.urls import reverse

from themes.models import Theme

pytestmark = pytest.mark.django_db


def page_text(response):
    return html.unescape(response.content.decode())


def assert_in_order(text, items):
    """Every item appears in the page, each after the previous one."""
    cursor = 0
    for item in items:
        found = text.find(item, cursor)
        assert found != -1, f"missing or out of order: {item!r}"
        cursor = found + len(item)


def theme_items(theme):
    return (
        [q.text for q in theme.questions.order_by("position")]
        + [k.label for k in theme.keywords.order_by("position")]
        + [s.label for s in theme.solutions.order_by("position")]
        + [c.text for c in theme.constats.order_by("position")]
    )


def test_home_presents_the_day_its_organisations_and_themes(client, document):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="fr-BE">' in text
    assert "Assises de l’Insertion en Wallonie picarde" in text
    assert document.introduction.split("\n\n")[0] in text
    assert_in_order(
        text,
        [
            "LEE",
            "Déclic Emploi",
            "IFI",
            "CPAS de Bernissart (Service Insertion)",
            "CSEF de Mouscron-Comines",
            "CSEF de Tournai-Ath-Lessines",
        ],
    )
    for theme in Theme.objects.all():
        assert theme.title in text
        assert f'href="{theme.get_absolute_url()}"' in text


@pytest.mark.parametrize("position", [1, 2, 3, 4])
def test_theme_page_shows_the_whole_workshop_verbatim_in_order(client, document, position):
    theme = Theme.objects.get(position=position)
    response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    assert f'<h1 lang="fr-BE">{theme.title}</h1>' in text
    assert_in_order(text, theme_items(theme))
    for piste in theme.pistes.all():
        assert piste.text in text
        assert f'id="{piste.anchor}"' in text


def test_theme_page_counts_match_the_document(client, document):
    theme = Theme.objects.get(position=1)
    text = client.get(theme.get_absolute_url()).content.decode()
    assert text.count('<li id="question-') == 3
    assert text.count('<li id="mot-cle-') == 20
    assert text.count('<li id="solution-') == 10


def test_theme_four_shows_pistes_after_their_paragraph_with_lead_ins(client, document):
    theme = Theme.objects.get(position=4)
    text = page_text(client.get(theme.get_absolute_url()))
    pistes = list(theme.pistes.order_by("position"))
    assert len(pistes) == 4
    assert_in_order(
        text,
        [
            pistes[0].follows_constat.text,
            "Par rapport aux pistes à creuser mises en avant :",
            pistes[0].text,
            pistes[1].text,
            pistes[2].text,
            "Il serait intéressant d’en ajouter une :",
            pistes[3].text,
            "ajoutée pendant le débat",
        ],
    )


def test_document_page_reads_in_order_from_introduction_to_conclusion(client, document):
    response = client.get(reverse("themes:document"))
    assert response.status_code == 200
    text = page_text(response)
    items = document.introduction.split("\n\n") + document.method.split("\n\n")
    for theme in Theme.objects.order_by("position"):
        items += [theme.title, *theme_items(theme)]
    items += document.conclusion.split("\n\n")
    assert_in_order(text, items)


def test_conclusion_page(client, document):
    text = page_text(client.get(reverse("themes:conclusion")))
    assert_in_order(text, document.conclusion.split("\n\n"))
    assert "valeur « éducation »" in text


def test_no_private_use_glyph_reaches_a_page(client, document):
    urls = [reverse("home"), reverse("themes:document")]
    urls += [t.get_absolute_url() for t in Theme.objects.all()]
    for url in urls:
        text = page_text(client.get(url))
        assert not any("\ue000" <= char <= "\uf8ff" for char in text), url


@pytest.mark.parametrize(
    "path",
    [
        "/themes/inconnu/",
        "/themes/" + "x" * 3000 + "/",
        "/themes/%C3%A9t%C3%A9/",
        "/themes/1%27%20OR%201%3D1/",
        "/nulle-part/",
        "/document/extra/",
    ],
)
def test_unknown_addresses_get_the_site_404_page(client, document, path):
    response = client.get(path)
    assert response.status_code == 404
    text = page_text(response)
    assert "Page introuvable" in text
    assert "Aller au contenu" in text
    assert 'href="/document/"' in text


def test_pages_answer_even_before_the_document_is_loaded(client):
    assert client.get(reverse("home")).status_code == 200
    assert "pas encore chargé" in page_text(client.get(reverse("home")))
    assert client.get(reverse("themes:document")).status_code == 404
