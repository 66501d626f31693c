"""The subscription form: an address, what to follow, how often."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelChoiceField
from recommendations.models import Recipient, Recommendation
from themes.models import Theme

from .models import Subscription

Scope = Subscription.Scope


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_(
            "Elle ne sert qu’à vous envoyer ces alertes, n’est montrée à personne et est effacée "
            "quand vous vous désabonnez."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    scope = forms.ChoiceField(
        label=_("Que voulez-vous suivre ?"),
        choices=Scope.choices,
        initial=Scope.ALL,
        widget=forms.RadioSelect,
    )
    recommendation = SafeModelChoiceField(
        label=_("Recommandation"),
        queryset=Recommendation.objects.published().order_by("reference"),
        to_field_name="reference",
        required=False,
        empty_label=_("Choisissez une recommandation"),
    )
    theme = SafeModelChoiceField(
        label=_("Thème"),
        queryset=Theme.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("Choisissez un thème"),
    )
    recipient = SafeModelChoiceField(
        label=_("Destinataire"),
        queryset=Recipient.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Choisissez un destinataire"),
    )
    frequency = forms.ChoiceField(
        label=_("À quel rythme ?"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    TARGETS = {
        Scope.RECOMMENDATION: ("recommendation", _("Choisissez la recommandation à suivre.")),
        Scope.THEME: ("theme", _("Choisissez le thème à suivre.")),
        Scope.RECIPIENT: ("recipient", _("Choisissez le destinataire à suivre.")),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].label_from_instance = lambda r: f"{r.reference} {r.title}"
        self.fields["theme"].label_from_instance = lambda t: f"{t.position}. {t.title}"
        self.helper = FormHelper()
        self.helper.form_id = "alertes"
        self.helper.add_input(Submit("submit", _("M’abonner"), css_class="btn-primary"))

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope in self.TARGETS:
            field, message = self.TARGETS[scope]
            if not data.get(field):
                self.add_error(field, message)
        return data

    @property
    def target(self):
        scope = self.cleaned_data["scope"]
        if scope in self.TARGETS:
            return self.cleaned_data[self.TARGETS[scope][0]]
        return None


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Rythme"), choices=Subscription.Frequency.choices, widget=forms.RadioSelect
    )
