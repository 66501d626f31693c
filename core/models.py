from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Record when a row was created and last changed."""

    created = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


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
