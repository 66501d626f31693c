"""Partners' voice on each recommendation: comments, verdicts, co-signatures, moderation.

Nothing here is ever deleted through the site: comments keep every version of their text,
hidden comments stay with the reason they were hidden, a withdrawn co-signature stays dated and
an organisation's earlier verdicts stay behind its latest one.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnly, NeverDeleted, NeverDeletedQuerySet, TimeStampedModel

COMMENT_MAX_LENGTH = 5000
EDIT_WINDOW = datetime.timedelta(minutes=30)


class CommentQuerySet(NeverDeletedQuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Comment(NeverDeleted, TimeStampedModel):
    """What a partner wrote about a recommendation, under their organisation's name."""

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("recommandation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("auteur"),
    )
    organisation = models.ForeignKey(
        "themes.Organisation",
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("organisation"),
        help_text=_("L’organisation de l’auteur au moment où il a écrit."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("en réponse à"),
    )
    body = models.TextField(_("texte"))
    edited_at = models.DateTimeField(_("modifié par l’auteur le"), null=True, blank=True)
    is_hidden = models.BooleanField(_("masqué par la coordination"), default=False)
    hidden_reason = models.TextField(
        _("raison publique du masquage"),
        blank=True,
        help_text=_("Affichée à la place du commentaire : « masqué par la coordination : … »."),
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masqué par"),
    )
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created", "pk"]
        permissions = [("moderate_comment", _("Peut masquer et rétablir les commentaires"))]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="comment_body_required"),
            models.CheckConstraint(
                condition=models.Q(is_hidden=False) | ~models.Q(hidden_reason=""),
                name="comment_hidden_with_reason",
            ),
        ]

    def __str__(self):
        return _("Commentaire de %(author)s sur %(reference)s") % {
            "author": self.author_name,
            "reference": self.recommendation.reference,
        }

    def get_absolute_url(self):
        return f"{self.recommendation.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"commentaire-{self.pk}"

    @property
    def author_name(self):
        return self.author.get_full_name() or self.author.get_username()

    @property
    def is_edited(self):
        return self.edited_at is not None

    def editable_until(self):
        return self.created + EDIT_WINDOW

    def can_be_edited_by(self, user, now=None):
        """Whether the author may still change the text: theirs, shown, within the window."""
        return (
            user.is_authenticated
            and user.pk == self.author_id
            and not self.is_hidden
            and (now or timezone.now()) < self.editable_until()
        )


class CommentVersion(AppendOnly):
    """One version of a comment's text, the first one included."""

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="versions", verbose_name=_("commentaire")
    )
    body = models.TextField(_("texte"))
    created = models.DateTimeField(_("écrit le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("version d’un commentaire")
        verbose_name_plural = _("versions des commentaires")
        ordering = ["comment", "created", "pk"]

    def __str__(self):
        return _("Version du %(date)s") % {
            "date": timezone.localtime(self.created).strftime("%d/%m/%Y %H:%M")
        }


class Moderation(AppendOnly):
    """A coordinator hid or restored a comment: the trail stays after the comment changes."""

    class Action(models.TextChoices):
        HIDE = "masque", _("masqué")
        RESTORE = "retabli", _("rétabli")
        DISMISS = "classe", _("signalements classés sans suite")

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="moderations", verbose_name=_("commentaire")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("raison"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("par"),
    )
    created = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")
        ordering = ["comment", "created", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.comment_id}"


class Report(NeverDeleted, TimeStampedModel):
    """Someone signed in asked the coordination to look at a comment."""

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="reports", verbose_name=_("commentaire")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comment_reports",
        verbose_name=_("signalé par"),
    )
    reason = models.TextField(_("raison du signalement"))
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=models.Q(handled_at__isnull=True),
                name="unique_open_report_per_reporter",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="report_reason_required"),
        ]

    def __str__(self):
        return _("Signalement de %(reporter)s") % {"reporter": self.reporter}


class Verdict(NeverDeleted, TimeStampedModel):
    """The field's view of what was decided, given by an organisation with a comment.

    An organisation's latest verdict on a recommendation is the one that counts; the earlier ones
    stay, like the comments that came with them.
    """

    class Value(models.TextChoices):
        CONFORME = "conforme", _("conforme")
        EDULCOREE = "edulcoree", _("édulcorée")
        CONTRAIRE = "contraire", _("contraire")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.PROTECT,
        related_name="verdicts",
        verbose_name=_("recommandation"),
    )
    organisation = models.ForeignKey(
        "themes.Organisation",
        on_delete=models.PROTECT,
        related_name="verdicts",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="verdicts",
        verbose_name=_("auteur"),
    )
    verdict = models.CharField(_("avis"), max_length=20, choices=Value.choices)
    comment = models.OneToOneField(
        Comment, on_delete=models.PROTECT, related_name="verdict", verbose_name=_("commentaire")
    )

    class Meta:
        verbose_name = _("avis du terrain")
        verbose_name_plural = _("avis du terrain")
        ordering = ["recommendation", "created", "pk"]

    def __str__(self):
        verdict = self.get_verdict_display()
        return f"{self.recommendation.reference} — {self.organisation} : {verdict}"


class CoSignature(NeverDeleted, models.Model):
    """An organisation publicly supports a recommendation; a withdrawal keeps the dated row."""

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.PROTECT,
        related_name="cosignatures",
        verbose_name=_("recommandation"),
    )
    organisation = models.ForeignKey(
        "themes.Organisation",
        on_delete=models.PROTECT,
        related_name="cosignatures",
        verbose_name=_("organisation"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cosignatures",
        verbose_name=_("signée par"),
    )
    signed_at = models.DateTimeField(_("signée le"), default=timezone.now, db_index=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retirée par"),
    )

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["recommendation", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="unique_active_cosignature",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_by__isnull=False),
                name="cosignature_withdrawal_signed",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.recommendation.reference}"

    @property
    def is_active(self):
        return self.withdrawn_at is None


class Unsubscription(TimeStampedModel):
    """A partner asked for no more emails about one recommendation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unsubscriptions",
        verbose_name=_("compte"),
    )
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="unsubscriptions",
        verbose_name=_("recommandation"),
    )

    class Meta:
        verbose_name = _("désinscription")
        verbose_name_plural = _("désinscriptions")
        ordering = ["user", "recommendation"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "recommendation"], name="unique_unsubscription"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.recommendation.reference}"


class DigestDelivery(models.Model):
    """A coordinator's daily digest went out, covering what happened up to ``covers_until``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
        verbose_name=_("destinataire"),
    )
    covers_from = models.DateTimeField(_("depuis"))
    covers_until = models.DateTimeField(_("jusqu’à"), db_index=True)
    comment_count = models.PositiveIntegerField(_("commentaires"), default=0)
    report_count = models.PositiveIntegerField(_("signalements"), default=0)
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("résumé quotidien envoyé")
        verbose_name_plural = _("résumés quotidiens envoyés")
        ordering = ["-covers_until"]

    def __str__(self):
        return f"{self.recipient} — {timezone.localtime(self.covers_until):%d/%m/%Y %H:%M}"
