"""Everything partners and coordinators change in the discussion, each rule checked in one place.

Like the follow-up's services: keyword-only arguments, the permission checked first
(``PermissionDenied``), then the rules (``core.services.ServiceError``, shown on the form),
all writes of one action in one transaction. Emails are queued to go out after it commits.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.services import ServiceError, require_permission
from partners.models import Profile
from recommendations.models import Recommendation, Transmission

from . import notifications
from .models import (
    COMMENT_MAX_LENGTH,
    EDIT_WINDOW,
    Comment,
    CommentVersion,
    CoSignature,
    Moderation,
    Report,
    Unsubscription,
    Verdict,
)

RATE_LIMIT = 10
RATE_WINDOW = datetime.timedelta(minutes=10)
REASON_MAX_LENGTH = 1000


def _require(user, permission):
    require_permission(user, f"discussion.{permission}")


def organisation_of(user):
    """The organisation a partner speaks for, or None."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "organisation", None)


def _require_organisation(user):
    organisation = organisation_of(user)
    if organisation is None:
        raise PermissionDenied(
            _("Votre compte n’est rattaché à aucune organisation : demandez-le à la coordination.")
        )
    return organisation


def _require_published(recommendation):
    if not recommendation.is_published:
        raise ServiceError(_("Cette recommandation n’est pas publiée."))


def _clean_body(body):
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise ServiceError(_("Écrivez votre commentaire."), field="body")
    if len(body) > COMMENT_MAX_LENGTH:
        raise ServiceError(
            _(
                "Un commentaire compte au plus %(limit)s caractères ; le vôtre en compte "
                "%(count)s. Raccourcissez-le ou partagez-le en deux."
            )
            % {
                "limit": formats.number_format(COMMENT_MAX_LENGTH, force_grouping=True),
                "count": formats.number_format(len(body), force_grouping=True),
            },
            field="body",
        )
    return body


