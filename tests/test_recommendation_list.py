"""The public list: filters, search, sort and pages that a visitor can share by their URL."""

import html
import re

import pytest

from recommendations.models import Recommendation, Transmission
from recommendations.views import RecommendationListView
from tests.conftest import is_postgresql
from tests.factories import RecommendationFactory, ThemeFactory, days_ago
from tests.recommendation_list import LIST_URL, listed, text_of, titles_in, words_of
from themes.models import Solution

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


def test_list_shows_each_recommendation_with_both_statuses_recipients_and_last_update(
    client, five_followed
):
    response = client.get(LIST_URL)
    assert '<p class="results-count" role="status">5 recommandations</p>' in text_of(response)
    page = words_of(response)
    places = page[page.index("Places en formation") : page.index("Démarches simplifiées")]
    assert "Étape : transmise" in places
    assert "Mise en œuvre : non évaluée" in places
    assert "Le Forem : accueillie en partie" in places
    assert "ONEM : sans réponse 75 jours d’attente" in places
    assert "Dernière mise à jour : " in places
    assert f'datetime="{days_ago(40).isoformat()}"' in text_of(response)
    demarches = page[page.index("Démarches simplifiées") : page.index("Compétences reconnues")]
    assert "Mise en œuvre : en cours" in demarches
    assert "Le Forem : en attente envoyée il y a 10 jours" in demarches
    assert "Pas encore transmise à une autorité." in page
    assert "Pas encore de suivi daté." in page


def test_filter_by_theme_stage_and_implementation(client, five_followed):
    first, second = five_followed["themes"]
    assert listed(client, theme=first.pk) == ["Places en formation", "Accueil des jeunes"]
    assert listed(client, theme=second.pk, stage="validee") == ["Compétences reconnues"]
    assert listed(client, implementation="en_cours") == ["Démarches simplifiées"]
    assert listed(client, stage="formulee") == ["Mobilité des stagiaires"]


def test_filter_by_recipient_uses_its_slug(client, five_followed):
    assert listed(client, recipient="le-forem") == ["Places en formation", "Démarches simplifiées"]
    assert listed(client, recipient="onem") == ["Places en formation", "Accueil des jeunes"]


def test_filter_by_current_answer_with_sans_reponse_for_overdue(client, five_followed):
    assert listed(client, answer="accueillie_en_partie") == ["Places en formation"]
    assert listed(client, answer="refusee") == ["Accueil des jeunes"]
    assert listed(client, answer="sans_reponse") == ["Places en formation"]
    # « En attente » is what the public reads before the deadline; past it, « sans réponse ».
    assert listed(client, answer="en_attente") == ["Démarches simplifiées"]
    assert listed(client, overdue="on") == ["Places en formation"]


def test_recipient_and_answer_describe_the_same_transmission(client, five_followed):
    assert listed(client, recipient="onem", answer="sans_reponse") == ["Places en formation"]
    assert listed(client, recipient="le-forem", answer="sans_reponse") == []
    assert listed(client, recipient="le-forem", overdue="on") == []
    assert listed(client, recipient="onem", answer="refusee") == ["Accueil des jeunes"]


def test_recommendation_listed_once_whatever_the_joins(client, five_followed, coordinator):
    places = five_followed["places"]
    for position in (2, 3):
        places.solutions.add(
            Solution.objects.create(
                theme=places.theme, position=position, label=f"Former plus {position}"
            )
        )
    assert listed(client, q="former", recipient="onem") == ["Places en formation"]
    assert listed(client, sort="mise-a-jour").count("Places en formation") == 1


def test_free_text_searches_title_statement_reference_and_solutions(client, five_followed):
    assert listed(client, q="DÉMARCHES") == ["Démarches simplifiées"]
    assert listed(client, q="papiers") == ["Démarches simplifiées"]
    assert listed(client, q="permis") == ["Mobilité des stagiaires"]
    assert listed(client, q=five_followed["competences"].reference) == ["Compétences reconnues"]
    found = listed(client, q="formation")
    assert set(found) == {"Places en formation", "Accueil des jeunes"}


def test_search_and_filters_combine(client, five_followed):
    first, _ = five_followed["themes"]
    assert listed(client, q="formation", answer="refusee") == ["Accueil des jeunes"]
    assert listed(client, q="formation", theme=first.pk, stage="formulee") == []


def test_default_order_is_by_reference(client, five_followed):
    assert listed(client) == listed(client, sort="reference")
    references = list(Recommendation.objects.order_by("reference").values_list("title", flat=True))
    assert listed(client) == references


