"""The follow-up of each recommendation: who it was sent to, what they answered, what was done."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import choice_label
from core.dates import validate_follow_up_date, validate_planned_date
from core.links import cached_reverse
from core.models import AppendOnly, AppendOnlyQuerySet, TimeStampedModel

# Links to letters and proofs: long enough for any real address, bounded in forms, models and
# the database alike (a 2 000-character link used to pass the form and break on the column).
URL_MAX_LENGTH = 2048


def url_fits(field):
    """A check that the column holds at most URL_MAX_LENGTH characters, on every database."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(Length(field), URL_MAX_LENGTH),
        name=f"%(app_label)s_%(class)s_{field}_length",
    )


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

    def get_absolute_url(self):
        return cached_reverse("recipients:detail", slug=self.slug)


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
        return cached_reverse("recommendations:detail", reference=self.reference)

    def get_stage_display(self):
        return choice_label(self.Stage, self.stage)

    def get_implementation_display(self):
        return choice_label(self.Implementation, self.implementation)

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
    sent_on = models.DateField(_("envoyée le"), validators=[validate_follow_up_date])
    response_due = models.DateField(
        _("réponse attendue pour le"), validators=[validate_planned_date]
    )
    covering_letter_url = models.URLField(
        _("lien vers le courrier d’envoi"), max_length=URL_MAX_LENGTH, blank=True
    )
    answer = models.CharField(
        _("réponse"), max_length=30, choices=Answer.choices, default=Answer.PENDING
    )
    answered_on = models.DateField(
        _("date de la réponse"), null=True, blank=True, validators=[validate_follow_up_date]
    )
    answer_summary = models.TextField(_("résumé de la réponse"), blank=True)
    answer_proof_url = models.URLField(
        _("lien vers la réponse"), max_length=URL_MAX_LENGTH, blank=True
    )
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
            url_fits("covering_letter_url"),
            url_fits("answer_proof_url"),
        ]

    def __str__(self):
        return f"{self.recommendation.reference} → {self.recipient}"

    def get_absolute_url(self):
        return f"{self.recommendation.get_absolute_url()}#transmission-{self.pk}"

    def get_answer_display(self):
        return choice_label(self.Answer, self.answer)

    @property
    def sent_reminders(self):
        """The reminders that went out, oldest first (from the prefetched reminders)."""
        return sorted(
            (reminder for reminder in self.reminders.all() if reminder.sent_at),
            key=lambda reminder: reminder.sent_at,
        )

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

    class Source(models.TextChoices):
        COORDINATION = "coordination", _("enregistré par la coordination")
        RECIPIENT = "destinataire", _("réponse donnée par le destinataire")

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
        validators=[validate_follow_up_date],
        help_text=_("Vide seulement pour la formulation, dont le document ne donne pas la date."),
    )
    reason = models.TextField(_("raison"))
    proof_url = models.URLField(_("lien vers la preuve"), max_length=URL_MAX_LENGTH, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige l’événement"),
    )
    # PROTECT: deleting the account would rewrite the event (the database refuses it anyway).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now, db_index=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=Source.choices,
        default=Source.COORDINATION,
        help_text=_("Qui a donné l’information : la coordination, ou le destinataire lui-même."),
    )
    digest = models.CharField(
        _("empreinte"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "SHA-256 de cet événement et de l’empreinte du précédent : une ligne changée après "
            "coup rompt la chaîne (manage.py verify_history)."
        ),
    )

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
            url_fits("proof_url"),
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


class RecipientContact(TimeStampedModel):
    """Someone at a recipient who receives the letters, answer links and reminders; never public."""

    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("destinataire"),
    )
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    is_active = models.BooleanField(
        _("reçoit les courriers"),
        default=True,
        help_text=_("Décochez pour ne plus écrire à cette personne, sans perdre la trace."),
    )

    class Meta:
        verbose_name = _("contact d’un destinataire")
        verbose_name_plural = _("contacts des destinataires")
        ordering = ["recipient", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "email"], name="unique_recipient_contact_email"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.recipient})"


