"""The follow-up rules: every allowed move writes its event, every forbidden one changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.services import ServiceError
from recommendations import services
from recommendations.models import Event, Recommendation, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, adopted_act, days_ago

pytestmark = pytest.mark.django_db

Stage = Recommendation.Stage
Implementation = Recommendation.Implementation
Answer = Transmission.Answer


def snapshot(recommendation):
    """Everything a forbidden move must leave untouched."""
    recommendation.refresh_from_db()
    return (
        recommendation.stage,
        recommendation.implementation,
        list(recommendation.events.values_list("sequence", "axis", "to_value")),
        list(
            Transmission.objects.filter(recommendation=recommendation).values_list(
                "recipient", "answer", "answered_on"
            )
        ),
    )


@pytest.fixture
def recommendation():
    return RecommendationFactory()


@pytest.fixture
def validated(recommendation, coordinator):
    services.validate(recommendation, validated_on=days_ago(100), reason="Validée.", by=coordinator)
    return recommendation


@pytest.fixture
def transmission(validated, coordinator):
    return services.transmit(
        validated,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(90),
        reason="Envoyée au Forem.",
        by=coordinator,
    )


def test_validate_moves_formulated_to_validated_with_its_event(recommendation, coordinator):
    event = services.validate(
        recommendation, validated_on=days_ago(3), reason="Validée en réunion.", by=coordinator
    )
    recommendation.refresh_from_db()
    assert recommendation.stage == Stage.VALIDATED
    assert (event.sequence, event.axis, event.from_value, event.to_value) == (
        2,
        Event.Axis.STAGE,
        Stage.FORMULATED,
        Stage.VALIDATED,
    )
    assert event.effective_on == days_ago(3)
    assert event.reason == "Validée en réunion."
    assert event.recorded_by == coordinator


def test_transmit_opens_a_transmission_with_a_60_day_deadline(validated, coordinator):
    recipient = RecipientFactory()
    transmission = services.transmit(
        validated,
        recipient=recipient,
        sent_on=days_ago(10),
        reason="Courrier envoyé.",
        covering_letter_url="https://example.org/courrier.pdf",
        by=coordinator,
    )
    validated.refresh_from_db()
    assert validated.stage == Stage.TRANSMITTED
    assert transmission.answer == Answer.PENDING
    assert transmission.response_due == days_ago(10) + timezone.timedelta(days=60)
    event = validated.events.get(sequence=3)
    assert event.transmission == transmission
    assert event.proof_url == "https://example.org/courrier.pdf"


def test_transmission_past_deadline_reads_sans_reponse_and_counts_days(transmission):
    assert transmission.is_overdue()
    assert str(transmission.answer_display) == "sans réponse"
    assert transmission.days_waiting() == 90
    assert transmission.days_overdue() == 30
    assert Transmission.objects.overdue().get() == transmission


def test_answer_is_recorded_and_a_revision_keeps_the_old_one_in_history(transmission, coordinator):
    services.record_answer(
        transmission,
        answer=Answer.NOTED,
        answered_on=days_ago(50),
        summary="Le ministre prend note.",
        reason="Courrier du cabinet.",
        by=coordinator,
    )
    services.record_answer(
        transmission,
        answer=Answer.ACCEPTED,
        answered_on=days_ago(5),
        reason="Nouveau ministre : la recommandation est accueillie.",
        by=coordinator,
    )
    transmission.refresh_from_db()
    assert transmission.answer == Answer.ACCEPTED
    assert not transmission.is_overdue()
    answers = list(
        transmission.events.filter(axis=Event.Axis.ANSWER).values_list("from_value", "to_value")
    )
    assert answers == [(Answer.PENDING, Answer.NOTED), (Answer.NOTED, Answer.ACCEPTED)]


def test_rerouting_opens_a_new_transmission_to_the_new_recipient(transmission, coordinator):
    onem = RecipientFactory(name="ONEM")
    services.record_answer(
        transmission,
        answer=Answer.REROUTED,
        answered_on=days_ago(60),
        rerouted_to=onem,
        reason="Compétence fédérale.",
        by=coordinator,
    )
    new = Transmission.objects.get(recipient=onem)
    assert new.rerouted_from == transmission
    assert new.sent_on == days_ago(60)
    assert new.answer == Answer.PENDING
    assert new.events.get().reason.startswith("Réorientée par Le Forem")


def test_implementation_done_with_proof(validated, coordinator):
    services.record_implementation(
        validated,
        status=Implementation.IN_PROGRESS,
        effective_on=days_ago(20),
        reason="Un groupe de travail a commencé.",
        by=coordinator,
    )
    services.record_implementation(
        validated,
        status=Implementation.DONE,
        effective_on=days_ago(1),
        proof_url="https://example.org/moniteur.pdf",
        reason="Arrêté publié.",
        by=coordinator,
        act=adopted_act(),
    )
    validated.refresh_from_db()
    assert validated.implementation == Implementation.DONE
    assert validated.events.last().proof_url == "https://example.org/moniteur.pdf"


def test_correction_is_a_new_event_that_names_the_corrected_one(validated, coordinator):
    wrong = validated.events.get(sequence=2)
    correction = services.correct_event(
        wrong, effective_on=days_ago(99), reason="La date était fausse.", by=coordinator
    )
    assert correction.corrects == wrong
    assert correction.sequence == 3
    wrong.refresh_from_db()
    assert wrong.effective_on == days_ago(100)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("transmit_formulated", "doit être validée avant d’être transmise"),
        ("validate_twice", "Seule une recommandation formulée peut être validée"),
        ("empty_reason", "Indiquez la raison"),
        ("blank_reason", "Indiquez la raison"),
        ("done_without_act", "demandent l’acte qui les porte"),
        ("back_to_not_assessed", "ne redevient pas « non évaluée »"),
        ("future_date", "ne peut pas être dans le futur"),
        ("answer_before_sending", "La réponse ne peut pas précéder l’envoi"),
        ("rerouted_without_recipient", "à quel destinataire"),
        ("rerouted_to_same", "vers le même destinataire"),
        ("pending_as_answer", "Choisissez la réponse reçue"),
        ("same_answer_twice", "La réponse enregistrée est déjà « accueillie »"),
        ("second_pending_to_same_recipient", "attend déjà une réponse"),
        ("due_before_sent", "ne peut pas précéder l’envoi"),
    ],
)
def test_forbidden_moves_raise_a_clear_error_and_change_nothing(
    recommendation, coordinator, case, expected
):
    recipient = RecipientFactory(name="Le Forem")
    setup_validated = case not in {"transmit_formulated", "empty_reason", "blank_reason"}
    if setup_validated:
        services.validate(recommendation, validated_on=days_ago(40), reason="ok", by=coordinator)
    needs_transmission = case in {
        "answer_before_sending",
        "rerouted_without_recipient",
        "rerouted_to_same",
        "pending_as_answer",
        "same_answer_twice",
        "second_pending_to_same_recipient",
    }
    sent = None
    if needs_transmission:
        sent = services.transmit(
            recommendation, recipient=recipient, sent_on=days_ago(30), reason="ok", by=coordinator
        )
    if case == "same_answer_twice":
        services.record_answer(
            sent, answer=Answer.ACCEPTED, answered_on=days_ago(2), reason="ok", by=coordinator
        )
        sent.refresh_from_db()
    before = snapshot(recommendation)

    actions = {
        "transmit_formulated": lambda: services.transmit(
            recommendation, recipient=recipient, sent_on=days_ago(1), reason="x", by=coordinator
        ),
        "validate_twice": lambda: services.validate(
            recommendation, validated_on=days_ago(1), reason="x", by=coordinator
        ),
        "empty_reason": lambda: services.validate(
            recommendation, validated_on=days_ago(1), reason="", by=coordinator
        ),
        "blank_reason": lambda: services.validate(
            recommendation, validated_on=days_ago(1), reason="   \n ", by=coordinator
        ),
        "done_without_act": lambda: services.record_implementation(
            recommendation,
            status=Implementation.DONE,
            effective_on=days_ago(1),
            reason="x",
            by=coordinator,
        ),
        "back_to_not_assessed": lambda: services.record_implementation(
            recommendation,
            status=Implementation.NOT_ASSESSED,
            effective_on=days_ago(1),
            reason="x",
            by=coordinator,
        ),
        "future_date": lambda: services.record_implementation(
            recommendation,
            status=Implementation.IN_PROGRESS,
            effective_on=timezone.localdate() + timezone.timedelta(days=1),
            reason="x",
            by=coordinator,
        ),
        "answer_before_sending": lambda: services.record_answer(
            sent, answer=Answer.ACCEPTED, answered_on=days_ago(31), reason="x", by=coordinator
        ),
        "rerouted_without_recipient": lambda: services.record_answer(
            sent, answer=Answer.REROUTED, answered_on=days_ago(1), reason="x", by=coordinator
        ),
        "rerouted_to_same": lambda: services.record_answer(
            sent,
            answer=Answer.REROUTED,
            answered_on=days_ago(1),
            rerouted_to=recipient,
            reason="x",
            by=coordinator,
        ),
        "pending_as_answer": lambda: services.record_answer(
            sent, answer=Answer.PENDING, answered_on=days_ago(1), reason="x", by=coordinator
        ),
        "same_answer_twice": lambda: services.record_answer(
            sent, answer=Answer.ACCEPTED, answered_on=days_ago(1), reason="x", by=coordinator
        ),
        "second_pending_to_same_recipient": lambda: services.transmit(
            recommendation, recipient=recipient, sent_on=days_ago(1), reason="x", by=coordinator
        ),
        "due_before_sent": lambda: services.transmit(
            recommendation,
            recipient=recipient,
            sent_on=days_ago(5),
            response_due=days_ago(6),
            reason="x",
            by=coordinator,
        ),
    }
    with pytest.raises(ServiceError) as error:
        actions[case]()
    assert expected in error.value.message
    assert snapshot(recommendation) == before


def test_same_implementation_case_is_checked_on_a_real_status(recommendation, coordinator):
    services.record_implementation(
        recommendation,
        status=Implementation.BLOCKED,
        effective_on=days_ago(3),
        reason="Budget gelé.",
        by=coordinator,
    )
    with pytest.raises(ServiceError, match="La mise en œuvre est déjà « bloquée »"):
        services.record_implementation(
            recommendation,
            status=Implementation.BLOCKED,
            effective_on=days_ago(1),
            reason="x",
            by=coordinator,
        )


def test_answer_to_a_recommendation_never_sent_is_refused(validated, coordinator):
    before = snapshot(validated)
    never_sent = Transmission(recommendation=validated, recipient=RecipientFactory())
    with pytest.raises(ServiceError, match="n’a pas été transmise"):
        services.record_answer(
            never_sent, answer=Answer.ACCEPTED, answered_on=days_ago(1), reason="x", by=coordinator
        )
    assert snapshot(validated) == before


def test_answer_on_a_transmission_of_another_recommendation_is_refused(transmission, coordinator):
    other = RecommendationFactory()
    stray = Transmission(pk=transmission.pk, recommendation=other, recipient=transmission.recipient)
    with pytest.raises(ServiceError, match="ne concerne pas cette recommandation"):
        services.record_answer(
            stray, answer=Answer.ACCEPTED, answered_on=days_ago(1), reason="x", by=coordinator
        )


def test_events_are_never_edited_or_deleted(validated):
    event = validated.events.first()
    event.reason = "Réécrit"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(reason="Réécrit")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.reason != "Réécrit"


@pytest.mark.parametrize("who", ["anonymous", "partner", "nobody"])
@pytest.mark.parametrize(
    "action", ["validate", "transmit", "record_answer", "record_implementation", "correct_event"]
)
def test_only_coordinators_may_change_the_follow_up(
    who, action, transmission, partner, django_user_model
):
    users = {
        "anonymous": None,
        "partner": partner,
        "nobody": django_user_model.objects.create_user("sans-groupe"),
    }
    by = users[who]
    recommendation = transmission.recommendation
    if who == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        by = AnonymousUser()
    before = snapshot(recommendation)
    calls = {
        "validate": lambda: services.validate(
            RecommendationFactory(), validated_on=days_ago(1), reason="x", by=by
        ),
        "transmit": lambda: services.transmit(
            recommendation, recipient=RecipientFactory(), sent_on=days_ago(1), reason="x", by=by
        ),
        "record_answer": lambda: services.record_answer(
            transmission, answer=Answer.REFUSED, answered_on=days_ago(1), reason="x", by=by
        ),
        "record_implementation": lambda: services.record_implementation(
            recommendation,
            status=Implementation.IN_PROGRESS,
            effective_on=days_ago(1),
            reason="x",
            by=by,
        ),
        "correct_event": lambda: services.correct_event(
            recommendation.events.last(), reason="x", by=by
        ),
    }
    with pytest.raises(PermissionDenied):
        calls[action]()
    assert snapshot(recommendation) == before