def test_sort_by_last_update_newest_first(client, five_followed):
    # Latest dated events: compétences 2 days ago, démarches 5, places 40, accueil 200;
    # mobilité has only its undated formulation and comes last.
    assert listed(client, sort="mise-a-jour") == [
        "Compétences reconnues",
        "Démarches simplifiées",
        "Places en formation",
        "Accueil des jeunes",
        "Mobilité des stagiaires",
    ]


def test_sort_by_waiting_time_longest_first_nothing_pending_last(client, five_followed):
    titles = listed(client, sort="attente")
    assert titles[:2] == ["Places en formation", "Démarches simplifiées"]
    waiting_nothing = [five_followed[k] for k in ("competences", "mobilite", "accueil")]
    assert titles[2:] == [r.title for r in sorted(waiting_nothing, key=lambda r: r.reference)]


def test_form_keeps_the_chosen_values(client, five_followed):
    page = client.get(
        LIST_URL, {"recipient": "onem", "answer": "sans_reponse", "overdue": "on", "q": "places"}
    ).content.decode()
    assert '<option value="onem" selected>ONEM</option>' in page
    assert '<option value="sans_reponse" selected>' in page
    assert re.search(r'<input type="checkbox" name="overdue"[^>]* checked>', page)
    assert 'value="places"' in page


def test_every_field_has_a_label_and_the_form_is_a_get_form(client, five_followed):
    page = client.get(LIST_URL).content.decode()
    form = page[page.index('<form method="get"') : page.index("</form>")]
    names = re.findall(r'<(?:input|select)[^>]*name="([^"]+)"[^>]*id="([^"]+)"', form)
    assert {name for name, _ in names} == {
        "q",
        "theme",
        "stage",
        "implementation",
        "recipient",
        "answer",
        "overdue",
        "sort",
    }
    for _, field_id in names:
        assert f'for="{field_id}"' in form
    assert "Filtrer" in form and "Réinitialiser" in form


def test_pagination_links_keep_the_filters(client, coordinator):
    theme = ThemeFactory()
    per_page = RecommendationListView.paginate_by
    # One more than the last page may hold: the rest makes a second page.
    total = per_page + RecommendationListView.paginate_orphans + 1
    for _ in range(total):
        RecommendationFactory(theme=theme)
    RecommendationFactory()
    response = client.get(LIST_URL, {"theme": theme.pk, "stage": "formulee", "sort": "reference"})
    page = html.unescape(response.content.decode())
    assert len(titles_in(response)) == per_page
    assert f"{total} recommandations — page 1 sur 2" in page
    assert f'href="?theme={theme.pk}&stage=formulee&sort=reference&page=2"' in page
    second = client.get(
        LIST_URL, {"theme": theme.pk, "stage": "formulee", "sort": "reference", "page": 2}
    )
    assert len(titles_in(second)) == total - per_page
    assert "page 2 sur 2" in text_of(second)
    assert f'href="?theme={theme.pk}&stage=formulee&sort=reference&page=1"' in html.unescape(
        second.content.decode()
    )


def test_count_is_singular_for_one(client, five_followed):
    assert "1 recommandation" in text_of(client.get(LIST_URL, {"q": "papiers"}))
    assert "1 recommandations" not in text_of(client.get(LIST_URL, {"q": "papiers"}))


def test_empty_result_says_so_and_offers_to_reset(client, five_followed):
    response = client.get(LIST_URL, {"recipient": "le-forem", "answer": "refusee"})
    page = text_of(response)
    assert '<p class="results-count" role="status">Aucune recommandation</p>' in page
    assert "Aucune recommandation ne correspond à ces critères." in page
    assert (
        f'<a class="btn btn-outline-primary" href="{LIST_URL}">Réinitialiser les filtres</a>'
        in (page)
    )
    assert titles_in(response) == []


