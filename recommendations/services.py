"""Every change to a recommendation's follow-up, each written together with its dated event.

Each service locks the recommendation's row, checks that the move is allowed from the state it
finds, then writes the change and its event in one transaction: two coordinators acting at the
same moment are serialised, and the state can never contradict the history.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.dates import date_problem

from .models import Event, Recommendation, Transmission, default_response_due
from .signals import announce_event

Stage = Recommendation.Stage
Implementation = Recommendation.Implementation
Answer = Transmission.Answer


class TransitionError(Exception):
    """A move the follow-up rules forbid; its message is meant for the person who asked."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _require(user, permission):
    if user is None or not user.has_perm(f"recommendations.{permission}"):
        raise PermissionDenied(_("Vous n’avez pas le droit de faire cette modification."))


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(
            _("Indiquez la raison de ce changement : elle sera publiée."), field="reason"
        )
    return reason


def _check_date(value, *, field, not_before=None, not_before_message=None):
    if value is None:
        raise TransitionError(_("Indiquez la date."), field=field)
    problem = date_problem(value)
    if problem:
        raise TransitionError(problem, field=field)
    if not_before is not None and value < not_before:
        raise TransitionError(not_before_message, field=field)
    return value


def _lock(recommendation):
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _record(
    recommendation,
    *,
    axis,
    from_value,
    to_value,
    effective_on,
    reason,
    by,
    proof_url="",
    transmission=None,
    corrects=None,
):
    """Append an event; the caller holds the recommendation's row lock, so sequences never clash."""
    last = recommendation.events.aggregate(last=Max("sequence"))["last"] or 0
    event = Event.objects.create(
        recommendation=recommendation,
        sequence=last + 1,
        transmission=transmission,
        axis=axis,
        from_value=from_value,
        to_value=to_value,
        effective_on=effective_on,
        reason=reason,
        proof_url=proof_url,
        corrects=corrects,
        recorded_by=by,
    )
    transaction.on_commit(lambda: announce_event(event.pk))
    return event


def validate(recommendation, *, validated_on, reason, by):
    """Mark a formulated recommendation as validated by the coordination."""
    _require(by, "validate_recommendation")
    reason = _check_reason(reason)
    _check_date(validated_on, field="validated_on")
    with transaction.atomic():
        current = _lock(recommendation)
        if current.stage != Stage.FORMULATED:
            raise TransitionError(
                _(
                    "Seule une recommandation formulée peut être validée ; "
                    "celle-ci est « %(stage)s »."
                )
                % {"stage": current.get_stage_display()}
            )
        current.stage = Stage.VALIDATED
        current.save(update_fields=["stage", "modified"])
        event = _record(
            current,
            axis=Event.Axis.STAGE,
            from_value=Stage.FORMULATED,
            to_value=Stage.VALIDATED,
            effective_on=validated_on,
            reason=reason,
            by=by,
        )
    recommendation.refresh_from_db()
    return event


def _open_transmission(
    current,
    *,
    recipient,
    sent_on,
    response_due,
    covering_letter_url,
    reason,
    by,
    rerouted_from=None,
):
    if current.transmissions.filter(recipient=recipient, answer=Answer.PENDING).exists():
        raise TransitionError(
            _("Cette recommandation attend déjà une réponse de %(recipient)s.")
            % {"recipient": recipient},
            field="recipient",
        )
    transmission = Transmission.objects.create(
        recommendation=current,
        recipient=recipient,
        sent_on=sent_on,
        response_due=response_due or default_response_due(sent_on),
        covering_letter_url=covering_letter_url,
        rerouted_from=rerouted_from,
    )
    from_stage = current.stage
    if current.stage != Stage.TRANSMITTED:
        current.stage = Stage.TRANSMITTED
        current.save(update_fields=["stage", "modified"])
    _record(
        current,
        axis=Event.Axis.STAGE,
        from_value=from_stage,
        to_value=Stage.TRANSMITTED,
        effective_on=sent_on,
        reason=reason,
        by=by,
        proof_url=covering_letter_url,
        transmission=transmission,
    )
    return transmission


