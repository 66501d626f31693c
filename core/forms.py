"""The base of the site's action forms, and form fields shared by the apps.

Action forms are drawn by crispy, post to their own address and keep unique ids; the fields
refuse ids too large for the database and dates outside the follow-up's bounds.
"""

import copy

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import cache as page_cache
from .dates import validate_follow_up_date, validate_planned_date
from .links import language_key


class ActionForm(forms.Form):
    """A form that ends in one service call, drawn by crispy-forms.

    ``prefix_id`` keeps field ids unique when several forms share a page; ``next_url`` carries
    where to go back after the action.
    """

    submit_label = _("Enregistrer")

    def __init__(self, *args, action=None, prefix_id="", next_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = prefix_id or None
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-primary"))
        if prefix_id:
            self.auto_id = f"{prefix_id}-%s"
        if next_url:
            self.fields["next"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=next_url
            )


class DateInput(forms.DateInput):
    """A browser date picker, with the ISO value it needs."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


MAX_ID_DIGITS = 18


def _looks_like_id(value):
    text = str(value).strip()
    return text.isdigit() and len(text) <= MAX_ID_DIGITS


class SafeModelChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses an id too large for the database (SQLite overflowed)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and not _looks_like_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several choices by id, refusing ids too large for the database."""

    def _check_values(self, value):
        for item in value or ():
            if self.to_field_name is None and not _looks_like_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:30]},
                )
        return super()._check_values(value)


class FollowUpDateField(forms.DateField):
    """A follow-up date: not before the Assises (``FOLLOW_UP_EARLIEST_DATE``), not in the future."""

    default_validators = [validate_follow_up_date]


class PlannedDateField(forms.DateField):
    """A planned date (a deadline, an announced target): from the Assises to a few years ahead."""

    default_validators = [validate_planned_date]


# The filters' choice fields as drawn, per form, field, value and language (see as_field_group).
_kept_fields = page_cache.ProcessStore(maxsize=1024)


class LeanBoundField(BoundField):
    """A field drawn in Python with the markup and classes of crispy's Bootstrap 5 pack: the
    label, the widget, the error tied to its field by ``aria-describedby``, the help text.

    A choice field or a checkbox without an error is drawn once per content version (its
    choices may be rows of the site: themes, recipients), language and value, and kept in the
    process: the list's filters draw the same seven on every list page and every search.
    """

    def as_field_group(self):
        if not settings.PUBLIC_PAGE_CACHE or not isinstance(
            self.field.widget, (LeanSelect, LeanCheckboxInput)
        ):
            return self.draw_field_group()
        value = repr(self.value())
        if len(value) > 100 or self.errors:
            return self.draw_field_group()
        version = page_cache.current_version()
        key = (type(self.form), self.html_name, self.auto_id, *language_key(), value)
        html = _kept_fields.get(key, version)
        if html is None:
            html = self.draw_field_group()
            _kept_fields.set(key, html, version)
        return html

    def draw_field_group(self):
        help_text = ""
        if self.field.help_text:
            help_text = format_html(
                '<div id="{}_helptext" class="form-text">{}</div>', self.auto_id, self.help_text
            )
        errors = "\n"
        if self.errors:
            errors = format_html(
                '<div id="{}_error" class="invalid-feedback">{}</div>\n',
                self.auto_id,
                format_html_join(
                    "",
                    '<p id="error_{}_{}"><strong>{}</strong></p>',
                    ((number, self.auto_id, error) for number, error in enumerate(self.errors, 1)),
                ),
            )
        if isinstance(self.field.widget, forms.CheckboxInput):
            html = format_html(
                '<div class="mb-3"><div id="div_{}" class="form-check">{} <label for="{}" '
                'class="form-check-label">{}</label>{}</div>{}</div>',
                self.auto_id,
                self.as_widget(),
                self.id_for_label,
                self.label,
                errors,
                help_text,
            )
        else:
            html = format_html(
                '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label> '
                "{}{}{}</div>",
                self.auto_id,
                self.id_for_label,
                self.label,
                self.as_widget(),
                errors,
                help_text,
            )
        return html


class LightlyCopiedFields(dict):
    """A form class's fields, copied for each form as Django does, but without copying their
    choices: Django deep-copies every field for every form (``BaseForm.__init__``), down to
    each choice's label, although nothing changes the choices of a form's field. Each form
    still gets its own field, widget, widget attributes, error messages and validators, and
    a model choice field its own queryset (so that its rows are read afresh)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, field in self.items():
            copied = copy.copy(field)
            copied.widget = copy.deepcopy(field.widget, memo)
            copied.error_messages = field.error_messages.copy()
            copied.validators = field.validators[:]
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                copied.queryset = field.queryset  # a clone, and the widget's choices with it
            copies[name] = copied
        return copies


class BootstrapFieldsForm(forms.Form):
    """A form whose fields draw themselves in Python (``LeanBoundField``), with the markup and
    classes of crispy's Bootstrap 5 pack: ``form-select`` / ``form-control`` /
    ``form-check-input``, ``is-invalid`` and ``aria-describedby`` on a refused field.

    For the one form drawn on every list page and every search, the list's filters, where
    crispy's templates, and then Django's own, cost more than the filtering itself; the site's
    action forms stay with crispy. Draw a field with ``{{ form.name.as_field_group }}``.
    """

    bound_field_class = LeanBoundField

    def __init__(self, *args, **kwargs):
        form_class = type(self)
        if not isinstance(form_class.__dict__.get("base_fields"), LightlyCopiedFields):
            form_class.base_fields = LightlyCopiedFields(form_class.base_fields)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                kind = "form-check-input"
            elif isinstance(widget, forms.Select):
                kind = "form-select"
            else:
                kind = "form-control"
            css_name = getattr(widget, "css_name", type(widget).__name__.lower())
            widget.attrs["class"] = f"{css_name} {kind}"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound, field = self[name], self.fields[name]
            field.widget.attrs["class"] += " is-invalid"
            described = [f"{bound.auto_id}_error"]
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described)


class LeanSelect(forms.Select):
    """Django's select, drawn in Python rather than by a template per option.

    The same HTML as Django's ``select.html`` and ``select_option.html``, for a fraction of the
    time: the list's filters draw some fifty options on every list page and every search, and
    templates took most of a millisecond per option there. The options are read straight from
    the choices (the first one whose value is the field's is selected, as Django does), without
    the dictionary Django builds for each.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = set(self.format_value(value))
        parts = [format_html('<select name="{}"', name), _attributes(attrs), ">"]
        selected = False
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, (list, tuple))
            if grouped:
                parts.append(format_html('\n  <optgroup label="{}">', group_value))
            options = group_label if grouped else [(group_value, group_label)]
            for option_value, option_label in options:
                option_value = "" if option_value is None else str(option_value)
                chosen = (not selected or self.allow_multiple_selected) and option_value in values
                selected |= chosen
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>',
                        option_value,
                        mark_safe(" selected") if chosen else "",
                        option_label,
                    )
                )
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class LeanInputMixin:
    """An input drawn in Python: the HTML of Django's ``input.html`` and ``attrs.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
        if widget["value"] is not None:
            html += format_html(' value="{}"', str(widget["value"]))
        return mark_safe(html + _attributes(widget["attrs"]) + ">")


class LeanSearchInput(LeanInputMixin, forms.SearchInput):
    css_name = "searchinput"


class LeanCheckboxInput(LeanInputMixin, forms.CheckboxInput):
    css_name = "checkboxinput"


def _attributes(attrs):
    """HTML attributes as Django's ``attrs.html`` writes them (``False`` left out)."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )
