from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Record when a row was created and last changed."""

    created = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class NeverDeletedQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are kept for good: they are never deleted.")


class AppendOnlyQuerySet(NeverDeletedQuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are written once: record a new one instead.")


class NeverDeleted(models.Model):
    """A row the site keeps for good: the model and its querysets refuse to delete it."""

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are kept for good: they are never deleted.")


class AppendOnly(NeverDeleted):
    """A dated record written once and never changed; a correction is a new record."""

    append_only = True

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(
                f"{type(self).__name__} rows are written once: record a new one instead."
            )
        super().save(*args, **kwargs)


class LimitHit(models.Model):
    """One use of a limited action (a reset e-mail, a co-signature…), counted per key and period.

    Kept in the database rather than a per-process cache, so every gunicorn worker counts the
    same uses. Rows older than the longest period are pruned as new ones come in.
    """

    key = models.CharField(_("clé"), max_length=200)
    created = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("usage limité")
        verbose_name_plural = _("usages limités")
        ordering = ["key", "created"]
        indexes = [models.Index(fields=["key", "created"], name="core_limithit_key_created")]

    def __str__(self):
        return f"{self.key} @ {self.created:%Y-%m-%d %H:%M}"


class SubmittedForm(models.Model):
    """A form token already used: submitting the same form again creates nothing more."""

    token = models.CharField(_("jeton"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("compte"),
    )
    result_url = models.CharField(_("adresse du résultat"), max_length=2048, blank=True)
    created = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("formulaire envoyé")
        verbose_name_plural = _("formulaires envoyés")
        ordering = ["-created"]

    def __str__(self):
        return self.token


class OutgoingEmail(models.Model):
    """An e-mail written by the site and kept until the mail server has taken it.

    Requests never talk to the mail server: they write one row here, in their own transaction,
    and a background job sends it. A failure keeps the row pending with its error and a later
    try, so nothing is lost while the mail server is down; after ``EMAIL_MAX_ATTEMPTS`` tries it
    is given up and the error stays in the admin. Once sent, a row keeps no text (it may hold a
    one-use link), and it is forgotten after ``EMAIL_KEPT_DAYS`` days (it holds an address).
    """

    class Status(models.TextChoices):
        PENDING = "a_envoyer", _("à envoyer")
        SENT = "envoye", _("envoyé")
        GIVEN_UP = "abandonne", _("abandonné après plusieurs essais")

    to = models.EmailField(_("destinataire"), max_length=254)
    template = models.CharField(_("modèle"), max_length=200)
    subject = models.TextField(_("objet"))
    text = models.TextField(_("texte"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), default=timezone.now)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created = models.DateTimeField(_("écrit le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("e-mail à envoyer")
        verbose_name_plural = _("e-mails à envoyer")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_email_due"),
        ]

    def __str__(self):
        return f"{self.template} → {self.to}"
