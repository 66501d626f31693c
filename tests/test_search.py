"""The same search expectations on SQLite and on PostgreSQL: the list's « Rechercher » field.

Run this file with and without ``DATABASE_URL`` pointing at PostgreSQL: no test here is
skipped on either database.
"""

import re

import pytest

from recommendations.models import Recommendation
from tests.factories import (
    ConstatFactory,
    PisteFactory,
    QuestionFactory,
    RecommendationFactory,
    SolutionFactory,
    ThemeFactory,
)
from tests.pages import words_of
from tests.recommendation_list import LIST_URL, listed, text_of

pytestmark = pytest.mark.django_db

ENGLISH_LIST_URL = "/en" + LIST_URL


def references_in(response):
    return re.findall(r'<span class="reference">([^<]*)</span>', response.content.decode())


def search_page(client, q, url=LIST_URL, **params):
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200
    return response


@pytest.fixture
def trainings():
    """Three recommendations: one on a training, one on internships, one on paperwork."""
    theme = ThemeFactory(position=1)
    return {
        "formation": RecommendationFactory(
            theme=theme,
            title="Une formation qualifiante",
            statement="La mesure est réalisée depuis 2024.",
            title_en="A qualifying training",
        ),
        "stages": RecommendationFactory(
            theme=theme, title="Les stages en entreprise", statement="Des stages plus longs."
        ),
        "papiers": RecommendationFactory(
            theme=theme, title="Moins de papiers", statement="Simplifier les démarches."
        ),
    }


def test_singular_and_plural_find_the_same(client, trainings):
    assert listed(client, q="formation") == ["Une formation qualifiante"]
    assert listed(client, q="formations") == ["Une formation qualifiante"]
    assert listed(client, q="stage") == ["Les stages en entreprise"]
    assert listed(client, q="stages") == ["Les stages en entreprise"]


def test_accents_and_case_do_not_matter(client, trainings):
    for q in ("realisee", "RÉALISÉE", "Réalisee", "réalisée"):
        assert listed(client, q=q) == ["Une formation qualifiante"], q
    assert listed(client, q="DEMARCHES") == ["Moins de papiers"]


def test_every_word_must_be_found(client, trainings):
    assert listed(client, q="stages entreprise") == ["Les stages en entreprise"]
    assert listed(client, q="stages papiers") == []


def test_a_typo_finds_nothing_but_suggests_the_indexed_word(client, trainings):
    response = search_page(client, "fromation")
    assert references_in(response) == []
    assert "Vouliez-vous dire « formation » ?" in words_of(response)
    page = text_of(response)
    link = re.search(r'class="search-suggestion[^"]*">[^<]*<a href="\?([^"]*)"', page).group(1)
    assert link == "q=formation"
    assert listed(client, q="formation") == ["Une formation qualifiante"]


def test_a_suggestion_keeps_the_other_criteria_and_the_known_words(client, trainings):
    theme = trainings["stages"].theme
    response = search_page(client, "stages entrepirse", theme=theme.pk)
    assert "Vouliez-vous dire « stages entreprise » ?" in words_of(response)
    assert f'href="?q=stages+entreprise&theme={theme.pk}"' in text_of(response)


def test_no_suggestion_when_something_is_found(client, trainings):
    assert "Vouliez-vous dire" not in text_of(search_page(client, "formation"))


def test_a_word_only_in_a_constat_finds_the_passage_and_the_recommendation_built_on_it(
    client, trainings
):
    theme = ThemeFactory(position=2, slug="emploi")
    constat = ConstatFactory(
        theme=theme, position=4, text="Les employeurs craignent la mobilité des stagiaires."
    )
    built_on_it = RecommendationFactory(theme=theme, title="Aider les déplacements")
    built_on_it.constats.add(constat)

    response = search_page(client, "mobilite")
    page = text_of(response)
    assert references_in(response) == [built_on_it.reference]
    assert "Mots trouvés dans un constat du thème 2" in page
    assert "Dans le document des Assises" in page
    assert (
        '<a href="/themes/emploi/#constat-4">Constat du thème 2</a> : '
        '<span lang="fr-BE">Les employeurs craignent la mobilité des stagiaires.</span>'
    ) in page


def test_questions_solutions_and_pistes_of_the_document_are_found(client, trainings):
    theme = ThemeFactory(position=3, slug="logement")
    QuestionFactory(theme=theme, position=1, text="Comment trouver un logement abordable ?")
    solution = SolutionFactory(theme=theme, position=2, label="Un guichet logement")
    PisteFactory(theme=theme, position=5, text="Recenser les logements vacants.")
    from_solution = RecommendationFactory(theme=theme, title="Un guichet unique")
    from_solution.solutions.add(solution)

    page = text_of(search_page(client, "logements"))
    assert "Les mots se trouvent dans 3 passages du document." in page
    assert '<a href="/themes/logement/#question-1">Question vive du thème 3</a>' in page
    assert '<a href="/themes/logement/#solution-2">Solution du thème 3</a>' in page
    assert '<a href="/themes/logement/#piste-5">Piste à creuser du thème 3</a>' in page
    assert "Mots trouvés dans une solution du thème 3" in page
    assert listed(client, q="logements") == ["Un guichet unique"]


def test_the_recommendation_own_words_are_said_to_be_found_in_it(client, trainings):
    assert "Mots trouvés dans la recommandation" in text_of(search_page(client, "papiers"))


def test_an_english_word_is_found_on_english_pages_only(client, trainings):
    reference = trainings["formation"].reference
    assert references_in(search_page(client, "training", url=ENGLISH_LIST_URL)) == [reference]
    assert references_in(search_page(client, "trainings", url=ENGLISH_LIST_URL)) == [reference]
    assert references_in(search_page(client, "training")) == []
    # French words still find, and the document stays French, on English pages.
    assert references_in(search_page(client, "formations", url=ENGLISH_LIST_URL)) == [reference]


def test_search_combines_with_the_filters(client, trainings):
    other_theme = ThemeFactory(position=2)
    RecommendationFactory(theme=other_theme, title="Une autre formation")
    both = ["Une formation qualifiante", "Une autre formation"]
    assert sorted(listed(client, q="formation")) == sorted(both)
    assert listed(client, q="formation", theme=other_theme.pk) == ["Une autre formation"]
    assert listed(client, q="formation", stage="validee") == []


def test_the_index_follows_every_change_of_the_text(client, trainings):
    recommendation = trainings["papiers"]
    recommendation.title = "Moins de formulaires"
    recommendation.save()
    assert listed(client, q="formulaires") == ["Moins de formulaires"]
    assert listed(client, q="papiers") == []
    Recommendation.objects.filter(pk=recommendation.pk).update(statement="Un guichet unique.")
    assert listed(client, q="guichet") == ["Moins de formulaires"]
    assert listed(client, q="demarches") == []


def test_words_that_are_not_words_find_nothing_and_break_nothing(client, trainings):
    for q in ['"', "*", "formation NOT", "AND OR", "-", "{title}: x", "NEAR(a b)", "'; --"]:
        assert search_page(client, q).status_code == 200, q
