"""Corrections read as corrections, and nothing public is written before it is confirmed."""

import re

import pytest
from django.urls import reverse

from core.services import ServiceError
from recommendations import services
from recommendations.models import AnswerLink, Event, Transmission, default_response_due
from tests.factories import RecipientFactory, RecommendationFactory, days_ago
from tests.pages import words_of

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


@pytest.fixture
def sent(coordinator):
    recommendation = RecommendationFactory()
    services.validate(recommendation, validated_on=days_ago(20), reason="ok", by=coordinator)
    return services.transmit(
        recommendation,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(10),
        reason="Envoi par courrier.",
        by=coordinator,
    )


@pytest.fixture
def refused(sent, coordinator):
    services.record_answer(
        sent,
        answer=Answer.REFUSED,
        answered_on=days_ago(3),
        summary="Pas de budget cette année.",
        proof_url="https://forem.example/lettre",
        reason="Pas de budget cette année.",
        by=coordinator,
    )
    return sent


def token_and_version(response):
    content = response.content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', content).group(1)
    version = re.search(r'name="version" value="(\d+)"', content).group(1)
    return {"submission_token": token, "version": version}


def answer_url(transmission):
    return reverse(
        "recommendations:answer", args=[transmission.recommendation.reference, transmission.pk]
    )


def correction_url(transmission):
    return reverse(
        "recommendations:correct_transmission",
        args=[transmission.recommendation.reference, transmission.pk],
    )


# --- The confirmation step -------------------------------------------------------------------


def test_a_first_submission_shows_what_will_be_published_and_writes_nothing(
    client, coordinator, sent
):
    client.force_login(coordinator)
    url = reverse("recommendations:implementation", args=[sent.recommendation.reference])
    events = Event.objects.count()
    response = client.post(
        url,
        {
            "status": "en_cours",
            "effective_on": days_ago(1).isoformat(),
            "reason": "Les premières places ouvrent à Tournai.",
            **token_and_version(client.get(url)),
        },
    )
    assert response.status_code == 200
    page = words_of(response)
    assert "Voici ce qui sera publié" in page
    assert "Mise en œuvre : en cours" in page
    assert "Les premières places ouvrent à Tournai." in page
    assert "Confirmer et publier" in page
    assert Event.objects.count() == events
    sent.recommendation.refresh_from_db()
    assert sent.recommendation.implementation == "non_evaluee"


def test_confirming_publishes_once_even_if_the_button_is_clicked_twice(client, coordinator, sent):
    client.force_login(coordinator)
    url = reverse("recommendations:implementation", args=[sent.recommendation.reference])
    data = {
        "status": "en_cours",
        "effective_on": days_ago(1).isoformat(),
        "reason": "Les premières places ouvrent.",
        **token_and_version(client.get(url)),
    }
    preview = client.post(url, data)
    hidden = token_and_version(preview)
    assert hidden == {k: data[k] for k in hidden}  # what was typed travels with the page
    first = client.post(url, {**data, "confirm": "1"})
    second = client.post(url, {**data, "confirm": "1"})
    assert first.status_code == second.status_code == 302
    assert first["Location"].endswith("#actions-coordination")
    assert (
        Event.objects.filter(recommendation=sent.recommendation, to_value="en_cours").count() == 1
    )


def test_the_modify_button_returns_to_the_form_with_what_was_typed(client, coordinator, sent):
    client.force_login(coordinator)
    url = reverse("recommendations:implementation", args=[sent.recommendation.reference])
    response = client.post(
        url,
        {
            "status": "bloquee",
            "effective_on": days_ago(1).isoformat(),
            "reason": "Le budget manque.",
            "modifier": "1",
        },
    )
    page = words_of(response)
    assert "Voici ce qui sera publié" not in page
    assert "Le budget manque." in response.content.decode()
    assert "Enregistrer la mise en œuvre" in page
    assert not Event.objects.filter(to_value="bloquee").exists()


def test_a_preview_already_says_what_the_rules_refuse(client, coordinator, sent):
    client.force_login(coordinator)
    response = client.post(
        reverse("recommendations:implementation", args=[sent.recommendation.reference]),
        {"status": "realisee", "effective_on": days_ago(1).isoformat(), "reason": "Fait."},
    )
    page = words_of(response)
    assert "demandent l’acte qui les porte" in page
    assert "Voici ce qui sera publié" not in page


# --- Revising an answer ----------------------------------------------------------------------


def test_revise_the_answer_opens_with_the_answer_it_revises(client, coordinator, refused):
    client.force_login(coordinator)
    content = client.get(answer_url(refused)).content.decode()
    assert re.search(r'<option value="refusee" selected>', content)
    assert f'value="{days_ago(3).isoformat()}"' in content
    assert "Pas de budget cette année.</textarea>" in content
    assert 'value="https://forem.example/lettre"' in content
    assert "C’est une correction" in content


