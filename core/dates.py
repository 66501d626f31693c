"""The range a follow-up date must fall in: not before the Assises, not after today."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def earliest_date():
    return settings.FOLLOW_UP_EARLIEST_DATE


def _before_the_assises(value):
    """Why a date before the Assises is refused, or None for a later one."""
    if value < earliest_date():
        return _(
            "La date ne peut pas précéder les Assises de l’Insertion : indiquez une date à "
            "partir du %(date)s (vérifiez l’année)."
        ) % {"date": formats.date_format(earliest_date(), "SHORT_DATE_FORMAT")}
    return None


def date_problem(value):
    """Why ``value`` cannot be a follow-up date, or None when it can."""
    if value > timezone.localdate():
        return _("La date ne peut pas être dans le futur.")
    return _before_the_assises(value)


def validate_follow_up_date(value):
    """Form and model validator: refuse a date before the Assises or in the future."""
    if value is None:
        return
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="out_of_range")


# A planned date (an answer's deadline, an announced implementation) is at most this far ahead.
PLANNED_YEARS_AHEAD = 10


def planned_date_problem(value):
    """Why ``value`` cannot be a planned date (a deadline, a target), or None when it can."""
    latest = timezone.localdate().replace(month=1, day=1)
    latest = latest.replace(year=latest.year + PLANNED_YEARS_AHEAD + 1)
    if value >= latest:
        return _(
            "La date est trop loin dans le futur : indiquez une date avant le %(date)s "
            "(vérifiez l’année)."
        ) % {"date": formats.date_format(latest, "SHORT_DATE_FORMAT")}
    return _before_the_assises(value)


def validate_planned_date(value):
    """Form and model validator: refuse a planned date before the Assises or years ahead."""
    if value is None:
        return
    problem = planned_date_problem(value)
    if problem:
        raise ValidationError(problem, code="out_of_range")