def test_search_ignores_accents_and_case_on_every_database(client):
    RecommendationFactory(title="Un suivi", statement="La mesure est réalisée depuis 2024.")
    RecommendationFactory(title="Autre chose", statement="Rien à voir.")
    assert listed(client, q="realisee") == ["Un suivi"]
    assert listed(client, q="RÉALISÉE") == ["Un suivi"]
    assert listed(client, q="Réalisee") == ["Un suivi"]


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgresql(), reason="French stemming needs PostgreSQL")
def test_search_uses_french_stemming(client):
    RecommendationFactory(title="Une formation qualifiante", statement="Énoncé.")
    RecommendationFactory(title="Les stages", statement="Énoncé.")
    assert listed(client, q="formations") == ["Une formation qualifiante"]
    assert listed(client, q="stage") == ["Les stages"]


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgresql(), reason="Ranking needs PostgreSQL full-text search")
def test_search_ranks_a_title_match_above_a_statement_match(client):
    theme = ThemeFactory()
    RecommendationFactory(
        theme=theme, position=1, title="Accompagner", statement="Un mot sur la mobilité."
    )
    RecommendationFactory(theme=theme, position=2, title="La mobilité", statement="Énoncé.")
    assert listed(client, q="mobilite") == ["La mobilité", "Accompagner"]
    # An explicit sort wins over the rank.
    assert listed(client, q="mobilite", sort="reference") == ["Accompagner", "La mobilité"]


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgresql(), reason="Ranking needs PostgreSQL full-text search")
def test_search_lists_its_own_matches_before_those_found_through_the_document(client):
    """Found only through a solution it comes from, a recommendation comes after those whose
    own words match, even when its own words would rank it high without matching (« -x »)."""
    theme = ThemeFactory()
    solution = Solution.objects.create(theme=theme, position=1, label="Un emploi pour chacun")
    through_solution = RecommendationFactory(
        theme=theme, position=1, title="L’emploi et la formation", statement="Emploi, emploi."
    )
    through_solution.solutions.add(solution)
    RecommendationFactory(theme=theme, position=2, title="Un mot", statement="Sur l’emploi.")
    assert listed(client, q="emploi -formation") == ["Un mot", "L’emploi et la formation"]


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgresql(), reason="websearch syntax is PostgreSQL's")
def test_search_understands_quotes_and_minus(client):
    RecommendationFactory(title="Formation des jeunes", statement="Énoncé.")
    RecommendationFactory(title="Formation des adultes", statement="Énoncé.")
    assert listed(client, q="formation -jeunes") == ["Formation des adultes"]
    assert listed(client, q='"formation des jeunes"') == ["Formation des jeunes"]


def test_filter_and_sort_by_support_of_organisations(client, five_followed):
    from discussion import services as discussion
    from partners.models import Profile
    from tests.factories import UserFactory
    from themes.models import Organisation

    def partner_of(slug):
        organisation = Organisation.objects.create(slug=slug, name=slug.upper(), kind="cisp")
        user = UserFactory(groups=["Partenaires"])
        Profile.objects.create(user=user, organisation=organisation)
        return user

    first, second = partner_of("org-a"), partner_of("org-b")
    places = Recommendation.objects.get(title="Places en formation")
    mobility = Recommendation.objects.get(title="Mobilité des stagiaires")
    discussion.cosign(recommendation=places, by=first)
    discussion.cosign(recommendation=places, by=second)
    discussion.cosign(recommendation=mobility, by=first)

    assert listed(client, supported="on") == ["Places en formation", "Mobilité des stagiaires"]
    assert listed(client, sort="soutien")[:2] == ["Places en formation", "Mobilité des stagiaires"]
    both = listed(client, supported="on", sort="soutien")
    assert both == ["Places en formation", "Mobilité des stagiaires"]
    page = words_of(client.get(LIST_URL, {"supported": "on"}))
    assert "Soutenue par 2 organisations" in page
    assert "Soutenue par 1 organisation " in page + " "


def test_two_filter_sets_at_once_each_keep_their_own_search(five_followed):
    """Each request's filters are its own (they are copied one level deep, not deep-copied):
    two searches drawn side by side, as two threads of one worker do, keep apart."""
    from recommendations.filters import RecommendationFilter

    places = RecommendationFilter({"q": "places"}, queryset=Recommendation.objects.all())
    youth = RecommendationFilter({"q": "jeunes"}, queryset=Recommendation.objects.all())
    assert [r.title for r in youth.qs] == ["Accueil des jeunes"]
    assert [r.title for r in places.qs] == ["Places en formation"]
    assert places.search_result.text == "places"
    assert youth.search_result.text == "jeunes"
    assert places.filters["q"] is not youth.filters["q"]
    assert places.filters["q"].parent is places


def test_a_refused_filter_is_marked_on_its_page_only(client, five_followed):
    """Each page's filter form has its own fields: a criterion refused on one page is marked
    there, and never on the next reader's page."""
    first, _second = five_followed["themes"]
    refused = text_of(client.get(LIST_URL, {"theme": "999999", "q": "un"}))
    start = refused.index('<select name="theme"')
    select = refused[start : refused.index("</select>", start)]
    assert "is-invalid" in select
    assert 'aria-describedby="id_theme_error"' in select
    assert "Certains critères n’ont pas été compris" in refused
    clean = text_of(client.get(LIST_URL, {"theme": str(first.pk), "q": "deux"}))
    assert "is-invalid" not in clean
    assert "id_theme_error" not in clean
    assert f'<option value="{first.pk}" selected>' in clean
