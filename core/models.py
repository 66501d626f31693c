from django.db import models
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
