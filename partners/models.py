"""Accounts: the organisation each person speaks for, their email choices, their invitation."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

# The address becomes the account's login name, whose column holds 150 characters.
INVITATION_EMAIL_MAX_LENGTH = 150


class Profile(TimeStampedModel):
    """What the site knows of an account beyond Django's user: organisation, language, emails."""

    class Digest(models.TextChoices):
        IMMEDIATE = "immediat", _("un courriel à chaque fois")
        DAILY = "quotidien", _("un résumé par jour")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("compte"),
    )
    organisation = models.ForeignKey(
        "themes.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
        help_text=_("L’organisation au nom de laquelle la personne s’exprime (partenaires)."),
    )
    language = models.CharField(
        _("langue des courriels"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_notifications = models.BooleanField(
        _("recevoir les courriels de suivi"),
        default=True,
        help_text=_("Décocher pour ne plus recevoir aucun courriel de suivi."),
    )
    coordination_digest = models.CharField(
        _("courriels de la coordination"),
        max_length=20,
        choices=Digest.choices,
        default=Digest.IMMEDIATE,
        help_text=_("Pour les coordinateurs : nouveaux commentaires et signalements."),
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user.get_full_name() or self.user.get_username())


class Invitation(TimeStampedModel):
    """A coordinator's invitation to a partner: a signed link, usable once, for seven days."""

    email = models.EmailField(_("adresse e-mail"), max_length=INVITATION_EMAIL_MAX_LENGTH)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    organisation = models.ForeignKey(
        "themes.Organisation",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    language = models.CharField(
        _("langue des courriels"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invité par"),
    )
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("compte créé"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        permissions = [
            ("invite_partner", _("Inviter des partenaires et gérer leurs comptes")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(
                    Length("email"), INVITATION_EMAIL_MAX_LENGTH
                ),
                name="invitation_email_fits_username",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at
