"""Every change to a recommendation's follow-up, each written together with its dated event.

Each service locks the recommendation's row, checks that the move is allowed from the state it
finds, then writes the change and its event in one transaction: two coordinators acting at the
same moment are serialised, and the state can never contradict the history.
"""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import roles
from core.dates import date_problem, planned_date_problem
from core.emails import language_of, queue_email, site_url
from core.services import ServiceError, StaleFormError, require_permission

from . import documents
from .models import (
    AnswerLink,
    CoordinationNote,
    Event,
    ImplementingAct,
    RecipientAnswer,
    Recommendation,
    TargetDate,
    Transmission,
    default_response_due,
)
from .signals import announce_event

logger = logging.getLogger(__name__)

Stage = Recommendation.Stage
Implementation = Recommendation.Implementation
Answer = Transmission.Answer


def _require(user, permission):
    require_permission(user, f"recommendations.{permission}")


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Indiquez la raison de ce changement : elle sera publiée."), field="reason"
        )
    return reason


def _check_date(value, *, field, not_before=None, not_before_message=None):
    if value is None:
        raise ServiceError(_("Indiquez la date."), field=field)
    problem = date_problem(value)
    if problem:
        raise ServiceError(problem, field=field)
    if not_before is not None and value < not_before:
        raise ServiceError(not_before_message, field=field)
    return value


def _lock(recommendation, seen_version=None):
    """Lock the recommendation's row; refuse if it moved since the form showed ``seen_version``."""
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if seen_version is not None:
        newer = list(current.events.filter(sequence__gt=seen_version).order_by("sequence"))
        if newer:
            changes = " ; ".join(
                _("n° %(sequence)s du %(date)s : %(axis)s « %(label)s »")
                % {
                    "sequence": event.sequence,
                    "date": event.recorded_at.strftime("%d/%m/%Y %H:%M"),
                    "axis": event.get_axis_display(),
                    "label": event.to_label,
                }
                for event in newer
            )
            raise StaleFormError(
                _(
                    "Cette recommandation a changé pendant que vous remplissiez ce formulaire "
                    "(%(changes)s). Relisez son historique : votre texte est gardé, envoyez-le à "
                    "nouveau s’il est toujours juste."
                )
                % {"changes": changes},
                version=newer[-1].sequence,
            )
    return current


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
    source=Event.Source.COORDINATION,
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
        source=source,
    )
    transaction.on_commit(lambda: announce_event(event.pk))
    return event


def validate(recommendation, *, validated_on, reason, by, seen_version=None):
    """Mark a formulated recommendation as validated by the coordination."""
    _require(by, "validate_recommendation")
    reason = _check_reason(reason)
    _check_date(validated_on, field="validated_on")
    with transaction.atomic():
        current = _lock(recommendation, seen_version)
        if current.stage != Stage.FORMULATED:
            raise ServiceError(
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
        raise ServiceError(
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


def _check_planned(value, *, field):
    """Refuse a planned date (deadline, target) before the Assises or years ahead."""
    problem = value is not None and planned_date_problem(value)
    if problem:
        raise ServiceError(problem, field=field)


def transmit(
    recommendation,
    *,
    recipient,
    sent_on,
    reason,
    by,
    covering_letter_url="",
    response_due=None,
    seen_version=None,
):
    """Send a validated recommendation to one recipient and start its answer clock."""
    _require(by, "transmit_recommendation")
    reason = _check_reason(reason)
    _check_date(sent_on, field="sent_on")
    if response_due is not None and response_due < sent_on:
        raise ServiceError(
            _("La date de réponse attendue ne peut pas précéder l’envoi."), field="response_due"
        )
    _check_planned(response_due, field="response_due")
    with transaction.atomic():
        current = _lock(recommendation, seen_version)
        if current.stage == Stage.FORMULATED:
            raise ServiceError(_("Une recommandation doit être validée avant d’être transmise."))
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


def _freeze_documents(transmission, *, event, letter_template):
    letter = documents.fill_letter(letter_template, transmission, site_url=settings.SITE_URL)
    try:
        return documents.freeze(transmission, event=event, letter=letter)
    except documents.DocumentUnavailable as error:
        raise ServiceError(
            _(
                "Le courrier et le dossier n’ont pas pu être produits, rien n’a été transmis : "
                "%(error)s"
            )
            % {"error": error},
            field="letter_template",
        ) from error


def transmit_to_recipients(
    recommendation,
    *,
    recipients,
    sent_on,
    reason,
    by,
    response_due=None,
    covering_letter_url="",
    letter_template=None,
    seen_version=None,
):
    """Send a recommendation to several recipients at once: every transmission opens or none.

    With a letter template, each recipient's covering letter and dossier are written from it and
    frozen with the transmission (stored file, SHA-256, date): later edits of the template or of
    the recommendation never change what was sent.
    """
    recipients = list(recipients)
    if not recipients:
        raise ServiceError(_("Choisissez au moins un destinataire."), field="recipients")
    transmissions = []
    with transaction.atomic():
        for index, recipient in enumerate(recipients):
            # Only the first checks the form's version: the next follow the events written here.
            transmission = transmit(
                recommendation,
                recipient=recipient,
                sent_on=sent_on,
                response_due=response_due,
                covering_letter_url=covering_letter_url,
                reason=reason,
                by=by,
                seen_version=seen_version if index == 0 else None,
            )
            if letter_template is not None:
                event = transmission.events.get(axis=Event.Axis.STAGE)
                _freeze_documents(transmission, event=event, letter_template=letter_template)
            transmissions.append(transmission)
    return transmissions


def correct_sent_documents(transmission, *, letter_template, corrected_on, reason, by):
    """Send a corrected letter and dossier: a new dated event with new frozen files.

    What was frozen before stays stored and linked; the history says which event is corrected.
    """
    _require(by, "transmit_recommendation")
    reason = _check_reason(reason)
    with transaction.atomic():
        current = _lock(transmission.recommendation)
        sent = Transmission.objects.select_for_update().get(pk=transmission.pk)
        _check_date(
            corrected_on,
            field="corrected_on",
            not_before=sent.sent_on,
            not_before_message=_("La correction ne peut pas précéder l’envoi (%(date)s).")
            % {"date": sent.sent_on.strftime("%d/%m/%Y")},
        )
        original = sent.events.filter(axis=Event.Axis.STAGE).order_by("sequence").first()
        event = _record(
            current,
            axis=Event.Axis.STAGE,
            from_value=Stage.TRANSMITTED,
            to_value=Stage.TRANSMITTED,
            effective_on=corrected_on,
            reason=reason,
            by=by,
            transmission=sent,
            corrects=original,
        )
        _freeze_documents(sent, event=event, letter_template=letter_template)
    return event


def _transmission_change(sent, *, sent_on, recipient):
    """The public sentence saying what a correction of a transmission changes."""
    changes = []
    if sent_on != sent.sent_on:
        changes.append(
            _("date d’envoi corrigée : le %(new)s, et non le %(old)s")
            % {"new": sent_on.strftime("%d/%m/%Y"), "old": sent.sent_on.strftime("%d/%m/%Y")}
        )
    if recipient.pk != sent.recipient_id:
        changes.append(
            _("destinataire corrigé : %(new)s, et non %(old)s")
            % {"new": recipient, "old": sent.recipient}
        )
    return changes


def correct_transmission(
    transmission, *, reason, by, sent_on=None, recipient=None, seen_version=None
):
    """Correct a transmission's sending date or recipient with a new event that says so.

    The events already written stay as they were; the new one corrects the latest event of this
    transmission and says publicly what changed. The transmission itself holds the current state
    (as an answer does), so its date, recipient and, when it was the default, its deadline follow.
    """
    _require(by, "transmit_recommendation")
    reason = _check_reason(reason)
    with transaction.atomic():
        current = _lock(transmission.recommendation, seen_version)
        sent = (
            Transmission.objects.select_for_update()
            .select_related("recipient")
            .get(pk=transmission.pk)
        )
        if sent.recommendation_id != current.pk:
            raise ServiceError(_("Cette transmission ne concerne pas cette recommandation."))
        sent_on = sent_on or sent.sent_on
        recipient = recipient or sent.recipient
        _check_date(sent_on, field="sent_on")
        changes = _transmission_change(sent, sent_on=sent_on, recipient=recipient)
        if not changes:
            raise ServiceError(
                _(
                    "La date d’envoi et le destinataire sont ceux déjà enregistrés : "
                    "rien à corriger."
                ),
                field="sent_on",
            )
        if sent.answered_on is not None and sent_on > sent.answered_on:
            raise ServiceError(
                _("L’envoi ne peut pas suivre la réponse enregistrée (%(date)s).")
                % {"date": sent.answered_on.strftime("%d/%m/%Y")},
                field="sent_on",
            )
        if recipient.pk != sent.recipient_id:
            if sent.answer != Answer.PENDING:
                raise ServiceError(
                    _(
                        "Une réponse est déjà enregistrée pour cet envoi : le destinataire ne se "
                        "corrige plus."
                    ),
                    field="recipient",
                )
            if current.transmissions.filter(recipient=recipient, answer=Answer.PENDING).exists():
                raise ServiceError(
                    _("Cette recommandation attend déjà une réponse de %(recipient)s.")
                    % {"recipient": recipient},
                    field="recipient",
                )
        if sent.response_due == default_response_due(sent.sent_on):
            sent.response_due = default_response_due(sent_on)
        elif sent.response_due < sent_on:
            raise ServiceError(
                _("La réponse attendue (%(date)s) ne peut pas précéder l’envoi.")
                % {"date": sent.response_due.strftime("%d/%m/%Y")},
                field="sent_on",
            )
        corrected = sent.events.filter(axis=Event.Axis.STAGE).order_by("-sequence").first()
        summary = "; ".join(changes)
        event = _record(
            current,
            axis=Event.Axis.STAGE,
            from_value=Stage.TRANSMITTED,
            to_value=Stage.TRANSMITTED,
            effective_on=sent_on,
            reason=f"{summary[0].upper()}{summary[1:]}. {reason}",
            by=by,
            transmission=sent,
            corrects=corrected,
        )
        if recipient.pk != sent.recipient_id:
            sent.answer_links.filter(revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_by=by
            )
        sent.sent_on = sent_on
        sent.recipient = recipient
        sent.save(update_fields=["sent_on", "recipient", "response_due", "modified"])
    transmission.refresh_from_db()
    return event


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
    seen_version=None,
):
    """Record (or revise) a recipient's answer; a re-routing opens a transmission to the new one.

    A revised answer replaces the current one on the transmission, and the earlier answer stays
    in the history as its own event.
    """
    _require(by, "record_answer")
    return _answer(
        transmission,
        answer=answer,
        answered_on=answered_on,
        reason=reason,
        by=by,
        summary=summary,
        proof_url=proof_url,
        rerouted_to=rerouted_to,
        corrects=corrects,
        seen_version=seen_version,
    )


def _answer(
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
    seen_version=None,
    source=Event.Source.COORDINATION,
):
    """Write an answer and its event; the caller has checked who may give it.

    The recipient itself may repeat its answer in new words (a new event); the coordination
    records a change of answer only.
    """
    if transmission.pk is None:
        raise ServiceError(
            _(
                "Cette recommandation n’a pas été transmise à ce destinataire : il n’y a pas de "
                "réponse à enregistrer."
            )
        )
    reason = _check_reason(reason)
    if answer not in Answer.values or answer == Answer.PENDING:
        raise ServiceError(_("Choisissez la réponse reçue."), field="answer")
    if answer == Answer.REROUTED and rerouted_to is None:
        raise ServiceError(
            _("Indiquez à quel destinataire la recommandation a été réorientée."),
            field="rerouted_to",
        )
    if answer != Answer.REROUTED and rerouted_to is not None:
        raise ServiceError(
            _("Un nouveau destinataire ne s’indique que pour une réponse « réorientée »."),
            field="rerouted_to",
        )
    if rerouted_to is not None and rerouted_to.pk == transmission.recipient_id:
        raise ServiceError(
            _("La recommandation ne peut pas être réorientée vers le même destinataire."),
            field="rerouted_to",
        )
    with transaction.atomic():
        current = _lock(transmission.recommendation, seen_version)
        sent = Transmission.objects.select_for_update().get(pk=transmission.pk)
        if sent.recommendation_id != current.pk:
            raise ServiceError(_("Cette transmission ne concerne pas cette recommandation."))
        _check_date(
            answered_on,
            field="answered_on",
            not_before=sent.sent_on,
            not_before_message=_("La réponse ne peut pas précéder l’envoi (%(date)s).")
            % {"date": sent.sent_on.strftime("%d/%m/%Y")},
        )
        if corrects is not None and (
            corrects.transmission_id != sent.pk or corrects.axis != Event.Axis.ANSWER
        ):
            raise ServiceError(_("Une réponse ne corrige qu’une réponse de la même transmission."))
        if sent.answer == answer and source == Event.Source.COORDINATION and corrects is None:
            raise ServiceError(
                _("La réponse enregistrée est déjà « %(answer)s ».")
                % {"answer": sent.get_answer_display()},
                field="answer",
            )
        if sent.answer == Answer.REROUTED:
            raise ServiceError(
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
            source=source,
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


#: Implementation statuses that must cite the adopted act carrying them (its link is the proof).
IMPLEMENTATION_NEEDS_ACT = {Implementation.DONE, Implementation.PARTLY_DONE}


def record_implementation(
    recommendation,
    *,
    status,
    effective_on,
    reason,
    by,
    proof_url="",
    corrects=None,
    seen_version=None,
    act=None,
):
    """Record what was actually done about a recommendation, whatever the answers say.

    « Réalisée » and « réalisée en partie » cite the act that carries them: one already cited
    for this recommendation, or ``act`` (kind, title, adopted_on, url), cited with this event.
    """
    _require(by, "record_implementation")
    reason = _check_reason(reason)
    _check_date(effective_on, field="effective_on")
    if status not in Implementation.values:
        raise ServiceError(_("Choisissez un état de mise en œuvre."), field="status")
    if status == Implementation.NOT_ASSESSED:
        raise ServiceError(
            _(
                "Une mise en œuvre déjà évaluée ne redevient pas « non évaluée » : enregistrez "
                "l’état constaté."
            ),
            field="status",
        )
    if act is not None:
        act = _check_act(act)
        proof_url = proof_url or act["url"]
    with transaction.atomic():
        current = _lock(recommendation, seen_version)
        if status in IMPLEMENTATION_NEEDS_ACT and act is None and not current.acts.exists():
            raise ServiceError(
                _(
                    "« Réalisée » et « réalisée en partie » demandent l’acte qui les porte : "
                    "décret, arrêté, circulaire, ligne budgétaire ou mesure publiée, avec son lien "
                    "officiel."
                ),
                field="act_title",
            )
        if current.implementation == status:
            raise ServiceError(
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
        if act is not None:
            ImplementingAct.objects.create(recommendation=current, recorded_by=by, **act)
    recommendation.refresh_from_db()
    return event


def _check_act(act):
    title = (act.get("title") or "").strip()
    if act.get("kind") not in ImplementingAct.Kind.values:
        raise ServiceError(_("Choisissez la nature de l’acte."), field="act_kind")
    if not title:
        raise ServiceError(_("Donnez l’intitulé de l’acte."), field="act_title")
    if not act.get("url"):
        raise ServiceError(_("Donnez le lien officiel de l’acte."), field="act_url")
    adopted_on = _check_date(act.get("adopted_on"), field="act_adopted_on")
    return {"kind": act["kind"], "title": title, "adopted_on": adopted_on, "url": act["url"]}


def cite_act(recommendation, *, kind, title, adopted_on, url, by):
    """Cite one more adopted act that carries out a recommendation."""
    _require(by, "record_implementation")
    act = _check_act({"kind": kind, "title": title, "adopted_on": adopted_on, "url": url})
    return ImplementingAct.objects.create(recommendation=recommendation, recorded_by=by, **act)


def correct_event(event, *, reason, by, effective_on=None, proof_url=None, seen_version=None):
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
        current = _lock(event.recommendation, seen_version)
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


def create_recommendation(
    *, theme, title, statement, formulated_on, reason, by, easy_read="", is_published=True
):
    """Formulate a new recommendation in a theme, with the next free reference."""
    _require(by, "add_recommendation")
    reason = _check_reason(reason)
    _check_date(formulated_on, field="formulated_on")
    if not title.strip() or not statement.strip():
        raise ServiceError(_("Une recommandation a besoin d’un titre et d’un énoncé."))
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
            is_published=is_published,
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


# The recipient's own voice: a secret answer link per transmission, its answers in its words,
# the coordination's notes beside them, and the target dates announced for implementation.


ANSWER_TEXT_MAX_LENGTH = 5000


def _key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def answer_url(transmission_pk, key):
    """The absolute address of an answer link, for the letter and the e-mails."""
    path = reverse("recommendations:recipient_answer", args=[transmission_pk, key])
    return f"{site_url()}{path}"


def create_answer_link(transmission):
    """Make a new secret answer address for one transmission; return the link and its key.

    The key exists only in what is sent; the database keeps its SHA-256.
    """
    key = secrets.token_urlsafe(32)
    link = AnswerLink.objects.create(
        transmission=transmission,
        key_hash=_key_hash(key),
        expires_on=transmission.response_due
        + datetime.timedelta(days=settings.ANSWER_LINK_EXTRA_DAYS),
    )
    return link, key


def _mail_answer_link(transmission, key, contacts):
    context = {
        "transmission": transmission,
        "recommendation": transmission.recommendation,
        "recipient": transmission.recipient,
        "link": answer_url(transmission.pk, key),
        "site_url": site_url(),
    }
    language = settings.LANGUAGE_CODE
    for contact in contacts:
        queue_email(
            contact.email,
            "recommendations/emails/answer_link",
            {**context, "contact": contact},
            language=language,
        )


def send_answer_link(transmission, *, by):
    """Give a transmission a fresh answer link and e-mail it to the recipient's active contacts."""
    _require(by, "transmit_recommendation")
    contacts = list(transmission.recipient.contacts.filter(is_active=True))
    if not contacts:
        raise ServiceError(
            _(
                "%(recipient)s n’a aucun contact actif : ajoutez-en un dans l’administration "
                "des destinataires."
            )
            % {"recipient": transmission.recipient}
        )
    with transaction.atomic():
        link, key = create_answer_link(transmission)
        _mail_answer_link(transmission, key, contacts)
    return link


def revoke_answer_link(link, *, by):
    """Stop an answer link from working; the answers already given through it stay."""
    _require(by, "transmit_recommendation")
    with transaction.atomic():
        current = AnswerLink.objects.select_for_update().get(pk=link.pk)
        if current.revoked_at is None:
            current.revoked_at = timezone.now()
            current.revoked_by = by
            current.save(update_fields=["revoked_at", "revoked_by", "modified"])
    link.refresh_from_db()
    return link


class AnswerLinkRefused(ServiceError):
    """Why an answer link cannot be used: ``reason`` is ``unknown``, ``expired`` or ``revoked``."""

    def __init__(self, message, *, reason, link=None):
        super().__init__(message)
        self.reason = reason
        self.link = link


def find_answer_link(transmission_pk, key):
    """The link this address names, usable or not, or None if it names none."""
    return (
        AnswerLink.objects.select_related("transmission__recommendation__theme")
        .select_related("transmission__recipient")
        .filter(transmission_id=transmission_pk, key_hash=_key_hash(key or ""))
        .first()
    )


def usable_answer_link(transmission_pk, key, *, today=None):
    """Return the link if it may be used now; refuse an unknown, revoked or expired one."""
    link = find_answer_link(transmission_pk, key)
    if link is None:
        raise AnswerLinkRefused(
            _("Ce lien de réponse n’est pas valable : vérifiez qu’il est complet."),
            reason="unknown",
        )
    if link.revoked_at is not None:
        raise AnswerLinkRefused(
            _("Ce lien de réponse a été retiré par la coordination."), reason="revoked", link=link
        )
    if link.is_expired(today):
        raise AnswerLinkRefused(
            _("Ce lien de réponse a expiré le %(date)s.")
            % {"date": link.expires_on.strftime("%d/%m/%Y")},
            reason="expired",
            link=link,
        )
    return link


def request_new_answer_link(link, *, email):
    """Send a new link to ``email`` if it is an active contact of the link's recipient.

    The caller always says the same thing, so nobody learns which addresses are contacts.
    """
    email = (email or "").strip()
    contact = link.transmission.recipient.contacts.filter(
        is_active=True, email__iexact=email
    ).first()
    if contact is None:
        logger.info("New answer link asked for transmission %s by a non-contact", link.pk)
        return None
    with transaction.atomic():
        new_link, key = create_answer_link(link.transmission)
        _mail_answer_link(link.transmission, key, [contact])
    return new_link


def _clean_text(value, *, field, limit, message):
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(
            _("%(limit)s caractères au plus ; ce texte en compte %(count)s.")
            % {"limit": limit, "count": len(value)},
            field=field,
        )
    return value


def answer_as_recipient(
    link,
    *,
    answer,
    text,
    responder_name,
    responder_role,
    letter_url="",
    target_on=None,
    rerouted_to=None,
    today=None,
):
    """Record an answer the recipient gives itself, in its own words, through its answer link.

    It goes through the same rules as the coordination's answers, as an event marked as the
    recipient's; answering again later is a new event, and the first stays in the history.
    """
    today = today or timezone.localdate()
    text = _clean_text(
        text,
        field="text",
        limit=ANSWER_TEXT_MAX_LENGTH,
        message=_("Écrivez votre réponse : elle sera publiée telle quelle."),
    )
    responder_name = _clean_text(
        responder_name, field="responder_name", limit=200, message=_("Indiquez votre nom.")
    )
    responder_role = _clean_text(
        responder_role, field="responder_role", limit=200, message=_("Indiquez votre fonction.")
    )
    if target_on is not None:
        if answer not in (Answer.ACCEPTED, Answer.PARTLY_ACCEPTED):
            raise ServiceError(
                _("Une échéance de mise en œuvre s’annonce avec une réponse « accueillie »."),
                field="target_on",
            )
        if target_on < today:
            raise ServiceError(_("L’échéance annoncée ne peut pas être passée."), field="target_on")
        _check_planned(target_on, field="target_on")
    transmission = link.transmission
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        current = AnswerLink.objects.select_for_update().get(pk=link.pk)
        if current.revoked_at is not None or current.is_expired(today):
            raise AnswerLinkRefused(
                _("Ce lien de réponse n’est plus valable."), reason="revoked", link=current
            )
        event = _answer(
            transmission,
            answer=answer,
            answered_on=today,
            reason=str(
                _("Réponse donnée par %(recipient)s, par son lien de réponse.")
                % {"recipient": transmission.recipient}
            ),
            by=None,
            summary=text,
            proof_url=letter_url,
            rerouted_to=rerouted_to,
            source=Event.Source.RECIPIENT,
        )
        RecipientAnswer.objects.create(
            event=event,
            link=current,
            text=text,
            letter_url=letter_url,
            responder_name=responder_name,
            responder_role=responder_role,
        )
        if target_on is not None:
            TargetDate.objects.create(
                recommendation=transmission.recommendation,
                transmission=transmission,
                target_on=target_on,
                reason=str(
                    _("Échéance annoncée par %(recipient)s dans sa réponse.")
                    % {"recipient": transmission.recipient}
                ),
                source=Event.Source.RECIPIENT,
            )
        event_pk = event.pk
        transaction.on_commit(lambda: _tell_coordinators_of_answer(event_pk))
    return event


def _tell_coordinators_of_answer(event_pk):
    event = Event.objects.select_related(
        "recommendation", "transmission__recipient", "recipient_answer"
    ).get(pk=event_pk)
    context = {
        "event": event,
        "recommendation": event.recommendation,
        "answer": event.recipient_answer,
        "page": f"{site_url()}{event.recommendation.get_absolute_url()}#historique",
        "site_url": site_url(),
    }
    for user in roles.coordinators().exclude(email=""):
        queue_email(
            user.email,
            "recommendations/emails/recipient_answered",
            {**context, "user": user},
            language=language_of(user),
        )


def add_coordination_note(event, *, text, by):
    """Add the coordination's reading beside an event, which itself stays as it was."""
    _require(by, "record_answer")
    text = _clean_text(
        text, field="text", limit=5000, message=_("Écrivez la note de la coordination.")
    )
    return CoordinationNote.objects.create(event=event, text=text, recorded_by=by)


def set_target_date(recommendation, *, target_on, reason, by, transmission=None):
    """Announce or move the date by which a recommendation should be carried out."""
    _require(by, "record_implementation")
    reason = _check_reason(reason)
    if target_on is None:
        raise ServiceError(_("Indiquez l’échéance."), field="target_on")
    _check_planned(target_on, field="target_on")
    with transaction.atomic():
        current = _lock(recommendation)
        latest = current.target_dates.order_by("-recorded_at", "-pk").first()
        if latest is not None and latest.target_on == target_on:
            raise ServiceError(
                _("L’échéance annoncée est déjà le %(date)s.")
                % {"date": target_on.strftime("%d/%m/%Y")},
                field="target_on",
            )
        return TargetDate.objects.create(
            recommendation=current,
            transmission=transmission,
            target_on=target_on,
            reason=reason,
            recorded_by=by,
        )