def _clean_reason(reason, *, message):
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(message, field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ServiceError(
            _("La raison compte au plus %(limit)s caractères.") % {"limit": REASON_MAX_LENGTH},
            field="reason",
        )
    return reason


def _check_rate(author, now):
    """Refuse an eleventh comment in ten minutes; the author's row lock serialises the count."""
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    recent = Comment.objects.filter(author=author, created__gt=now - RATE_WINDOW).count()
    if recent >= RATE_LIMIT:
        raise ServiceError(
            _(
                "Vous avez publié %(limit)s commentaires ces %(minutes)s dernières minutes : "
                "attendez quelques minutes avant de publier celui-ci : votre texte est gardé."
            )
            % {"limit": RATE_LIMIT, "minutes": int(RATE_WINDOW.total_seconds() // 60)},
            field="body",
        )


def _write_comment(*, recommendation, author, organisation, body, parent=None):
    comment = Comment.objects.create(
        recommendation=recommendation,
        author=author,
        organisation=organisation,
        parent=parent,
        body=body,
    )
    CommentVersion.objects.create(comment=comment, body=body, created=comment.created)
    notifications.notify_coordinators_of_comment(comment)
    return comment


def post_comment(*, recommendation, author, body, parent=None):
    """Publish a partner's comment, or a reply to a comment, under their organisation's name."""
    _require(author, "add_comment")
    organisation = _require_organisation(author)
    _require_published(recommendation)
    body = _clean_body(body)
    if parent is not None:
        if parent.recommendation_id != recommendation.pk:
            raise ServiceError(_("Ce commentaire ne concerne pas cette recommandation."))
        if parent.parent_id is not None:
            raise ServiceError(
                _(
                    "On répond à un commentaire, pas à une réponse : répondez au commentaire "
                    "de départ."
                )
            )
        if parent.is_hidden:
            raise ServiceError(_("Ce commentaire est masqué : on ne peut plus y répondre."))
    with transaction.atomic():
        _check_rate(author, timezone.now())
        return _write_comment(
            recommendation=recommendation,
            author=author,
            organisation=organisation,
            body=body,
            parent=parent,
        )


def edit_comment(comment, *, body, by):
    """Change a comment's text within the edit window; the earlier text stays as a version."""
    _require(by, "add_comment")
    if comment.author_id != by.pk:
        raise PermissionDenied(_("Seul l’auteur d’un commentaire peut le modifier."))
    body = _clean_body(body)
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        now = timezone.now()
        if current.is_hidden:
            raise ServiceError(_("Ce commentaire est masqué par la coordination."))
        if now >= current.editable_until():
            raise ServiceError(
                _(
                    "Un commentaire se modifie pendant %(minutes)s minutes après sa publication ; "
                    "ce délai est passé. Vous pouvez publier un nouveau commentaire."
                )
                % {"minutes": int(EDIT_WINDOW.total_seconds() // 60)},
                field="body",
            )
        if body == current.body:
            raise ServiceError(_("Le texte n’a pas changé."), field="body")
        _check_edit_limit(current)
        CommentVersion.objects.create(comment=current, body=body, created=now)
        current.body = body
        current.edited_at = now
        current.save(update_fields=["body", "edited_at", "modified"])
    comment.refresh_from_db()
    return comment


def _check_edit_limit(comment):
    """Refuse an edit past the limit: a comment keeps a bounded number of versions."""
    edits = comment.versions.count() - 1
    if edits >= settings.COMMENT_EDITS_PER_WINDOW:
        raise ServiceError(
            _(
                "Ce commentaire a déjà été modifié %(count)s fois : publiez plutôt un nouveau "
                "commentaire ; votre texte est gardé ci-dessous."
            )
            % {"count": edits},
            field="body",
        )


def _check_cosign_cycles(recommendation, organisation, now):
    """Refuse signing again and again: a few co-signatures per organisation and day."""
    recent = CoSignature.objects.filter(
        recommendation=recommendation,
        organisation=organisation,
        signed_at__gt=now - datetime.timedelta(days=1),
    ).count()
    if recent >= settings.COSIGNATURES_PER_DAY:
        raise ServiceError(
            _(
                "%(organisation)s a déjà soutenu cette recommandation %(count)s fois aujourd’hui : "
                "réessayez demain."
            )
            % {"organisation": organisation.name, "count": recent}
        )


def report_comment(comment, *, reason, by):
    """Ask the coordination to look at a comment; anyone signed in may."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour signaler un commentaire."))
    reason = _clean_reason(reason, message=_("Dites en quelques mots ce qui pose problème."))
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.is_hidden:
            raise ServiceError(_("Ce commentaire est déjà masqué par la coordination."))
        if current.reports.filter(reporter=by, handled_at__isnull=True).exists():
            raise ServiceError(
                _("Vous avez déjà signalé ce commentaire : la coordination va l’examiner.")
            )
        report = Report.objects.create(comment=current, reporter=by, reason=reason)
        notifications.notify_coordinators_of_report(report)
    return report


def _handle_reports(comment, *, by, now):
    comment.reports.filter(handled_at__isnull=True).update(handled_at=now, handled_by=by)


def hide_comment(comment, *, reason, by):
    """Hide a comment from the public with a public reason; its text and history stay."""
    _require(by, "moderate_comment")
    reason = _clean_reason(reason, message=_("Indiquez la raison : elle sera affichée à la place."))
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.is_hidden:
            raise ServiceError(_("Ce commentaire est déjà masqué."))
        now = timezone.now()
        current.is_hidden = True
        current.hidden_reason = reason
        current.hidden_by = by
        current.hidden_at = now
        current.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        Moderation.objects.create(
            comment=current, action=Moderation.Action.HIDE, reason=reason, by=by, created=now
        )
        _handle_reports(current, by=by, now=now)
    comment.refresh_from_db()
    return comment


def restore_comment(comment, *, by, reason=""):
    """Show a hidden comment again; the hiding stays in the moderation trail."""
    _require(by, "moderate_comment")
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if not current.is_hidden:
            raise ServiceError(_("Ce commentaire n’est pas masqué."))
        now = timezone.now()
        current.is_hidden = False
        current.hidden_reason = ""
        current.hidden_by = None
        current.hidden_at = None
        current.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        Moderation.objects.create(
            comment=current,
            action=Moderation.Action.RESTORE,
            reason=" ".join((reason or "").split()),
            by=by,
            created=now,
        )
        _handle_reports(current, by=by, now=now)
    comment.refresh_from_db()
    return comment


def dismiss_reports(comment, *, by):
    """Close a comment's open reports and leave it shown."""
    _require(by, "moderate_comment")
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if not current.reports.filter(handled_at__isnull=True).exists():
            raise ServiceError(_("Ce commentaire n’a pas de signalement en attente."))
        now = timezone.now()
        Moderation.objects.create(
            comment=current, action=Moderation.Action.DISMISS, by=by, created=now
        )
        _handle_reports(current, by=by, now=now)
    return comment


def has_outcome(recommendation):
    """Whether there is something decided to judge: an answer, or an assessed implementation."""
    if recommendation.implementation != Recommendation.Implementation.NOT_ASSESSED:
        return True
    return any(
        transmission.answer != Transmission.Answer.PENDING
        for transmission in recommendation.transmissions.all()
    )


def give_verdict(*, recommendation, verdict, body, by):
    """Record an organisation's view of what was decided, with the comment that explains it."""
    _require(by, "add_verdict")
    _require(by, "add_comment")
    organisation = _require_organisation(by)
    _require_published(recommendation)
    if verdict not in Verdict.Value.values:
        raise ServiceError(
            _("Choisissez : conforme, édulcorée ou contraire à la recommandation."),
            field="verdict",
        )
    body = _clean_body(body)
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if not has_outcome(current):
            raise ServiceError(
                _(
                    "Le terrain donne son avis sur ce qui a été décidé : attendez qu’une réponse "
                    "ou un état de mise en œuvre soit enregistré pour cette recommandation."
                )
            )
        _check_rate(by, timezone.now())
        comment = _write_comment(
            recommendation=current, author=by, organisation=organisation, body=body
        )
        return Verdict.objects.create(
            recommendation=current,
            organisation=organisation,
            author=by,
            verdict=verdict,
            comment=comment,
        )


def cosign(*, recommendation, by):
    """Add the partner's organisation to the recommendation's supporters."""
    _require(by, "add_cosignature")
    organisation = _require_organisation(by)
    _require_published(recommendation)
    try:
        with transaction.atomic():
            current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
            active = CoSignature.objects.filter(
                recommendation=current, organisation=organisation, withdrawn_at__isnull=True
            ).first()
            if active is not None:
                raise ServiceError(
                    _("%(organisation)s soutient déjà cette recommandation, depuis le %(date)s.")
                    % {
                        "organisation": organisation.name,
                        "date": formats.date_format(
                            timezone.localtime(active.signed_at), "DATE_FORMAT"
                        ),
                    }
                )
            _check_cosign_cycles(current, organisation, timezone.now())
            return CoSignature.objects.create(
                recommendation=current, organisation=organisation, signed_by=by
            )
    except IntegrityError as error:
        # Two members of one organisation clicking at the same moment.
        raise ServiceError(
            _("%(organisation)s soutient déjà cette recommandation.")
            % {"organisation": organisation.name}
        ) from error


def withdraw_cosignature(*, recommendation, by):
    """Withdraw the organisation's support; the signature stays, dated, with its withdrawal."""
    _require(by, "add_cosignature")
    organisation = _require_organisation(by)
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        active = (
            CoSignature.objects.select_for_update()
            .filter(recommendation=current, organisation=organisation, withdrawn_at__isnull=True)
            .first()
        )
        if active is None:
            raise ServiceError(
                _("%(organisation)s ne soutient pas cette recommandation.")
                % {"organisation": organisation.name}
            )
        active.withdrawn_at = timezone.now()
        active.withdrawn_by = by
        active.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return active


def unsubscribe(*, user, recommendation=None):
    """Stop follow-up emails about one recommendation, or every email when none is given."""
    if recommendation is None:
        Profile.objects.update_or_create(user=user, defaults={"email_notifications": False})
    else:
        Unsubscription.objects.get_or_create(user=user, recommendation=recommendation)
