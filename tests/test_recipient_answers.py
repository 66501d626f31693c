"""The authorities answer on the site through a secret link, in their own words."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from recommendations import services
from recommendations.models import (
    AnswerLink,
    Event,
    ImplementingAct,
    RecipientAnswer,
    RecipientContact,
    TargetDate,
    Transmission,
)
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer


def text_of(response):
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def forem(db):
    recipient = RecipientFactory(name="Le Forem")
    RecipientContact.objects.create(
        recipient=recipient,
        name="Anne Direction",
        role="Directrice générale",
        email="anne.direction@forem.example",
    )
    return recipient


@pytest.fixture
def sent(coordinator, forem):
    recommendation = RecommendationFactory(title="Des places de formation « pour tous »")
    services.validate(recommendation, validated_on=days_ago(20), reason="ok", by=coordinator)
    return services.transmit(
        recommendation, recipient=forem, sent_on=days_ago(10), reason="Envoi.", by=coordinator
    )


@pytest.fixture
def link_url(sent):
    _link, key = services.create_answer_link(sent)
    return reverse("recommendations:recipient_answer", args=[sent.pk, key])


ANSWER = {
    "reponse-answer": Answer.PARTLY_ACCEPTED,
    "reponse-text": "Nous ouvrirons 20 places dès septembre.\nLe reste suivra.",
    "reponse-letter_url": "https://forem.example/decision.pdf",
    "reponse-responder_name": "Anne Direction",
    "reponse-responder_role": "Directrice générale",
}


def post_answer(client, url, **changes):
    data = {key.removeprefix("reponse-"): value for key, value in {**ANSWER, **changes}.items()}
    return client.post(url, data)


def test_coordinator_sends_the_link_by_email_to_the_recipients_contacts(
    client, coordinator, sent, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "recommendations:send_answer_link", args=[sent.recommendation.reference, sent.pk]
            )
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne.direction@forem.example"]
    link = re.search(r"https?://\S+/reponse/\d+/\S+/", message.body).group(0)
    assert f"/reponse/{sent.pk}/" in link
    assert AnswerLink.objects.get().transmission == sent


def test_contacts_are_never_shown_on_the_public_page(client, sent):
    page = text_of(client.get(sent.recommendation.get_absolute_url()))
    assert "Le Forem" in page
    assert "anne.direction@forem.example" not in page
    assert "Anne Direction" not in page


def test_answer_through_the_link_is_an_event_in_the_recipients_words(
    client, coordinator, sent, link_url, django_capture_on_commit_callbacks
):
    page = text_of(client.get(link_url))
    assert "Des places de formation « pour tous »" in page
    assert "Réponse de Le Forem" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post_answer(client, link_url)
    assert response.status_code == 302
    event = Event.objects.get(axis=Event.Axis.ANSWER)
    assert (event.source, event.to_value, event.recorded_by) == (
        Event.Source.RECIPIENT,
        Answer.PARTLY_ACCEPTED,
        None,
    )
    assert event.recipient_answer.text == ANSWER["reponse-text"]
    sent.refresh_from_db()
    assert sent.answer == Answer.PARTLY_ACCEPTED
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert "Nous ouvrirons 20 places dès septembre." in mail.outbox[0].body


def test_public_page_shows_the_authoritys_words_and_role_but_not_the_name(client, sent, link_url):
    post_answer(client, link_url)
    page = text_of(client.get(sent.recommendation.get_absolute_url()))
    assert "Réponse donnée par le destinataire" in page
    assert "Directrice générale, Le Forem, dans ses propres mots" in page
    assert "Nous ouvrirons 20 places dès septembre." in page
    assert 'href="https://forem.example/decision.pdf"' in page
    assert "Anne Direction" not in page


def test_an_update_through_the_link_keeps_the_first_answer(client, sent, link_url):
    post_answer(client, link_url)
    post_answer(client, link_url, **{"reponse-answer": Answer.ACCEPTED, "reponse-text": "Tout."})
    answers = list(RecipientAnswer.objects.order_by("pk").values_list("text", "event__to_value"))
    assert answers == [
        (ANSWER["reponse-text"], Answer.PARTLY_ACCEPTED),
        ("Tout.", Answer.ACCEPTED),
    ]
    page = text_of(client.get(sent.recommendation.get_absolute_url()))
    assert "Nous ouvrirons 20 places dès septembre." in page
    assert "Tout." in page


def test_expired_link_is_refused_with_a_clear_page_and_records_nothing(client, sent, link_url):
    AnswerLink.objects.filter(transmission=sent).update(expires_on=days_ago(1))
    response = post_answer(client, link_url)
    assert response.status_code == 410
    page = text_of(response)
    assert "Ce lien de réponse a expiré le" in page
    assert "Demander un nouveau lien" in page
    assert not RecipientAnswer.objects.exists()
    assert not Event.objects.filter(axis=Event.Axis.ANSWER).exists()


def test_revoked_link_is_refused(client, coordinator, sent, link_url):
    services.revoke_answer_link(AnswerLink.objects.get(), by=coordinator)
    response = post_answer(client, link_url)
    assert response.status_code == 410
    assert "retiré par la coordination" in text_of(response)
    assert not RecipientAnswer.objects.exists()


def test_tampered_key_is_refused(client, sent, link_url):
    response = post_answer(client, link_url[:-3] + "xx/")
    assert response.status_code == 404
    assert "n’est pas valable" in text_of(response)
    assert not RecipientAnswer.objects.exists()


def test_a_link_cannot_answer_another_transmission(client, coordinator, sent, link_url):
    other = services.transmit(
        sent.recommendation,
        recipient=RecipientFactory(name="ONEM"),
        sent_on=days_ago(5),
        reason="Envoi.",
        by=coordinator,
    )
    key = link_url.rstrip("/").rsplit("/", 1)[1]
    url = reverse("recommendations:recipient_answer", args=[other.pk, key])
    assert post_answer(client, url).status_code == 404
    other.refresh_from_db()
    assert other.answer == Answer.PENDING


def test_the_link_changes_nothing_but_its_own_answer(client, sent, link_url):
    recommendation = sent.recommendation
    before = (recommendation.stage, recommendation.implementation, recommendation.title)
    post_answer(client, link_url, status="realisee", title="Autre titre", stage="formulee")
    recommendation.refresh_from_db()
    assert (recommendation.stage, recommendation.implementation, recommendation.title) == before
    assert Event.objects.filter(source=Event.Source.RECIPIENT).count() == 1


def test_empty_answer_text_is_refused_and_keeps_what_was_typed(client, sent, link_url):
    response = post_answer(client, link_url, **{"reponse-text": "   "})
    assert response.status_code == 200
    page = text_of(response)
    assert "Directrice générale" in page
    assert not RecipientAnswer.objects.exists()


def test_target_date_given_with_the_answer_is_shown_and_goes_late(client, sent, link_url):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    post_answer(client, link_url, **{"reponse-target_on": soon.isoformat()})
    target = TargetDate.objects.get()
    assert (target.target_on, target.source) == (soon, Event.Source.RECIPIENT)
    page = text_of(client.get(sent.recommendation.get_absolute_url()))
    assert "Échéance annoncée pour la mise en œuvre" in page
    assert "En retard sur l’échéance annoncée" not in page
    TargetDate.objects.create(
        recommendation=sent.recommendation, target_on=days_ago(1), reason="Report annoncé."
    )
    page = text_of(client.get(sent.recommendation.get_absolute_url()))
    assert "En retard sur l’échéance annoncée" in page
    assert "Report annoncé." in page


def test_coordination_note_sits_beside_the_answer_without_changing_it(
    client, coordinator, sent, link_url
):
    post_answer(client, link_url)
    event = Event.objects.get(source=Event.Source.RECIPIENT)
    client.force_login(coordinator)
    url = reverse("recommendations:note", args=[sent.recommendation.reference, event.sequence])
    response = client.post(url, {"text": "Vingt places sur les quarante demandées."})
    assert response.status_code == 302
    client.logout()
    page = text_of(client.get(sent.recommendation.get_absolute_url()))
    assert "Note de la coordination" in page
    assert "Vingt places sur les quarante demandées." in page
    assert RecipientAnswer.objects.get().text == ANSWER["reponse-text"]


def test_a_contact_asks_for_a_new_link_and_a_stranger_learns_nothing(
    client, sent, link_url, django_capture_on_commit_callbacks
):
    AnswerLink.objects.update(expires_on=days_ago(1))
    new_link = link_url + "nouveau-lien/"
    with django_capture_on_commit_callbacks(execute=True):
        stranger = client.post(new_link, {"email": "quelquun@example.org"})
        contact = client.post(new_link, {"email": "anne.direction@forem.example"})
    assert text_of(stranger) == text_of(contact)
    assert [message.to for message in mail.outbox] == [["anne.direction@forem.example"]]
    assert AnswerLink.objects.count() == 2


def test_answer_posts_are_rate_limited(client, sent, link_url):
    for _ in range(20):
        post_answer(client, link_url, **{"reponse-text": ""})
    response = post_answer(client, link_url)
    assert response.status_code == 429
    assert not RecipientAnswer.objects.exists()


def test_done_needs_an_adopted_act_which_the_page_then_cites(client, coordinator, sent):
    recommendation = sent.recommendation
    with pytest.raises(services.ServiceError, match="demandent l’acte"):
        services.record_implementation(
            recommendation,
            status="realisee",
            effective_on=days_ago(1),
            reason="Fait.",
            proof_url="https://example.org/preuve",
            by=coordinator,
        )
    services.record_implementation(
        recommendation,
        status="realisee",
        effective_on=days_ago(1),
        reason="Fait.",
        by=coordinator,
        act={
            "kind": ImplementingAct.Kind.ORDER,
            "title": "Arrêté du Gouvernement wallon relatif aux places de formation",
            "adopted_on": days_ago(3),
            "url": "https://wallex.example/arrete",
        },
    )
    page = text_of(client.get(recommendation.get_absolute_url()))
    assert (
        'Arrêté : <a href="https://wallex.example/arrete" rel="noopener" lang="fr-BE">'
        "Arrêté du Gouvernement wallon relatif aux places de formation</a>"
    ) in page
    assert (
        Event.objects.filter(to_value="realisee").get().proof_url == "https://wallex.example/arrete"
    )


def test_partner_cannot_send_or_revoke_answer_links(client, sent):
    partner = UserFactory(groups=["Partenaires"])
    client.force_login(partner)
    reference = sent.recommendation.reference
    assert (
        client.post(
            reverse("recommendations:send_answer_link", args=[reference, sent.pk])
        ).status_code
        == 403
    )
    assert not AnswerLink.objects.exists()
