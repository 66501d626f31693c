"""The follow-up of each recommendation: who it was sent to, what they answered, what was done."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnly, AppendOnlyQuerySet, TimeStampedModel


class RecipientManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Recipient(TimeStampedModel):
    """An authority or actor a recommendation is addressed to (destinataire)."""

    class Level(models.TextChoices):
        REGIONAL = "regional", _("régional")
        FEDERAL = "federal", _("fédéral")
        COMMUNITY = "communautaire", _("communautaire")
        LOCAL = "local", _("local")
        OTHER = "autre", _("autre")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    level = models.CharField(_("niveau de pouvoir"), max_length=20, choices=Level.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("site web"), blank=True)

    objects = RecipientManager()

    class Meta:
        verbose_name = _("destinataire")
        verbose_name_plural = _("destinataires")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class RecommendationManager(models.Manager.from_queryset(RecommendationQuerySet)):
    def get_by_natural_key(self, reference):
        return self.get(reference=reference)


class Recommendation(TimeStampedModel):
    """A recommendation of the Assises and where it stands on both axes of its follow-up."""

    class Stage(models.TextChoices):
        FORMULATED = "formulee", _("formulée")
        VALIDATED = "validee", _("validée")
        TRANSMITTED = "transmise", _("transmise")

    class Implementation(models.TextChoices):
        NOT_ASSESSED = "non_evaluee", _("non évaluée")
        NO_ACTION = "pas_d_action", _("pas d’action constatée")
        IN_PROGRESS = "en_cours", _("en cours")
        BLOCKED = "bloquee", _("bloquée")
        PARTLY_DONE = "realisee_en_partie", _("réalisée en partie")
        DONE = "realisee", _("réalisée")
        ABANDONED = "abandonnee", _("abandonnée")

    theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("thème"),
    )
    position = models.PositiveSmallIntegerField(_("numéro dans le thème"))
    reference = models.CharField(
        _("référence"),
        max_length=20,
        unique=True,
        help_text=_("Référence stable et citable, par exemple R1.03 ; elle ne change jamais."),
    )
    title = models.CharField(_("titre"), max_length=300)
    statement = models.TextField(_("énoncé"))
    easy_read = models.TextField(
        _("résumé facile à lire"),
        blank=True,
        help_text=_("Quelques phrases courtes en français facile à lire et à comprendre (FALC)."),
    )
    title_en = models.CharField(_("titre en anglais"), max_length=300, blank=True)
    statement_en = models.TextField(_("énoncé en anglais"), blank=True)
    easy_read_en = models.TextField(_("résumé facile à lire en anglais"), blank=True)
    wording_revised_on = models.DateField(
        _("texte du suivi revu le"),
        null=True,
        blank=True,
        help_text=_(
            "Dernière modification de l’énoncé, du résumé, de leur traduction ou des "
            "destinataires visés ; publiée à côté de ces textes."
        ),
    )
    solutions = models.ManyToManyField(
        "themes.Solution",
        blank=True,
        related_name="recommendations",
        verbose_name=_("solutions d’origine"),
    )
    pistes = models.ManyToManyField(
        "themes.Piste",
        blank=True,
        related_name="recommendations",
        verbose_name=_("pistes à creuser"),
    )
    constats = models.ManyToManyField(
        "themes.Constat",
        blank=True,
        related_name="recommendations",
        verbose_name=_("constats sur lesquels elle s’appuie"),
    )
    recipients = models.ManyToManyField(
        Recipient,
        blank=True,
        related_name="recommendations",
        verbose_name=_("destinataires visés"),
    )
    stage = models.CharField(
        _("étape"), max_length=20, choices=Stage.choices, default=Stage.FORMULATED, editable=False
    )
    implementation = models.CharField(
        _("mise en œuvre"),
        max_length=30,
        choices=Implementation.choices,
        default=Implementation.NOT_ASSESSED,
        editable=False,
    )
    is_published = models.BooleanField(_("publiée"), default=True)

    objects = RecommendationManager()

    class Meta:
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "position"], name="unique_recommendation_position"
            ),
        ]
        permissions = [
            ("validate_recommendation", _("Peut valider une recommandation")),
            ("transmit_recommendation", _("Peut transmettre une recommandation")),
            ("record_answer", _("Peut enregistrer la réponse d’un destinataire")),
            ("record_implementation", _("Peut enregistrer la mise en œuvre")),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", kwargs={"reference": self.reference})

    def natural_key(self):
        return (self.reference,)

    natural_key.dependencies = ["themes.theme", "recommendations.recipient"]

    def _for_reader(self, name):
        """A text of the follow-up in the reader's language, French when no translation exists."""
        if (get_language() or "").startswith("en"):
            english = getattr(self, f"{name}_en")
            if english:
                return ReaderText(english, "en", missing=False)
            return ReaderText(getattr(self, name), "fr-BE", missing=True)
        return ReaderText(getattr(self, name), "fr-BE", missing=False)

    @property
    def title_text(self):
        return self._for_reader("title")

    @property
    def statement_text(self):
        return self._for_reader("statement")

    @property
    def easy_read_text(self):
        return self._for_reader("easy_read")

    @property
    def wording_date(self):
        """When the follow-up's own texts last changed: their revision date, else their entry."""
        return self.wording_revised_on or self.created.date()


class ReaderText(str):
    """A text with the language it is written in, and whether a translation was missing."""

    def __new__(cls, text, lang, *, missing):
        value = super().__new__(cls, text)
        value.lang = lang
        value.missing = missing
        return value


def default_response_due(sent_on):
    """Return the date by which an answer is expected, from the configured delay."""
    return sent_on + datetime.timedelta(days=settings.RESPONSE_DEADLINE_DAYS)


class TransmissionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(answer=Transmission.Answer.PENDING, response_due__lt=today)


class Transmission(TimeStampedModel):
    """One recommendation sent to one recipient, and the recipient's current answer."""

    class Answer(models.TextChoices):
        PENDING = "en_attente", _("en attente")
        ACCEPTED = "accueillie", _("accueillie")
        PARTLY_ACCEPTED = "accueillie_en_partie", _("accueillie en partie")
        NOTED = "prise_en_note", _("prise en note")
        REROUTED = "reorientee", _("réorientée")
        REFUSED = "refusee", _("refusée")

    #: What the public reads once the deadline passed with no answer: not stored, derived.
    NO_ANSWER = "sans_reponse"
    NO_ANSWER_LABEL = _("sans réponse")

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="transmissions",
        verbose_name=_("recommandation"),
    )
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        related_name="transmissions",
        verbose_name=_("destinataire"),
    )
    sent_on = models.DateField(_("envoyée le"))
    response_due = models.DateField(_("réponse attendue pour le"))
    covering_letter_url = models.URLField(_("lien vers le courrier d’envoi"), blank=True)
    answer = models.CharField(
        _("réponse"), max_length=30, choices=Answer.choices, default=Answer.PENDING
    )
    answered_on = models.DateField(_("date de la réponse"), null=True, blank=True)
    answer_summary = models.TextField(_("résumé de la réponse"), blank=True)
    answer_proof_url = models.URLField(_("lien vers la réponse"), blank=True)
    rerouted_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rerouted_to",
        verbose_name=_("réorientée depuis"),
    )

    objects = TransmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("transmission")
        verbose_name_plural = _("transmissions")
        ordering = ["sent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response_due__gte=models.F("sent_on")),
                name="transmission_due_after_sent",
            ),
            models.CheckConstraint(
                condition=models.Q(answer="en_attente") | models.Q(answered_on__isnull=False),
                name="transmission_answer_dated",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.reference} → {self.recipient}"

    def get_absolute_url(self):
        return f"{self.recommendation.get_absolute_url()}#transmission-{self.pk}"

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.answer == self.Answer.PENDING and self.response_due < today

    def days_waiting(self, today=None):
        """Days since sending for an unanswered transmission, else None."""
        if self.answer != self.Answer.PENDING:
            return None
        today = today or timezone.localdate()
        return (today - self.sent_on).days

    def days_overdue(self, today=None):
        today = today or timezone.localdate()
        return (today - self.response_due).days if self.is_overdue(today) else 0

    @property
    def answer_display(self):
        """The answer as the public reads it: « sans réponse » once the deadline has passed."""
        if self.is_overdue():
            return self.NO_ANSWER_LABEL
        return self.get_answer_display()


class EventManager(models.Manager.from_queryset(AppendOnlyQuerySet)):
    def get_by_natural_key(self, reference, sequence):
        return self.get(recommendation__reference=reference, sequence=sequence)


class Event(AppendOnly):
    """A dated, append-only change on either axis of a recommendation's follow-up."""

    class Axis(models.TextChoices):
        STAGE = "etape", _("étape")
        ANSWER = "reponse", _("réponse")
        IMPLEMENTATION = "mise_en_oeuvre", _("mise en œuvre")

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("recommandation"),
    )
    sequence = models.PositiveIntegerField(
        _("numéro d’ordre"), help_text=_("Ordre d’enregistrement dans l’historique.")
    )
    transmission = models.ForeignKey(
        Transmission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("transmission"),
    )
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices)
    from_value = models.CharField(_("avant"), max_length=30, blank=True)
    to_value = models.CharField(_("après"), max_length=30)
    effective_on = models.DateField(
        _("date d’effet"),
        null=True,
        blank=True,
        help_text=_("Vide seulement pour la formulation, dont le document ne donne pas la date."),
    )
    reason = models.TextField(_("raison"))
    proof_url = models.URLField(_("lien vers la preuve"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige l’événement"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now, db_index=True)

    objects = EventManager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["recommendation", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "sequence"], name="unique_event_sequence"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="event_reason_required"),
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=False)
                | models.Q(axis="etape", to_value="formulee"),
                name="event_dated_unless_formulation",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.reference} n° {self.sequence} : {self.to_label}"

    def natural_key(self):
        return (*self.recommendation.natural_key(), self.sequence)

    natural_key.dependencies = ["recommendations.recommendation"]

    def _label(self, value):
        if not value:
            return ""
        choices = {
            self.Axis.STAGE: Recommendation.Stage,
            self.Axis.ANSWER: Transmission.Answer,
            self.Axis.IMPLEMENTATION: Recommendation.Implementation,
        }[self.axis]
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    @property
    def from_label(self):
        return self._label(self.from_value)

    @property
    def to_label(self):
        return self._label(self.to_value)