class AnswerLink(TimeStampedModel):
    """A secret address through which one recipient answers one transmission, without an account.

    Only the SHA-256 of the key is stored: the address itself exists only in the e-mails sent.
    """

    transmission = models.ForeignKey(
        Transmission,
        on_delete=models.PROTECT,
        related_name="answer_links",
        verbose_name=_("transmission"),
    )
    key_hash = models.CharField(_("empreinte de la clé"), max_length=64, unique=True)
    expires_on = models.DateField(_("valable jusqu’au"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoqué par"),
    )

    class Meta:
        verbose_name = _("lien de réponse")
        verbose_name_plural = _("liens de réponse")
        ordering = ["-created"]

    def __str__(self):
        return _("Lien de réponse pour %(transmission)s") % {"transmission": self.transmission}

    def is_expired(self, today=None):
        return self.expires_on < (today or timezone.localdate())


class RecipientAnswer(AppendOnly):
    """What a recipient wrote through its answer link, kept in its own words beside the event."""

    event = models.OneToOneField(
        Event,
        on_delete=models.PROTECT,
        related_name="recipient_answer",
        verbose_name=_("événement"),
    )
    link = models.ForeignKey(
        AnswerLink,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("lien de réponse"),
    )
    text = models.TextField(_("réponse dans ses propres mots"), max_length=5000)
    letter_url = models.URLField(
        _("lien vers la lettre ou la décision"), blank=True, max_length=URL_MAX_LENGTH
    )
    responder_name = models.CharField(_("nom de la personne qui répond"), max_length=200)
    responder_role = models.CharField(_("fonction de la personne qui répond"), max_length=200)
    created = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("réponse donnée par le destinataire")
        verbose_name_plural = _("réponses données par les destinataires")
        ordering = ["created", "pk"]
        constraints = [url_fits("letter_url")]

    def __str__(self):
        return str(self.event)


class CoordinationNote(AppendOnly):
    """The coordination's reading of an event, beside it; it never changes what was said."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="notes", verbose_name=_("événement")
    )
    text = models.TextField(_("note de la coordination"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    created = models.DateTimeField(_("écrite le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("note de la coordination")
        verbose_name_plural = _("notes de la coordination")
        ordering = ["created", "pk"]

    def __str__(self):
        return _("Note sur %(event)s") % {"event": self.event}


class TargetDate(AppendOnly):
    """A date announced for implementation; a move is a new row, dated, with its reason."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="target_dates",
        verbose_name=_("recommandation"),
    )
    transmission = models.ForeignKey(
        Transmission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_dates",
        verbose_name=_("transmission"),
    )
    target_on = models.DateField(_("échéance annoncée"), validators=[validate_planned_date])
    reason = models.TextField(_("raison"))
    source = models.CharField(
        _("source"), max_length=20, choices=Event.Source.choices, default=Event.Source.COORDINATION
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("échéance annoncée")
        verbose_name_plural = _("échéances annoncées")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="target_date_reason"),
        ]

    def __str__(self):
        return f"{self.recommendation.reference} → {self.target_on:%d/%m/%Y}"


class ImplementingAct(AppendOnly):
    """An adopted act that carries out a recommendation: the proof that « réalisée » needs."""

    class Kind(models.TextChoices):
        DECREE = "decret", _("décret")
        ORDER = "arrete", _("arrêté")
        CIRCULAR = "circulaire", _("circulaire")
        BUDGET = "ligne_budgetaire", _("ligne budgétaire")
        MEASURE = "mesure_publiee", _("mesure publiée")
        OTHER = "autre", _("autre")

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="acts",
        verbose_name=_("recommandation"),
    )
    kind = models.CharField(_("nature de l’acte"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=500)
    adopted_on = models.DateField(_("adopté le"), validators=[validate_follow_up_date])
    url = models.URLField(_("lien officiel"), max_length=URL_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("acte de mise en œuvre")
        verbose_name_plural = _("actes de mise en œuvre")
        ordering = ["adopted_on", "pk"]
        constraints = [url_fits("url")]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.title}"


class Reminder(models.Model):
    """A reminder written to a recipient's contacts about one transmission, once per step.

    The row is taken before sending and marked sent after: a step is never sent twice, even by
    two workers at once, and a sending that failed is tried again by the next run.
    """

    class Step(models.TextChoices):
        BEFORE = "avant", _("avant l’échéance")
        ON = "echeance", _("le jour de l’échéance")
        AFTER = "apres", _("après l’échéance, dernière relance")

    transmission = models.ForeignKey(
        Transmission,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("transmission"),
    )
    step = models.CharField(_("étape de la relance"), max_length=20, choices=Step.choices)
    created = models.DateTimeField(_("préparée le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transmission", "step"], name="one_reminder_per_step"),
        ]

    def __str__(self):
        return f"{self.transmission} — {self.get_step_display()}"