def transmit(
    recommendation, *, recipient, sent_on, reason, by, covering_letter_url="", response_due=None
):
    """Send a validated recommendation to one recipient and start its answer clock."""
    _require(by, "transmit_recommendation")
    reason = _check_reason(reason)
    _check_date(sent_on, field="sent_on")
    if response_due is not None and response_due < sent_on:
        raise TransitionError(
            _("La date de réponse attendue ne peut pas précéder l’envoi."), field="response_due"
        )
    with transaction.atomic():
        current = _lock(recommendation)
        if current.stage == Stage.FORMULATED:
            raise TransitionError(_("Une recommandation doit être validée avant d’être transmise."))
        transmission = _open_transmission(
            current,
            recipient=recipient,
            sent_on=sent_on,
            response_due=response_due,
            covering_letter_url=covering_letter_url,
            reason=reason,
            by=by,
        )
    recommendation.refresh_from_db()
    return transmission


def record_answer(
    transmission,
    *,
    answer,
    answered_on,
    reason,
    by,
    summary="",
    proof_url="",
    rerouted_to=None,
    corrects=None,
):
    """Record (or revise) a recipient's answer; a re-routing opens a transmission to the new one.

    A revised answer replaces the current one on the transmission, and the earlier answer stays
    in the history as its own event.
    """
    _require(by, "record_answer")
    if transmission.pk is None:
        raise TransitionError(
            _(
                "Cette recommandation n’a pas été transmise à ce destinataire : il n’y a pas de "
                "réponse à enregistrer."
            )
        )
    reason = _check_reason(reason)
    if answer not in Answer.values or answer == Answer.PENDING:
        raise TransitionError(_("Choisissez la réponse reçue."), field="answer")
    if answer == Answer.REROUTED and rerouted_to is None:
        raise TransitionError(
            _("Indiquez à quel destinataire la recommandation a été réorientée."),
            field="rerouted_to",
        )
    if answer != Answer.REROUTED and rerouted_to is not None:
        raise TransitionError(
            _("Un nouveau destinataire ne s’indique que pour une réponse « réorientée »."),
            field="rerouted_to",
        )
    if rerouted_to is not None and rerouted_to.pk == transmission.recipient_id:
        raise TransitionError(
            _("La recommandation ne peut pas être réorientée vers le même destinataire."),
            field="rerouted_to",
        )
    with transaction.atomic():
        current = _lock(transmission.recommendation)
        sent = Transmission.objects.select_for_update().get(pk=transmission.pk)
        if sent.recommendation_id != current.pk:
            raise TransitionError(_("Cette transmission ne concerne pas cette recommandation."))
        _check_date(
            answered_on,
            field="answered_on",
            not_before=sent.sent_on,
            not_before_message=_("La réponse ne peut pas précéder l’envoi (%(date)s).")
            % {"date": sent.sent_on.strftime("%d/%m/%Y")},
        )
        if sent.answer == answer:
            raise TransitionError(
                _("La réponse enregistrée est déjà « %(answer)s ».")
                % {"answer": sent.get_answer_display()},
                field="answer",
            )
        if sent.answer == Answer.REROUTED:
            raise TransitionError(
                _(
                    "Cette transmission a été réorientée : enregistrez la réponse sur la nouvelle "
                    "transmission."
                )
            )
        previous = sent.answer
        sent.answer = answer
        sent.answered_on = answered_on
        sent.answer_summary = summary
        sent.answer_proof_url = proof_url
        sent.save()
        event = _record(
            current,
            axis=Event.Axis.ANSWER,
            from_value=previous,
            to_value=answer,
            effective_on=answered_on,
            reason=reason,
            by=by,
            proof_url=proof_url,
            transmission=sent,
            corrects=corrects,
        )
        if answer == Answer.REROUTED:
            _open_transmission(
                current,
                recipient=rerouted_to,
                sent_on=answered_on,
                response_due=None,
                covering_letter_url=proof_url,
                reason=_("Réorientée par %(recipient)s : %(reason)s")
                % {"recipient": sent.recipient, "reason": reason},
                by=by,
                rerouted_from=sent,
            )
    transmission.refresh_from_db()
    return event


