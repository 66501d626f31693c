from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoData(models.Model):
    """Marks a database holding fictitious follow-up; while it exists every page says so."""

    loaded_at = models.DateTimeField(_("chargées le"), default=timezone.now)

    class Meta:
        verbose_name = _("données de démonstration")
        verbose_name_plural = _("données de démonstration")

    def __str__(self):
        return _("Données de démonstration chargées le %(date)s") % {
            "date": timezone.localtime(self.loaded_at).strftime("%d/%m/%Y %H:%M")
        }
