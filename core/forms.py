"""Form fields shared by the apps: choices by id that cannot overflow, bounded dates."""

from django import forms
from django.core.exceptions import ValidationError

from .dates import validate_follow_up_date

MAX_ID_DIGITS = 18


def _looks_like_id(value):
    text = str(value).strip()
    return text.isdigit() and len(text) <= MAX_ID_DIGITS


class SafeModelChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses an id too large for the database (SQLite overflowed)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _looks_like_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several choices by id, refusing ids too large for the database."""

    def _check_values(self, value):
        for item in value or ():
            if not _looks_like_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:30]},
                )
        return super()._check_values(value)


class FollowUpDateField(forms.DateField):
    """A follow-up date: not before the Assises (``FOLLOW_UP_EARLIEST_DATE``), not in the future."""

    default_validators = [validate_follow_up_date]