def test_a_first_answer_form_offers_no_correction(client, coordinator, sent):
    client.force_login(coordinator)
    page = words_of(client.get(answer_url(sent)))
    assert "C’est une correction" not in page


def test_a_corrected_answer_says_publicly_which_event_it_corrects(client, coordinator, refused):
    client.force_login(coordinator)
    wrong = refused.events.get(axis=Event.Axis.ANSWER)
    response = client.post(
        answer_url(refused),
        {
            "corrects": "on",
            "answer": Answer.PARTLY_ACCEPTED,
            "answered_on": days_ago(3).isoformat(),
            "reason": "Vingt places sur quarante, lues trop vite comme un refus.",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    correction = Event.objects.get(corrects=wrong)
    assert correction.to_value == Answer.PARTLY_ACCEPTED
    page = client.get(refused.recommendation.get_absolute_url())
    html = page.content.decode()
    assert (
        f'<a href="#evenement-{wrong.sequence}">corrige l’événement n° {wrong.sequence}</a>' in html
    )
    assert f'<a href="#evenement-{correction.sequence}">voir l’événement n° ' in html
    assert "Vingt places sur quarante, lues trop vite comme un refus." in words_of(page)


def test_the_preview_of_a_revision_still_shows_the_current_answer(client, coordinator, refused):
    client.force_login(coordinator)
    response = client.post(
        answer_url(refused),
        {
            "answer": Answer.NOTED,
            "answered_on": days_ago(1).isoformat(),
            "reason": "Nouvelle lettre : le ministre prend note.",
        },
    )
    page = words_of(response)
    assert "Voici ce qui sera publié" in page
    assert "réponse actuelle : refusée." in page
    assert "Réponse de Le Forem : prise en note" in page
    refused.refresh_from_db()
    assert refused.answer == Answer.REFUSED


def test_a_correction_may_keep_the_answer_and_fix_its_date(coordinator, refused):
    wrong = refused.events.get(axis=Event.Axis.ANSWER)
    event = services.record_answer(
        refused,
        answer=Answer.REFUSED,
        answered_on=days_ago(4),
        summary="Pas de budget cette année.",
        reason="Pas de budget cette année (lettre datée de la veille).",
        by=coordinator,
        corrects=wrong,
    )
    refused.refresh_from_db()
    assert refused.answered_on == days_ago(4)
    assert event.corrects == wrong
    wrong.refresh_from_db()
    assert wrong.effective_on == days_ago(3)  # the corrected event stays as it was


def test_the_same_answer_without_correction_is_still_refused(coordinator, refused):
    with pytest.raises(ServiceError, match="déjà « refusée »"):
        services.record_answer(
            refused,
            answer=Answer.REFUSED,
            answered_on=days_ago(2),
            reason="Encore.",
            by=coordinator,
        )


def test_an_answer_corrects_only_an_answer_of_its_own_transmission(coordinator, refused):
    with pytest.raises(ServiceError, match="même transmission"):
        services.record_answer(
            refused,
            answer=Answer.NOTED,
            answered_on=days_ago(2),
            reason="Erreur.",
            by=coordinator,
            corrects=refused.events.get(axis=Event.Axis.STAGE),
        )


def test_a_change_between_preview_and_confirmation_is_refused_with_what_changed(
    client, coordinator, refused
):
    client.force_login(coordinator)
    data = {
        "answer": Answer.NOTED,
        "answered_on": days_ago(1).isoformat(),
        "reason": "Le ministre prend note.",
        **token_and_version(client.get(answer_url(refused))),
    }
    assert "Voici ce qui sera publié" in words_of(client.post(answer_url(refused), data))
    services.record_implementation(
        refused.recommendation,
        status="bloquee",
        effective_on=days_ago(1),
        reason="Bloqué.",
        by=coordinator,
    )
    events = Event.objects.count()
    response = client.post(answer_url(refused), {**data, "confirm": "1"})
    page = words_of(response)
    assert "a changé pendant que vous remplissiez ce formulaire" in page
    assert "Le ministre prend note." in response.content.decode()
    assert Event.objects.count() == events


def test_the_answer_form_has_one_public_text(client, coordinator, sent):
    client.force_login(coordinator)
    page = words_of(client.get(answer_url(sent)))
    assert "Résumé de la réponse" not in page
    assert "Ce que le destinataire a répondu, en bref" in page
    assert "Le seul texte public de cet enregistrement" in page
    response = client.post(
        answer_url(sent),
        {
            "answer": Answer.NOTED,
            "answered_on": days_ago(1).isoformat(),
            "reason": "Le ministre étudiera la demande.",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.answer_summary == "Le ministre étudiera la demande."
    assert sent.events.get(axis=Event.Axis.ANSWER).reason == "Le ministre étudiera la demande."


# --- Correcting a transmission ---------------------------------------------------------------


def test_correcting_the_sending_date_writes_a_new_event_and_keeps_the_old(coordinator, sent):
    original = sent.events.get(axis=Event.Axis.STAGE)
    event = services.correct_transmission(
        sent, sent_on=days_ago(12), reason="Le courrier est parti le lundi.", by=coordinator
    )
    assert event.corrects == original
    assert event.effective_on == days_ago(12)
    assert event.reason.startswith(
        f"Date d’envoi corrigée : le {days_ago(12):%d/%m/%Y}, et non le {days_ago(10):%d/%m/%Y}."
    )
    original.refresh_from_db()
    assert original.effective_on == days_ago(10)
    sent.refresh_from_db()
    assert sent.sent_on == days_ago(12)
    assert sent.response_due == default_response_due(days_ago(12))


def test_correcting_the_recipient_moves_the_transmission_and_revokes_its_links(coordinator, sent):
    AnswerLink.objects.create(transmission=sent, key_hash="a" * 64, expires_on=days_ago(-60))
    onem = RecipientFactory(name="ONEM")
    event = services.correct_transmission(
        sent, recipient=onem, reason="Envoyée en fait à l’ONEM.", by=coordinator
    )
    assert "Destinataire corrigé : ONEM, et non Le Forem." in event.reason
    sent.refresh_from_db()
    assert sent.recipient == onem
    assert not sent.answer_links.filter(revoked_at__isnull=True).exists()


def test_a_transmission_correction_that_changes_nothing_is_refused(coordinator, sent):
    with pytest.raises(ServiceError, match="rien à corriger"):
        services.correct_transmission(sent, sent_on=sent.sent_on, reason="?", by=coordinator)


def test_the_recipient_of_an_answered_transmission_is_not_corrected(coordinator, refused):
    with pytest.raises(ServiceError, match="ne se corrige plus"):
        services.correct_transmission(
            refused, recipient=RecipientFactory(), reason="Erreur.", by=coordinator
        )


def test_a_partner_cannot_correct_a_transmission(client, partner, sent):
    client.force_login(partner)
    response = client.post(
        correction_url(sent),
        {"sent_on": days_ago(12).isoformat(), "recipient": sent.recipient_id, "reason": "x"},
    )
    assert response.status_code == 403
    assert not Event.objects.filter(corrects__isnull=False).exists()


def test_a_coordinator_corrects_a_sending_date_from_the_page(client, coordinator, sent):
    client.force_login(coordinator)
    detail = words_of(client.get(sent.recommendation.get_absolute_url()))
    assert "Corriger l’envoi" in detail
    form = client.get(correction_url(sent)).content.decode()
    assert f'value="{days_ago(10).isoformat()}"' in form
    data = {
        "sent_on": days_ago(11).isoformat(),
        "recipient": sent.recipient_id,
        "reason": "Erreur de saisie.",
        **token_and_version(client.get(correction_url(sent))),
    }
    preview = words_of(client.post(correction_url(sent), data))
    assert "Voici ce qui sera publié" in preview
    original = sent.events.get(axis=Event.Axis.STAGE)
    assert f"corrige l’événement n° {original.sequence}" in preview
    assert "Envoi à Le Forem corrigé" in preview
    assert f"Date d’envoi corrigée : le {days_ago(11):%d/%m/%Y}" in preview
    assert client.post(correction_url(sent), {**data, "confirm": "1"}).status_code == 302
    page = words_of(client.get(sent.recommendation.get_absolute_url()))
    assert f"corrige l’événement n° {original.sequence}" in page
    assert "Cet événement a été corrigé" in page


# --- The coordination's flow -----------------------------------------------------------------


def test_the_transmit_form_ticks_the_targeted_recipients(client, coordinator):
    recommendation = RecommendationFactory()
    services.validate(recommendation, validated_on=days_ago(5), reason="ok", by=coordinator)
    targeted, other = RecipientFactory(name="Le Forem"), RecipientFactory(name="ONEM")
    recommendation.recipients.add(targeted)
    client.force_login(coordinator)
    url = reverse("recommendations:transmit", args=[recommendation.reference])
    for content in (
        client.get(url).content.decode(),
        client.get(recommendation.get_absolute_url()).content.decode(),
    ):
        assert re.search(rf'value="{targeted.pk}"[^>]*checked', content)
        assert not re.search(rf'value="{other.pk}"[^>]*checked', content)


def test_the_actions_are_reachable_from_the_top_of_the_page(client, coordinator, sent):
    client.force_login(coordinator)
    html = client.get(sent.recommendation.get_absolute_url()).content.decode()
    top = html.index('id="actions-coordination"')
    assert top < html.index('id="enonce-titre"')
    assert html.index(correction_url(sent)) > top
    assert html.index(answer_url(sent)) < html.index('id="enonce-titre"')


def test_the_header_has_the_dashboard_and_log_out_when_signed_in(client, coordinator):
    anonymous = client.get(reverse("home")).content.decode()
    assert "Se déconnecter" not in anonymous
    client.force_login(coordinator)
    html = client.get(reverse("home")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert reverse("recommendations:dashboard") in header
    assert "Se déconnecter" in header
