"""The follow-up as visitors and coordinators see it, and who may change it through the site."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Event, Recipient, Recommendation, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, ThemeFactory, days_ago
from tests.pages import text_of

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


def test_every_recommendation_of_the_document_has_its_public_page(client, document):
    recommendations = list(Recommendation.objects.order_by("reference"))
    assert len(recommendations) == 33
    listing = text_of(client.get(reverse("recommendations:list")))
    assert "33 recommandations" in listing and "page 1 sur" not in listing
    for recommendation in recommendations:
        assert f'href="{recommendation.get_absolute_url()}"' in listing
        page = text_of(client.get(recommendation.get_absolute_url()))
        assert f'<h1 lang="fr-BE">{recommendation.title}</h1>' in page
        assert f"Recommandation {recommendation.reference}" in page
        assert "Étape :</span> formulée" in page
        assert "Mise en œuvre :</span> non évaluée" in page
        assert "Pas encore transmise à une autorité." in page
        assert "Formulée lors de la journée des Assises de l’Insertion en Wallonie picarde." in page
        solution = recommendation.solutions.get()
        assert f'href="{solution.get_absolute_url()}"' in page


def test_recommendation_page_links_back_to_its_constats_and_pistes(client, document):
    recommendation = Recommendation.objects.get(reference="R4.05")
    page = text_of(client.get(recommendation.get_absolute_url()))
    for constat in recommendation.constats.all():
        assert f'href="{constat.get_absolute_url()}"' in page
    piste = recommendation.pistes.get()
    assert "label régional" in piste.text
    assert f'href="{piste.get_absolute_url()}"' in page


@pytest.fixture
def followed(coordinator):
    """A recommendation sent to two recipients: one answered, one silent past its deadline."""
    recommendation = RecommendationFactory(title="Augmenter les places en formation")
    forem = RecipientFactory(name="Le Forem")
    onem = RecipientFactory(name="ONEM", level=Recipient.Level.FEDERAL)
    services.validate(recommendation, validated_on=days_ago(120), reason="Validée.", by=coordinator)
    answered = services.transmit(
        recommendation, recipient=forem, sent_on=days_ago(100), reason="Envoi.", by=coordinator
    )
    services.transmit(
        recommendation, recipient=onem, sent_on=days_ago(75), reason="Envoi.", by=coordinator
    )
    services.record_answer(
        answered,
        answer=Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(40),
        summary="Le Forem ouvrira 20 places.",
        proof_url="https://example.org/reponse-forem.pdf",
        reason="Courrier du Forem.",
        by=coordinator,
    )
    return recommendation


def test_page_shows_answers_waiting_clock_and_dated_history(client, followed):
    page = " ".join(text_of(client.get(followed.get_absolute_url())).split())
    assert "Le Forem" in page
    assert "accueillie en partie" in page
    assert "Le Forem ouvrira 20 places." in page
    assert 'href="https://example.org/reponse-forem.pdf"' in page
    assert "sans réponse" in page
    assert "75 jours d’attente" in page
    assert days_ago(40).strftime("%Y") in page
    assert "Courrier du Forem." in page
    assert "Réponse : en attente → accueillie en partie" in page


def test_list_filters_by_stage_and_implementation_in_the_url(client, followed):
    page = text_of(client.get(reverse("recommendations:list"), {"stage": "transmise"}))
    assert "1 recommandation" in page
    assert followed.title in page
    page = text_of(client.get(reverse("recommendations:list"), {"stage": "inconnue"}))
    assert "Sélectionnez un choix valide" in page


# The confirmation page's button: without it, a coordination form only shows what it would publish.
CONFIRM = {"confirm": "1"}

ACTIONS = {
    "validate": lambda r, t, rec: (
        reverse("recommendations:validate", args=[r.reference]),
        {"validated_on": days_ago(1).isoformat(), "reason": "Validée en réunion.", **CONFIRM},
    ),
    "transmit": lambda r, t, rec: (
        reverse("recommendations:transmit", args=[r.reference]),
        {"recipients": [rec.pk], "sent_on": days_ago(1).isoformat(), "reason": "Envoi.", **CONFIRM},
    ),
    "answer": lambda r, t, rec: (
        reverse("recommendations:answer", args=[r.reference, t.pk]),
        {
            "answer": Answer.REFUSED,
            "answered_on": days_ago(1).isoformat(),
            "reason": "Refus.",
            **CONFIRM,
        },
    ),
    "implementation": lambda r, t, rec: (
        reverse("recommendations:implementation", args=[r.reference]),
        {
            "status": "en_cours",
            "effective_on": days_ago(1).isoformat(),
            "reason": "Débuté.",
            **CONFIRM,
        },
    ),
}


@pytest.fixture
def targets(coordinator):
    """One recommendation ready for each action."""
    draft = RecommendationFactory()
    sent = RecommendationFactory()
    services.validate(sent, validated_on=days_ago(10), reason="ok", by=coordinator)
    transmission = services.transmit(
        sent, recipient=RecipientFactory(), sent_on=days_ago(5), reason="ok", by=coordinator
    )
    return {"draft": draft, "sent": sent, "transmission": transmission}


def action_request(action, targets):
    recommendation = targets["draft"] if action == "validate" else targets["sent"]
    return ACTIONS[action](recommendation, targets["transmission"], RecipientFactory())


def assert_forbidden_and_nothing_changed(client, action, targets):
    url, data = action_request(action, targets)
    events, transmissions = Event.objects.count(), Transmission.objects.count()
    response = client.post(url, data)
    assert response.status_code == 403
    assert "Accès refusé" in text_of(response)
    assert (Event.objects.count(), Transmission.objects.count()) == (events, transmissions)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_anonymous_post_gets_403_and_changes_nothing(client, targets, action):
    assert_forbidden_and_nothing_changed(client, action, targets)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_partner_post_gets_403_and_changes_nothing(client, targets, partner, action):
    client.force_login(partner)
    assert_forbidden_and_nothing_changed(client, action, targets)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_coordination_post_changes_state_and_writes_one_event(
    client, request, targets, who, action
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url, data = action_request(action, targets)
    events = Event.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#actions-coordination")
    assert Event.objects.count() == events + 1
    event = Event.objects.order_by("-pk").first()
    assert event.recorded_by == user
    assert event.reason == data["reason"]


def test_refused_move_shows_the_error_in_french_and_keeps_what_was_typed(
    client, coordinator, targets
):
    client.force_login(coordinator)
    recommendation = targets["sent"]
    response = client.post(
        reverse("recommendations:implementation", args=[recommendation.reference]),
        {"status": "realisee", "effective_on": days_ago(1).isoformat(), "reason": "Arrêté adopté."},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "demandent l’acte qui les porte" in page
    assert "Arrêté adopté." in page
    assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in page
    recommendation.refresh_from_db()
    assert recommendation.implementation == Recommendation.Implementation.NOT_ASSESSED


def test_validate_form_refuses_an_empty_reason(client, coordinator, targets):
    client.force_login(coordinator)
    draft = targets["draft"]
    response = client.post(
        reverse("recommendations:validate", args=[draft.reference]),
        {"validated_on": days_ago(1).isoformat(), "reason": "   "},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in text_of(response)
    draft.refresh_from_db()
    assert draft.stage == Recommendation.Stage.FORMULATED


def test_answer_for_a_transmission_of_another_recommendation_is_404(client, coordinator, targets):
    client.force_login(coordinator)
    url = reverse(
        "recommendations:answer", args=[targets["draft"].reference, targets["transmission"].pk]
    )
    assert client.get(url).status_code == 404


def test_coordinator_sees_the_forms_the_public_does_not(client, coordinator, targets):
    url = targets["draft"].get_absolute_url()
    assert "Actions de la coordination" not in text_of(client.get(url))
    client.force_login(coordinator)
    page = text_of(client.get(url))
    assert "Actions de la coordination" in page
    assert "Valider la recommandation" in page


def test_dashboard_lists_what_needs_action(client, coordinator, followed):
    quiet = RecommendationFactory(title="Recommandation sans nouvelles")
    services.validate(quiet, validated_on=days_ago(200), reason="ok", by=coordinator)
    older = RecommendationFactory(title="Envoyée il y a longtemps")
    services.validate(older, validated_on=days_ago(300), reason="ok", by=coordinator)
    services.transmit(
        older, recipient=RecipientFactory(), sent_on=days_ago(250), reason="ok", by=coordinator
    )
    draft = RecommendationFactory(title="Brouillon à valider")

    assert client.get(reverse("recommendations:dashboard")).status_code == 302
    client.force_login(coordinator)
    page = text_of(client.get(reverse("recommendations:dashboard")))
    overdue = page[page.index("Réponses en retard") : page.index("À valider")]
    assert overdue.index("Envoyée il y a longtemps") < overdue.index(followed.title)
    assert "250 jours" in overdue
    drafts = page[page.index("À valider") : page.index("Sans nouvelles depuis")]
    assert draft.title in drafts and quiet.title not in drafts
    stale = page[page.index("Sans nouvelles depuis 90 jours") :]
    assert quiet.title in stale
    assert followed.title not in stale


def test_partner_cannot_open_the_dashboard(client, partner):
    client.force_login(partner)
    assert client.get(reverse("recommendations:dashboard")).status_code == 403


def test_unpublished_recommendation_is_hidden_from_the_public(client, coordinator):
    hidden = RecommendationFactory(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(coordinator)
    assert "n’est pas publiée" in text_of(client.get(hidden.get_absolute_url()))


@pytest.mark.parametrize("size", [1, 10])
def test_follow_up_pages_run_the_same_number_of_queries_at_any_size(
    client, coordinator, django_assert_num_queries, size
):
    theme = ThemeFactory()
    recipients = [RecipientFactory() for _ in range(3)]
    for _ in range(3 * size):
        recommendation = RecommendationFactory(theme=theme)
        services.validate(recommendation, validated_on=days_ago(90), reason="ok", by=coordinator)
        for recipient in recipients:
            services.transmit(
                recommendation,
                recipient=recipient,
                sent_on=days_ago(80),
                reason="ok",
                by=coordinator,
            )
    target = Recommendation.objects.order_by("pk").last()
    for _ in range(size):
        services.record_implementation(
            target, status="en_cours", effective_on=days_ago(2), reason="a", by=coordinator
        )
        services.record_implementation(
            target, status="bloquee", effective_on=days_ago(1), reason="b", by=coordinator
        )
    client.force_login(coordinator)
    # The detail page: + the version the coordination's forms are drawn from, + the
    # coordination's notes, the target dates, the implementing acts and the reminders sent,
    # + the frozen documents and the letter templates (a fixed number, whatever their number).
    # + the footer's editable pages (one query), + the count of every comment thread (bounded
    # comments). The dashboard: + the count of each of its four bounded lists (late answers,
    # drafts, quiet recommendations, reported comments), shown beside their first rows.
    # The list, first, reads the coordinator's permissions (two queries) and keeps them in the
    # shared cache, so the next pages don't (core/auth.py); the profile comes with the account.
    # It only reads, outside the request's transaction (no savepoint and its release), and
    # reads its page's ids with the count (one statement, core/paginator.py), then its lines
    # with their transmissions. It also reads the menu's themes, the footer's pages and the demo
    # flag, which the next pages then take from what their process keeps for this content
    # version (core.cache.kept_per_version): 3 fewer.
    expected = {"list": 11, "detail": 24, "dashboard": 14}
    with django_assert_num_queries(expected["list"]):
        client.get(reverse("recommendations:list"))
    with django_assert_num_queries(expected["detail"]):
        client.get(target.get_absolute_url())
    with django_assert_num_queries(expected["dashboard"]):
        client.get(reverse("recommendations:dashboard"))
