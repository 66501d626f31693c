"""Bad input on the list page: a 200 with a clear message, nothing run, nothing lost."""

import re

import pytest

from recommendations.models import Recommendation, Transmission
from tests.recommendation_list import LIST_URL, text_of, titles_in

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


NOT_UNDERSTOOD = "Certains critères n’ont pas été compris : ils sont ignorés."


NO_SUCH_PAGE = "La page demandée n’existe pas : voici la page 1."


BAD_INPUT = {
    "nul byte in the search": ("q=%00", None),
    "control characters in the search": ("q=%01%02%1B%7F", None),
    "lone surrogate": ("q=%ED%A0%80", None),
    "invalid utf-8": ("q=%FF%FE%C3", None),
    "theme not a number": ("theme=abc", "Sélectionnez un choix valide"),
    "unknown theme": ("theme=999999", "Sélectionnez un choix valide"),
    "theme too big for the database": ("theme=" + "9" * 40, "Sélectionnez un choix valide"),
    "unknown recipient": ("recipient=personne", "Sélectionnez un choix valide"),
    "nul byte in the recipient": ("recipient=%00", "Le caractère nul n’est pas autorisé."),
    "unknown answer": ("answer=peut-etre", "Sélectionnez un choix valide"),
    "unknown stage": ("stage=%E2%80%AEinconnue", "Sélectionnez un choix valide"),
    "sort as sql": ("sort=drop%20table", "Sélectionnez un choix valide"),
    "sql in the search": ("q=%27%20OR%201%3D1%20--", None),
    "sql drop in the search": (
        "q=x%27%3B%20DROP%20TABLE%20recommendations_recommendation%3B--",
        None,
    ),
    "like wildcards": ("q=%25_%25", None),
    "regex and tsquery syntax": ("q=%26%7C%21%3A%2A%28%29%5B%5D%5C", None),
    "emoji and right-to-left text": ("q=%F0%9F%91%8D%E2%80%AE%D9%85%D8%B1%D8%AD%D8%A8%D8%A7", None),
    "page not a number": ("page=abc", NO_SUCH_PAGE),
    "page past the end": ("page=999", NO_SUCH_PAGE),
    "page with five thousand digits": ("page=" + "9" * 5000, NO_SUCH_PAGE),
    "negative page": ("page=-1", NO_SUCH_PAGE),
    "repeated keys": ("theme=1&theme=abc&q=a&q=b&page=1&page=x", None),
}

# Input that is searched for as it is, a page that does not exist, a criterion not understood.
HARMLESS_INPUT = {name: query for name, (query, message) in BAD_INPUT.items() if message is None}


PAGE_NOT_FOUND = {
    name: query for name, (query, message) in BAD_INPUT.items() if message == NO_SUCH_PAGE
}


CRITERIA_NOT_UNDERSTOOD = {
    name: (query, message)
    for name, (query, message) in BAD_INPUT.items()
    if message not in (None, NO_SUCH_PAGE)
}


def get_bad_input(client, query):
    """The list for a bad query: a page that answers, without a nul byte, changing nothing."""
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "\x00" not in content
    assert Recommendation.objects.count() == 5
    assert Transmission.objects.count() == 4
    return response, content, text_of(response)


@pytest.mark.parametrize("query", list(HARMLESS_INPUT.values()), ids=list(HARMLESS_INPUT))
def test_bad_input_answers_200_and_runs_nothing(client, five_followed, query):
    get_bad_input(client, query)


@pytest.mark.parametrize("query", list(PAGE_NOT_FOUND.values()), ids=list(PAGE_NOT_FOUND))
def test_a_page_that_does_not_exist_answers_200_with_page_1_and_says_so(
    client, five_followed, query
):
    _response, _content, page = get_bad_input(client, query)
    assert NO_SUCH_PAGE in page


@pytest.mark.parametrize(
    "query, message", list(CRITERIA_NOT_UNDERSTOOD.values()), ids=list(CRITERIA_NOT_UNDERSTOOD)
)
def test_a_criterion_not_understood_is_left_out_and_said_so(client, five_followed, query, message):
    _response, content, page = get_bad_input(client, query)
    assert message in page
    # The criterion not understood is left out, said so, and the other ones still apply.
    assert NOT_UNDERSTOOD in page
    assert 'aria-invalid="true"' in content
    assert "5 recommandations" in page


def test_nul_byte_is_dropped_from_the_search_and_the_rest_searched(client, five_followed):
    response = client.get(f"{LIST_URL}?q=pap%00iers")
    assert titles_in(response) == ["Démarches simplifiées"]
    assert 'value="papiers"' in response.content.decode()


def test_invalid_criterion_is_ignored_and_valid_ones_still_apply(client, five_followed):
    response = client.get(LIST_URL, {"recipient": "le-forem", "theme": "abc", "sort": "x"})
    # In the order of the references (which depend on the themes' numbers the factories gave).
    sent_to_forem = [five_followed["places"], five_followed["demarches"]]
    expected = [r.title for r in sorted(sent_to_forem, key=lambda r: r.reference)]
    assert titles_in(response) == expected
    assert NOT_UNDERSTOOD in text_of(response)


def test_script_in_the_search_is_shown_escaped(client, five_followed):
    response = client.get(LIST_URL, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in content


def test_a_ten_thousand_character_search_is_shortened_with_a_message(client, five_followed):
    response = client.get(LIST_URL, {"q": "formation " + "x" * 10_000})
    assert response.status_code == 200
    page = text_of(response)
    assert "Votre recherche était trop longue : seuls ses 200 premiers caractères" in page
    value = re.search(r'name="q" value="([^"]*)"', response.content.decode()).group(1)
    assert len(value) == 200
    assert "Aucune recommandation ne correspond" in page


def test_sql_looking_search_finds_nothing_and_drops_nothing(client, five_followed):
    response = client.get(LIST_URL, {"q": "'; DELETE FROM recommendations_recommendation; --"})
    assert response.status_code == 200
    assert Recommendation.objects.count() == 5
    response = client.get(LIST_URL, {"q": "' OR 1=1 --"})
    assert titles_in(response) == []