IMPLEMENTATION_NEEDS_PROOF = {Implementation.DONE}


def record_implementation(
    recommendation, *, status, effective_on, reason, by, proof_url="", corrects=None
):
    """Record what was actually done about a recommendation, whatever the answers say."""
    _require(by, "record_implementation")
    reason = _check_reason(reason)
    _check_date(effective_on, field="effective_on")
    if status not in Implementation.values:
        raise TransitionError(_("Choisissez un état de mise en œuvre."), field="status")
    if status == Implementation.NOT_ASSESSED:
        raise TransitionError(
            _(
                "Une mise en œuvre déjà évaluée ne redevient pas « non évaluée » : enregistrez "
                "l’état constaté."
            ),
            field="status",
        )
    if status in IMPLEMENTATION_NEEDS_PROOF and not proof_url:
        raise TransitionError(
            _(
                "« Réalisée » demande une preuve : le lien vers l’acte adopté, la ligne budgétaire "
                "ou la mesure publiée."
            ),
            field="proof_url",
        )
    with transaction.atomic():
        current = _lock(recommendation)
        if current.implementation == status:
            raise TransitionError(
                _("La mise en œuvre est déjà « %(status)s ».")
                % {"status": current.get_implementation_display()},
                field="status",
            )
        previous = current.implementation
        current.implementation = status
        current.save(update_fields=["implementation", "modified"])
        event = _record(
            current,
            axis=Event.Axis.IMPLEMENTATION,
            from_value=previous,
            to_value=status,
            effective_on=effective_on,
            reason=reason,
            by=by,
            proof_url=proof_url,
            corrects=corrects,
        )
    recommendation.refresh_from_db()
    return event


def correct_event(event, *, reason, by, effective_on=None, proof_url=None):
    """Correct an event's date, reason or proof with a new event that says what it corrects.

    The corrected event stays as it was; the history shows both. A wrong value (an answer or a
    status recorded by mistake) is corrected by recording the right one with ``corrects``.
    """
    permission = {
        Event.Axis.STAGE: "validate_recommendation",
        Event.Axis.ANSWER: "record_answer",
        Event.Axis.IMPLEMENTATION: "record_implementation",
    }[event.axis]
    _require(by, permission)
    reason = _check_reason(reason)
    if effective_on is not None:
        _check_date(effective_on, field="effective_on")
    with transaction.atomic():
        current = _lock(event.recommendation)
        return _record(
            current,
            axis=event.axis,
            from_value=event.from_value,
            to_value=event.to_value,
            effective_on=effective_on or event.effective_on,
            reason=reason,
            by=by,
            proof_url=event.proof_url if proof_url is None else proof_url,
            transmission=event.transmission,
            corrects=event,
        )


def create_recommendation(*, theme, title, statement, formulated_on, reason, by, easy_read=""):
    """Formulate a new recommendation in a theme, with the next free reference."""
    _require(by, "add_recommendation")
    reason = _check_reason(reason)
    _check_date(formulated_on, field="formulated_on")
    if not title.strip() or not statement.strip():
        raise TransitionError(_("Une recommandation a besoin d’un titre et d’un énoncé."))
    with transaction.atomic():
        # Lock the theme's row so two coordinators cannot take the same number.
        type(theme).objects.select_for_update().get(pk=theme.pk)
        position = (theme.recommendations.aggregate(last=Max("position"))["last"] or 0) + 1
        recommendation = Recommendation.objects.create(
            theme=theme,
            position=position,
            reference=f"R{theme.position}.{position:02d}",
            title=title.strip(),
            statement=statement.strip(),
            easy_read=easy_read.strip(),
        )
        _record(
            recommendation,
            axis=Event.Axis.STAGE,
            from_value="",
            to_value=Stage.FORMULATED,
            effective_on=formulated_on,
            reason=reason,
            by=by,
        )
    return recommendation
