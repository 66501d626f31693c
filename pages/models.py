"""The site's information pages (about, contact, methodology, privacy), edited without deployment.

A small model rather than ``django.contrib.flatpages``: each page needs its text in French and in
English side by side, and plain paragraphs (no HTML typed into the admin, so no script can slip in
under the strict content security policy).
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.links import cached_reverse
from core.models import TimeStampedModel


class PageManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Page(TimeStampedModel):
    """One information page, its text in French and in English."""

    slug = models.SlugField(
        _("identifiant"),
        max_length=40,
        unique=True,
        help_text=_("Fait partie de l’adresse de la page ; ne le changez pas."),
    )
    position = models.PositiveSmallIntegerField(_("ordre dans le pied de page"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    title_en = models.CharField(_("titre en anglais"), max_length=200, blank=True)
    body = models.TextField(
        _("texte"), help_text=_("Texte simple ; une ligne vide sépare deux paragraphes.")
    )
    body_en = models.TextField(_("texte en anglais"), blank=True)

    objects = PageManager()

    class Meta:
        verbose_name = _("page d’information")
        verbose_name_plural = _("pages d’information")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return cached_reverse("pages:page", slug=self.slug)

    def _english(self):
        return (get_language() or "").startswith("en")

    @property
    def title_for_reader(self):
        return self.title_en if self._english() and self.title_en else self.title

    @property
    def body_for_reader(self):
        return self.body_en if self._english() and self.body_en else self.body

    @property
    def body_lang(self):
        return "en" if self._english() and self.body_en else "fr-BE"

    @property
    def translation_missing(self):
        return self._english() and not self.body_en