LETTER_PLACEHOLDERS = {
    "destinataire": _("le nom du destinataire"),
    "recommandations": _("la référence et le titre de chaque recommandation envoyée"),
    "date_envoi": _("la date d’envoi"),
    "date_limite": _("la date à laquelle une réponse est attendue"),
    "adresse_reponse": _("l’adresse où la réponse sera publiée"),
}
PLACEHOLDER_PATTERN = re.compile(r"\{([a-z_]+)\}")


class LetterTemplate(TimeStampedModel):
    """A covering letter the coordination starts from when it transmits; editable, never frozen.

    What a recipient actually received is the :class:`TransmissionDocument` frozen at sending:
    editing a template later changes no letter already sent.
    """

    name = models.CharField(_("nom du modèle"), max_length=200, unique=True)
    subject = models.CharField(_("objet du courrier"), max_length=300)
    body = models.TextField(
        _("texte du courrier"),
        help_text=_(
            "Ces repères sont remplacés à l’envoi : {destinataire}, {recommandations}, "
            "{date_envoi}, {date_limite}, {adresse_reponse}."
        ),
    )
    signature = models.CharField(
        _("signature"), max_length=300, default="La coordination des Assises de l’Insertion"
    )
    is_default = models.BooleanField(
        _("modèle proposé d’abord"), default=False, help_text=_("Un seul modèle peut l’être.")
    )

    class Meta:
        verbose_name = _("modèle de courrier d’envoi")
        verbose_name_plural = _("modèles de courrier d’envoi")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_letter_template",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = sorted(
            {
                name
                for text in (self.subject, self.body)
                for name in PLACEHOLDER_PATTERN.findall(text or "")
                if name not in LETTER_PLACEHOLDERS
            }
        )
        if unknown:
            raise ValidationError(
                {
                    "body": _("Repère inconnu : %(names)s. Repères possibles : %(known)s.")
                    % {
                        "names": ", ".join(f"{{{name}}}" for name in unknown),
                        "known": ", ".join(f"{{{name}}}" for name in LETTER_PLACEHOLDERS),
                    }
                }
            )

    def fill(self, values):
        """Return (subject, body) with each known placeholder replaced by its value."""

        def replace(match):
            name = match.group(1)
            return str(values[name]) if name in values else match.group(0)

        return (
            PLACEHOLDER_PATTERN.sub(replace, self.subject),
            PLACEHOLDER_PATTERN.sub(replace, self.body),
        )


def frozen_document_path(document, filename):
    return f"transmissions/{document.transmission.recommendation.reference}/{filename}"


class TransmissionDocument(AppendOnly):
    """A file exactly as a recipient received it (letter or dossier), frozen with its SHA-256."""

    class Kind(models.TextChoices):
        LETTER = "courrier", _("courrier d’envoi")
        DOSSIER = "dossier", _("dossier")

    transmission = models.ForeignKey(
        Transmission,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("transmission"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("événement"),
        help_text=_("L’envoi (ou la correction) avec lequel ce document est parti."),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("fichier"), upload_to=frozen_document_path, max_length=300)
    content_type = models.CharField(_("type de contenu"), max_length=100)
    size = models.PositiveIntegerField(_("taille en octets"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, db_index=True)
    frozen_at = models.DateTimeField(_("figé le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("document envoyé")
        verbose_name_plural = _("documents envoyés")
        ordering = ["transmission", "frozen_at", "pk"]

    def __str__(self):
        return f"{self.transmission} — {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse(
            "recommendations:document",
            kwargs={
                "reference": self.transmission.recommendation.reference,
                "pk": self.pk,
                "filename": self.filename,
            },
        )

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]
