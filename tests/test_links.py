"""Addresses and badges made once per language never show one reader's language to another."""

from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

from recommendations import services as follow_up
from recommendations.models import Transmission
from recommendations.templatetags.follow_up import answer_status, stage_status
from tests.factories import RecipientFactory, days_ago


def test_a_badge_is_drawn_in_each_readers_language_in_turn(answered):
    transmission = answered.transmissions.get()
    with translation.override("fr-be"):
        french = answer_status(transmission)
        french_stage = stage_status(answered)
    with translation.override("en"):
        english = answer_status(transmission)
        english_stage = stage_status(answered)
    with translation.override("fr-be"):
        assert answer_status(transmission) == french
    assert "accueillie en partie" in french
    assert "partly accepted" in english
    assert 'href="/recommandations/comment-lire-les-statuts/#' in french
    assert 'href="/en/recommandations/comment-lire-les-statuts/#' in english
    assert "Étape :" in french_stage
    assert "Stage:" in english_stage


def test_the_days_an_answer_has_waited_are_counted_afresh(recommendation, coordinator):
    follow_up.validate(recommendation, validated_on=days_ago(40), reason="ok", by=coordinator)
    transmission = follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(name="ONEM"),
        sent_on=days_ago(3),
        reason="Envoi.",
        by=coordinator,
    )
    with translation.override("fr-be"):
        assert "envoyée il y a 3 jours" in answer_status(transmission)
        transmission.sent_on = days_ago(4)
        assert "envoyée il y a 4 jours" in answer_status(transmission)
        transmission.sent_on = days_ago(200)
        transmission.response_due = days_ago(140)
        overdue = answer_status(transmission)
    assert transmission.answer == Transmission.Answer.PENDING
    assert "sans réponse" in overdue and "200 jours d’attente" in overdue


def test_an_address_follows_the_script_prefix_and_the_url_setup(answered):
    recipient = answered.transmissions.get().recipient
    plain = recipient.get_absolute_url()
    set_script_prefix("/suivi/")
    try:
        assert recipient.get_absolute_url() == "/suivi" + plain
        assert answered.get_absolute_url().startswith("/suivi/")
    finally:
        set_script_prefix("/")
    assert recipient.get_absolute_url() == plain
    with override_settings(ROOT_URLCONF="tests.urls_elsewhere"):
        assert recipient.get_absolute_url() == f"/ailleurs/{recipient.slug}/"
    assert recipient.get_absolute_url() == plain
