"""E-mail alerts for anyone, without an account.

An address is kept only to send the alerts it asked for and confirmed; it is shown to nobody and
deleted with its last subscription. Every message to send is a ``Delivery`` row first, so a mail
server that fails loses nothing: the row waits and is tried again.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def new_key():
    return secrets.token_urlsafe(32)


class Subscriber(TimeStampedModel):
    """One e-mail address and the language its messages are written in."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    language = models.CharField(_("langue"), max_length=10)
    key = models.CharField(_("clé du lien de gestion"), max_length=64, unique=True, default=new_key)

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        ordering = ["created", "pk"]

    def __str__(self):
        return _("Abonné n° %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("alerts:manage", args=[self.key])


class Subscription(TimeStampedModel):
    """What one address follows, and how often it wants to hear about it."""

    class Scope(models.TextChoices):
        ALL = "tout", _("tout le suivi")
        RECOMMENDATION = "recommandation", _("une recommandation")
        THEME = "theme", _("un thème")
        RECIPIENT = "destinataire", _("un destinataire")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediat", _("à chaque changement")
        WEEKLY = "hebdomadaire", _("une fois par semaine, en résumé")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("abonné"),
    )
    scope = models.CharField(_("objet"), max_length=20, choices=Scope.choices)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommandation"),
    )
    theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thème"),
    )
    recipient = models.ForeignKey(
        "recommendations.Recipient",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destinataire"),
    )
    frequency = models.CharField(
        _("fréquence"), max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    key = models.CharField(_("clé des liens"), max_length=64, unique=True, default=new_key)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    digest_until = models.DateTimeField(
        _("résumé envoyé jusqu’au"),
        null=True,
        blank=True,
        help_text=_("Le dernier résumé hebdomadaire couvre les changements jusqu’à ce moment."),
    )

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        ordering = ["subscriber", "created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="tout",
                        recommendation__isnull=True,
                        theme__isnull=True,
                        recipient__isnull=True,
                    )
                    | Q(
                        scope="recommandation",
                        recommendation__isnull=False,
                        theme__isnull=True,
                        recipient__isnull=True,
                    )
                    | Q(
                        scope="theme",
                        recommendation__isnull=True,
                        theme__isnull=False,
                        recipient__isnull=True,
                    )
                    | Q(
                        scope="destinataire",
                        recommendation__isnull=True,
                        theme__isnull=True,
                        recipient__isnull=False,
                    )
                ),
                name="subscription_target_matches_scope",
            ),
        ]

    def __str__(self):
        return str(self.subject)

    @property
    def subject(self):
        """What is followed, as a person reads it."""
        return self.recommendation or self.theme or self.recipient or _("Tout le suivi")

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Delivery(models.Model):
    """One message to send to one subscription, kept until it has gone."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("demande de confirmation")
        ALREADY = "deja_abonne", _("rappel du lien de gestion")
        EVENT = "evenement", _("changement")
        DIGEST = "resume", _("résumé hebdomadaire")

    class Status(models.TextChoices):
        PENDING = "a_envoyer", _("à envoyer")
        SENT = "envoye", _("envoyé")
        GIVEN_UP = "abandonne", _("abandonné après plusieurs essais")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonnement"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    event = models.ForeignKey(
        "recommendations.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("événement"),
    )
    covers_from = models.DateTimeField(_("depuis"), null=True, blank=True)
    covers_until = models.DateTimeField(_("jusqu’à"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), db_index=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"],
                condition=Q(kind="evenement"),
                name="one_alert_per_event_and_subscription",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.get_status_display()}"
