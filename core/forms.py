"""The base of the site's action forms: crispy, posting to their own address, unique ids."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


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
