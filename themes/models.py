"""The Assises document as data: the day, its organisations, its workshops and their content."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.links import cached_reverse


class ConsultationManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Consultation(models.Model):
    """One regional day of the Assises de l'Insertion and the synthesis written about it."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    subtitle = models.CharField(_("sous-titre"), max_length=200, blank=True)
    region = models.CharField(_("région"), max_length=100)
    held_on = models.DateField(
        _("date de la journée"),
        null=True,
        blank=True,
        help_text=_("Laisser vide tant que la date n’est pas connue : le document n’en donne pas."),
    )
    introduction = models.TextField(
        _("introduction"),
        help_text=_("Texte du document ; paragraphes séparés par une ligne vide."),
    )
    method = models.TextField(
        _("méthode et déroulement"),
        help_text=_("Texte du document ; paragraphes séparés par une ligne vide."),
    )
    conclusion = models.TextField(
        _("conclusion"), help_text=_("Texte du document ; paragraphes séparés par une ligne vide.")
    )
    source_document = models.CharField(_("document source"), max_length=200)
    organisations = models.ManyToManyField(
        "Organisation",
        through="Participation",
        related_name="consultations",
        verbose_name=_("organisations participantes"),
    )

    objects = ConsultationManager()

    class Meta:
        verbose_name = _("journée des Assises")
        verbose_name_plural = _("journées des Assises")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("themes:document")

    def natural_key(self):
        return (self.slug,)


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organisation(models.Model):
    """A body whose professionals took part in the Assises or take part in the follow-up."""

    class Kind(models.TextChoices):
        CISP = "cisp", _("CISP")
        CPAS = "cpas", _("CPAS")
        CSEF_IBEFE = "csef-ibefe", _("CSEF / IBEFE")
        OTHER = "autre", _("Autre")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    unit = models.CharField(
        _("service"), max_length=200, blank=True, help_text=_("Par exemple « Service Insertion ».")
    )
    locality = models.CharField(_("localité"), max_length=120, blank=True)
    website = models.URLField(_("site web"), blank=True)

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        if self.unit:
            return f"{self.name} ({self.unit})"
        return self.name

    def natural_key(self):
        return (self.slug,)


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, consultation_slug, organisation_slug):
        return self.get(consultation__slug=consultation_slug, organisation__slug=organisation_slug)


class Participation(models.Model):
    """An organisation's presence at a day of the Assises, in the order the document names them."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("journée"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"))

    objects = ParticipationManager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="unique_participation"
            ),
            models.UniqueConstraint(
                fields=["consultation", "position"], name="unique_participation_position"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.consultation}"

    def natural_key(self):
        return self.consultation.natural_key() + self.organisation.natural_key()

    natural_key.dependencies = ["themes.consultation", "themes.organisation"]


class ThemeManager(models.Manager):
    def get_by_natural_key(self, consultation_slug, slug):
        return self.get(consultation__slug=consultation_slug, slug=slug)


class Theme(models.Model):
    """A workshop (atelier) of the day, one of the document's four themes."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="themes", verbose_name=_("journée")
    )
    position = models.PositiveSmallIntegerField(_("numéro"))
    slug = models.SlugField(_("identifiant"), max_length=80)
    title = models.CharField(_("titre"), max_length=200)

    objects = ThemeManager()

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="unique_theme_position"
            ),
            models.UniqueConstraint(fields=["consultation", "slug"], name="unique_theme_slug"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return cached_reverse("themes:detail", slug=self.slug)

    def natural_key(self):
        return self.consultation.natural_key() + (self.slug,)

    natural_key.dependencies = ["themes.consultation"]


class ThemeItemManager(models.Manager):
    def get_by_natural_key(self, consultation_slug, theme_slug, position):
        return self.get(
            theme__consultation__slug=consultation_slug, theme__slug=theme_slug, position=position
        )


class ThemeItem(models.Model):
    """Something a theme holds in document order; its anchor lets other pages link to it."""

    anchor_prefix = ""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("thème"))
    position = models.PositiveSmallIntegerField(_("ordre"))

    objects = ThemeItemManager()

    class Meta:
        abstract = True
        ordering = ["theme", "position"]
        default_related_name = "%(model_name)ss"

    def get_absolute_url(self):
        return f"{self.theme.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return self.theme.natural_key() + (self.position,)

    natural_key.dependencies = ["themes.theme"]

    @property
    def anchor(self):
        return f"{self.anchor_prefix}-{self.position}"


def _position_constraint(name):
    return models.UniqueConstraint(fields=["theme", "position"], name=f"unique_{name}_position")


class Question(ThemeItem):
    """A « question vive » put to the workshop."""

    anchor_prefix = "question"

    text = models.TextField(_("texte"))

    class Meta(ThemeItem.Meta):
        verbose_name = _("question vive")
        verbose_name_plural = _("questions vives")
        constraints = [_position_constraint("question")]

    def __str__(self):
        return self.text


class Keyword(ThemeItem):
    """One of the workshop's « mots clés »."""

    anchor_prefix = "mot-cle"

    label = models.CharField(_("mot clé"), max_length=300)

    class Meta(ThemeItem.Meta):
        verbose_name = _("mot clé")
        verbose_name_plural = _("mots clés")
        constraints = [_position_constraint("keyword")]

    def __str__(self):
        return self.label


class Constat(ThemeItem):
    """A paragraph of the workshop's written summary: findings and reflections."""

    anchor_prefix = "constat"

    text = models.TextField(_("texte"))

    class Meta(ThemeItem.Meta):
        verbose_name = _("constat")
        verbose_name_plural = _("constats")
        constraints = [_position_constraint("constat")]

    def __str__(self):
        return f"{self.theme.position}.{self.position} {self.text[:80]}"


class Solution(ThemeItem):
    """A bubble of the workshop's graph of solutions."""

    anchor_prefix = "solution"

    label = models.CharField(_("libellé"), max_length=300)

    class Meta(ThemeItem.Meta):
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [_position_constraint("solution")]

    def __str__(self):
        return self.label


class Piste(ThemeItem):
    """A « piste à creuser » put forward in the workshop, where it stands in the summary."""

    anchor_prefix = "piste"

    text = models.TextField(_("texte"))
    lead_in = models.CharField(
        _("phrase d’introduction"),
        max_length=300,
        blank=True,
        help_text=_("La phrase du document qui annonce cette piste, s’il y en a une."),
    )
    follows_constat = models.ForeignKey(
        Constat,
        on_delete=models.PROTECT,
        related_name="following_pistes",
        verbose_name=_("suit le paragraphe"),
        help_text=_("Le paragraphe du résumé après lequel la piste apparaît dans le document."),
    )
    added_during_debate = models.BooleanField(
        _("ajoutée pendant le débat"),
        default=False,
        help_text=_("Cochée pour la piste que l’atelier a ajoutée à celles qui étaient proposées."),
    )

    class Meta(ThemeItem.Meta):
        verbose_name = _("piste à creuser")
        verbose_name_plural = _("pistes à creuser")
        constraints = [_position_constraint("piste")]

    def __str__(self):
        return self.text

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["themes.theme", "themes.constat"]
