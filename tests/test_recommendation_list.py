"""The public list: filters, search, sort and pages that a visitor can share by their URL."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Event, Recipient, Recommendation, Transmission
from tests.conftest import is_postgresql
from tests.factories import RecipientFactory, RecommendationFactory, ThemeFactory, days_ago
from themes.models import Solution, Theme

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer
LIST_URL = reverse("recommendations:list")


def text_of(response):
    return " ".join(html.unescape(response.content.decode()).split())


def words_of(response):
    """What a reader sees: the text without its tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def titles_in(response):
    """The titles of the listed recommendations, in the order shown."""
    return [
        html.unescape(title).strip()
        for title in re.findall(
            r'<span class="reference">[^<]*</span>([^<]*)</a></h3>', response.content.decode()
        )
    ]


def listed(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return titles_in(response)


@pytest.fixture
def followed(coordinator):
    """Five recommendations at different points of their follow-up.

    - « Places en formation » (theme 1): the Forem answered « accueillie en partie », the ONEM has
      been silent past its deadline for 75 days.
    - « Démarches simplifiées » (theme 2): sent to the Forem 10 days ago, still within the delay;
      implementation under way.
    - « Compétences reconnues » (theme 2): validated, not sent.
    - « Mobilité des stagiaires » (theme 2): only formulated; its solution speaks of « permis ».
    - « Accueil des jeunes » (theme 1): refused by the ONEM; its statement mentions formation.
    """
    first, second = ThemeFactory(), ThemeFactory()
    forem = RecipientFactory(slug="le-forem", name="Le Forem")
    onem = RecipientFactory(slug="onem", name="ONEM", level=Recipient.Level.FEDERAL)
    made = {}

    made["places"] = places = RecommendationFactory(
        theme=first, title="Places en formation", statement="Ouvrir des places."
    )
    services.validate(places, validated_on=days_ago(120), reason="Validée.", by=coordinator)
    answered = services.transmit(
        places, recipient=forem, sent_on=days_ago(100), reason="Envoi.", by=coordinator
    )
    services.transmit(places, recipient=onem, sent_on=days_ago(75), reason="Envoi.", by=coordinator)
    services.record_answer(
        answered,
        answer=Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(40),
        reason="Courrier du Forem.",
        by=coordinator,
    )

    made["demarches"] = demarches = RecommendationFactory(
        theme=second, title="Démarches simplifiées", statement="Moins de papiers."
    )
    services.validate(demarches, validated_on=days_ago(30), reason="Validée.", by=coordinator)
    services.transmit(
        demarches, recipient=forem, sent_on=days_ago(10), reason="Envoi.", by=coordinator
    )
    services.record_implementation(
        demarches, status="en_cours", effective_on=days_ago(5), reason="Débuté.", by=coordinator
    )

    made["competences"] = competences = RecommendationFactory(
        theme=second, title="Compétences reconnues", statement="Reconnaître l’expérience."
    )
    services.validate(competences, validated_on=days_ago(2), reason="Validée.", by=coordinator)

    made["mobilite"] = mobilite = RecommendationFactory(
        theme=second, title="Mobilité des stagiaires", statement="Aider à se déplacer."
    )
    mobilite.solutions.add(
        Solution.objects.create(theme=second, position=1, label="Financer le permis de conduire")
    )

    made["accueil"] = accueil = RecommendationFactory(
        theme=first, title="Accueil des jeunes", statement="Un temps de formation à l’accueil."
    )
    services.validate(accueil, validated_on=days_ago(300), reason="Validée.", by=coordinator)
    refused = services.transmit(
        accueil, recipient=onem, sent_on=days_ago(250), reason="Envoi.", by=coordinator
    )
    services.record_answer(
        refused, answer=Answer.REFUSED, answered_on=days_ago(200), reason="Refus.", by=coordinator
    )
    made["themes"] = (first, second)
    return made


def test_list_shows_each_recommendation_with_both_statuses_recipients_and_last_update(
    client, followed
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


def test_filter_by_theme_stage_and_implementation(client, followed):
    first, second = followed["themes"]
    assert listed(client, theme=first.pk) == ["Places en formation", "Accueil des jeunes"]
    assert listed(client, theme=second.pk, stage="validee") == ["Compétences reconnues"]
    assert listed(client, implementation="en_cours") == ["Démarches simplifiées"]
    assert listed(client, stage="formulee") == ["Mobilité des stagiaires"]


def test_filter_by_recipient_uses_its_slug(client, followed):
    assert listed(client, recipient="le-forem") == ["Places en formation", "Démarches simplifiées"]
    assert listed(client, recipient="onem") == ["Places en formation", "Accueil des jeunes"]


def test_filter_by_current_answer_with_sans_reponse_for_overdue(client, followed):
    assert listed(client, answer="accueillie_en_partie") == ["Places en formation"]
    assert listed(client, answer="refusee") == ["Accueil des jeunes"]
    assert listed(client, answer="sans_reponse") == ["Places en formation"]
    # « En attente » is what the public reads before the deadline; past it, « sans réponse ».
    assert listed(client, answer="en_attente") == ["Démarches simplifiées"]
    assert listed(client, overdue="on") == ["Places en formation"]


def test_recipient_and_answer_describe_the_same_transmission(client, followed):
    assert listed(client, recipient="onem", answer="sans_reponse") == ["Places en formation"]
    assert listed(client, recipient="le-forem", answer="sans_reponse") == []
    assert listed(client, recipient="le-forem", overdue="on") == []
    assert listed(client, recipient="onem", answer="refusee") == ["Accueil des jeunes"]


def test_recommendation_listed_once_whatever_the_joins(client, followed, coordinator):
    places = followed["places"]
    for position in (2, 3):
        places.solutions.add(
            Solution.objects.create(
                theme=places.theme, position=position, label=f"Former plus {position}"
            )
        )
    assert listed(client, q="former", recipient="onem") == ["Places en formation"]
    assert listed(client, sort="mise-a-jour").count("Places en formation") == 1


def test_free_text_searches_title_statement_reference_and_solutions(client, followed):
    assert listed(client, q="DÉMARCHES") == ["Démarches simplifiées"]
    assert listed(client, q="papiers") == ["Démarches simplifiées"]
    assert listed(client, q="permis") == ["Mobilité des stagiaires"]
    assert listed(client, q=followed["competences"].reference) == ["Compétences reconnues"]
    found = listed(client, q="formation")
    assert set(found) == {"Places en formation", "Accueil des jeunes"}


def test_search_and_filters_combine(client, followed):
    first, _ = followed["themes"]
    assert listed(client, q="formation", answer="refusee") == ["Accueil des jeunes"]
    assert listed(client, q="formation", theme=first.pk, stage="formulee") == []


def test_default_order_is_by_reference(client, followed):
    assert listed(client) == listed(client, sort="reference")
    references = list(Recommendation.objects.order_by("reference").values_list("title", flat=True))
    assert listed(client) == references


def test_sort_by_last_update_newest_first(client, followed):
    # Latest dated events: compétences 2 days ago, démarches 5, places 40, accueil 200;
    # mobilité has only its undated formulation and comes last.
    assert listed(client, sort="mise-a-jour") == [
        "Compétences reconnues",
        "Démarches simplifiées",
        "Places en formation",
        "Accueil des jeunes",
        "Mobilité des stagiaires",
    ]


def test_sort_by_waiting_time_longest_first_nothing_pending_last(client, followed):
    titles = listed(client, sort="attente")
    assert titles[:2] == ["Places en formation", "Démarches simplifiées"]
    waiting_nothing = [followed[k] for k in ("competences", "mobilite", "accueil")]
    assert titles[2:] == [r.title for r in sorted(waiting_nothing, key=lambda r: r.reference)]


def test_form_keeps_the_chosen_values(client, followed):
    page = client.get(
        LIST_URL, {"recipient": "onem", "answer": "sans_reponse", "overdue": "on", "q": "places"}
    ).content.decode()
    assert '<option value="onem" selected>ONEM</option>' in page
    assert '<option value="sans_reponse" selected>' in page
    assert re.search(r'<input type="checkbox" name="overdue"[^>]* checked>', page)
    assert 'value="places"' in page


def test_every_field_has_a_label_and_the_form_is_a_get_form(client, followed):
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
    for _ in range(55):
        RecommendationFactory(theme=theme)
    RecommendationFactory()
    response = client.get(LIST_URL, {"theme": theme.pk, "stage": "formulee", "sort": "reference"})
    page = html.unescape(response.content.decode())
    assert "55 recommandations — page 1 sur 2" in page
    assert f'href="?theme={theme.pk}&stage=formulee&sort=reference&page=2"' in page
    second = client.get(
        LIST_URL, {"theme": theme.pk, "stage": "formulee", "sort": "reference", "page": 2}
    )
    assert len(titles_in(second)) == 5
    assert "page 2 sur 2" in text_of(second)
    assert f'href="?theme={theme.pk}&stage=formulee&sort=reference&page=1"' in html.unescape(
        second.content.decode()
    )


def test_count_is_singular_for_one(client, followed):
    assert "1 recommandation" in text_of(client.get(LIST_URL, {"q": "papiers"}))
    assert "1 recommandations" not in text_of(client.get(LIST_URL, {"q": "papiers"}))


def test_empty_result_says_so_and_offers_to_reset(client, followed):
    response = client.get(LIST_URL, {"recipient": "le-forem", "answer": "refusee"})
    page = text_of(response)
    assert '<p class="results-count" role="status">Aucune recommandation</p>' in page
    assert "Aucune recommandation ne correspond à ces critères." in page
    assert (
        f'<a class="btn btn-outline-primary" href="{LIST_URL}">Réinitialiser les filtres</a>'
        in (page)
    )
    assert titles_in(response) == []


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


@pytest.mark.parametrize("query, message", list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_input_answers_200_with_a_message_and_runs_nothing(client, followed, query, message):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    content = response.content.decode()
    page = text_of(response)
    assert "\x00" not in content
    if message:
        assert message in page
    if message and message != NO_SUCH_PAGE:
        # The criterion not understood is left out, said so, and the other ones still apply.
        assert NOT_UNDERSTOOD in page
        assert 'aria-invalid="true"' in content
        assert "5 recommandations" in page
    assert Recommendation.objects.count() == 5
    assert Transmission.objects.count() == 4


def test_nul_byte_is_dropped_from_the_search_and_the_rest_searched(client, followed):
    response = client.get(f"{LIST_URL}?q=pap%00iers")
    assert titles_in(response) == ["Démarches simplifiées"]
    assert 'value="papiers"' in response.content.decode()


def test_invalid_criterion_is_ignored_and_valid_ones_still_apply(client, followed):
    response = client.get(LIST_URL, {"recipient": "le-forem", "theme": "abc", "sort": "x"})
    assert titles_in(response) == ["Places en formation", "Démarches simplifiées"]
    assert NOT_UNDERSTOOD in text_of(response)


def test_script_in_the_search_is_shown_escaped(client, followed):
    response = client.get(LIST_URL, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in content


def test_a_ten_thousand_character_search_is_shortened_with_a_message(client, followed):
    response = client.get(LIST_URL, {"q": "formation " + "x" * 10_000})
    assert response.status_code == 200
    page = text_of(response)
    assert "Votre recherche était trop longue : seuls ses 200 premiers caractères" in page
    value = re.search(r'name="q" value="([^"]*)"', response.content.decode()).group(1)
    assert len(value) == 200
    assert "Aucune recommandation ne correspond" in page


def test_sql_looking_search_finds_nothing_and_drops_nothing(client, followed):
    response = client.get(LIST_URL, {"q": "'; DELETE FROM recommendations_recommendation; --"})
    assert response.status_code == 200
    assert Recommendation.objects.count() == 5
    response = client.get(LIST_URL, {"q": "' OR 1=1 --"})
    assert titles_in(response) == []


def follow_document(coordinator):
    """Move the document's 33 recommendations along through the services.

    Each is sent to three recipients: one answered, one waiting within the delay, one overdue;
    every other one is under way.
    """
    recipients = list(Recipient.objects.order_by("slug")[:3])
    for index, recommendation in enumerate(Recommendation.objects.order_by("reference")):
        services.validate(recommendation, validated_on=days_ago(120), reason="ok", by=coordinator)
        sent = [
            services.transmit(
                recommendation,
                recipient=recipient,
                sent_on=days_ago(days),
                reason="ok",
                by=coordinator,
            )
            for recipient, days in zip(recipients, [100, 10, 90], strict=True)
        ]
        services.record_answer(
            sent[0], answer=Answer.ACCEPTED, answered_on=days_ago(5), reason="ok", by=coordinator
        )
        if index % 2:
            services.record_implementation(
                recommendation,
                status="en_cours",
                effective_on=days_ago(3),
                reason="ok",
                by=coordinator,
            )


def grow(factor):
    """Add (factor - 1) × 33 recommendations, each with three transmissions and 12 events."""
    today = timezone.localdate()
    themes = list(Theme.objects.order_by("position"))
    recipients = list(Recipient.objects.order_by("slug")[:3])
    extra = []
    for index in range(33 * (factor - 1)):
        theme = themes[index % len(themes)]
        extra.append(
            Recommendation(
                theme=theme,
                position=100 + index,
                reference=f"R{theme.position}.{100 + index}",
                title=f"Recommandation supplémentaire sur la formation {index}",
                statement="Énoncé supplémentaire.",
                stage=Recommendation.Stage.TRANSMITTED,
                implementation=Recommendation.Implementation.IN_PROGRESS,
            )
        )
    transmissions, events = [], []
    for recommendation in Recommendation.objects.bulk_create(extra):
        for recipient, answer, days in zip(
            recipients,
            [Answer.ACCEPTED, Answer.PENDING, Answer.PENDING],
            [100, 10, 90],
            strict=True,
        ):
            sent_on = today - datetime.timedelta(days=days)
            transmissions.append(
                Transmission(
                    recommendation=recommendation,
                    recipient=recipient,
                    sent_on=sent_on,
                    response_due=sent_on + datetime.timedelta(days=60),
                    answer=answer,
                    answered_on=None if answer == Answer.PENDING else days_ago(5),
                )
            )
        for sequence in range(1, 13):
            events.append(
                Event(
                    recommendation=recommendation,
                    sequence=sequence,
                    axis=Event.Axis.IMPLEMENTATION,
                    from_value="en_cours",
                    to_value="bloquee" if sequence % 2 else "en_cours",
                    effective_on=today - datetime.timedelta(days=200 - sequence),
                    reason=f"Événement {sequence}",
                )
            )
    Transmission.objects.bulk_create(transmissions)
    Event.objects.bulk_create(events)


QUERY_COUNT_URLS = {
    "plain": {},
    "theme and stage": {"theme": "THEME", "stage": "transmise"},
    "recipient and answer": {"recipient": "RECIPIENT", "answer": "accueillie"},
    "overdue sorted by waiting": {"overdue": "on", "sort": "attente"},
    "sans réponse by update": {"answer": "sans_reponse", "sort": "mise-a-jour"},
    "search": {"q": "formation"},
    "search and filters": {"q": "formation", "implementation": "en_cours", "answer": "en_attente"},
    "bad values": {"theme": "abc", "sort": "drop table", "page": "999"},
}


def count_queries(client, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert titles_in(response), params
    return len(context.captured_queries)


def test_list_runs_the_same_number_of_queries_with_ten_times_the_data(
    client, document, coordinator
):
    follow_document(coordinator)
    theme = Theme.objects.order_by("position").first()
    recipient = Recipient.objects.order_by("slug").first()

    def urls():
        return {
            name: {
                key: {"THEME": theme.pk, "RECIPIENT": recipient.slug}.get(value, value)
                for key, value in params.items()
            }
            for name, params in QUERY_COUNT_URLS.items()
        }

    small = {name: count_queries(client, params) for name, params in urls().items()}
    grow(10)
    assert Recommendation.objects.count() == 330
    assert Event.objects.count() > 297 * 12
    large = {name: count_queries(client, params) for name, params in urls().items()}
    assert large == small
    assert max(large.values()) <= 15, large


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
@pytest.mark.skipif(not is_postgresql(), reason="websearch syntax is PostgreSQL's")
def test_search_understands_quotes_and_minus(client):
    RecommendationFactory(title="Formation des jeunes", statement="Énoncé.")
    RecommendationFactory(title="Formation des adultes", statement="Énoncé.")
    assert listed(client, q="formation -jeunes") == ["Formation des adultes"]
    assert listed(client, q='"formation des jeunes"') == ["Formation des jeunes"]


def test_filter_and_sort_by_support_of_organisations(client, followed):
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
    page = words_of(client.get(LIST_URL, {"supported": "on"}))
    assert "Soutenue par 2 organisations" in page
    assert "Soutenue par 1 organisation " in page + " "
