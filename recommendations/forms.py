"""Forms the coordination uses to move a recommendation along, each ending in a service call."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import FollowUpDateField, SafeModelChoiceField, SafeModelMultipleChoiceField

from .models import URL_MAX_LENGTH, Recipient, Recommendation, Transmission

REASON_HELP = _("Publiée dans l’historique de la recommandation. Écrivez-la simplement.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActionForm(forms.Form):
    """A follow-up action: a crispy form that posts to its own address."""

    submit_label = _("Enregistrer")

    reason = forms.CharField(
        label=_("Raison"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, action=None, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = prefix_id or None
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-primary"))
        # Field ids must stay unique when several forms share the recommendation's page.
        if prefix_id:
            self.auto_id = f"{prefix_id}-%s"

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez la raison de ce changement."))
        return reason


def today():
    return timezone.localdate()


class ValidateForm(ActionForm):
    submit_label = _("Valider la recommandation")

    validated_on = FollowUpDateField(
        label=_("Date de la validation"), initial=today, widget=DateInput()
    )

    field_order = ["validated_on", "reason"]


class TransmitForm(ActionForm):
    submit_label = _("Transmettre")

    recipients = SafeModelMultipleChoiceField(
        label=_("Destinataires"),
        queryset=Recipient.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une transmission sera ouverte pour chaque destinataire coché."),
    )
    sent_on = FollowUpDateField(label=_("Date d’envoi"), initial=today, widget=DateInput())
    response_due = forms.DateField(
        label=_("Réponse attendue pour le"),
        required=False,
        widget=DateInput(),
        help_text=format_lazy(
            _("Laisser vide : {days} jours après l’envoi."), days=settings.RESPONSE_DEADLINE_DAYS
        ),
    )
    covering_letter_url = forms.URLField(
        label=_("Lien vers le courrier d’envoi"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
    )

    field_order = ["recipients", "sent_on", "response_due", "covering_letter_url", "reason"]


class AnswerForm(ActionForm):
    submit_label = _("Enregistrer la réponse")

    answer = forms.ChoiceField(
        label=_("Réponse reçue"),
        choices=[
            ("", _("— choisir —")),
            *(c for c in Transmission.Answer.choices if c[0] != Transmission.Answer.PENDING),
        ],
    )
    answered_on = FollowUpDateField(
        label=_("Date de la réponse"), initial=today, widget=DateInput()
    )
    summary = forms.CharField(
        label=_("Résumé de la réponse"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proof_url = forms.URLField(
        label=_("Lien vers la réponse"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
    )
    rerouted_to = SafeModelChoiceField(
        label=_("Nouveau destinataire (si réorientée)"),
        queryset=Recipient.objects.order_by("name"),
        required=False,
    )

    field_order = ["answer", "answered_on", "summary", "proof_url", "rerouted_to", "reason"]


class ImplementationForm(ActionForm):
    submit_label = _("Enregistrer la mise en œuvre")

    status = forms.ChoiceField(
        label=_("Mise en œuvre constatée"),
        choices=[
            ("", _("— choisir —")),
            *(
                c
                for c in Recommendation.Implementation.choices
                if c[0] != Recommendation.Implementation.NOT_ASSESSED
            ),
        ],
    )
    effective_on = FollowUpDateField(label=_("Date"), initial=today, widget=DateInput())
    proof_url = forms.URLField(
        label=_("Lien vers la preuve"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        help_text=_(
            "Obligatoire pour « réalisée » : acte adopté, ligne budgétaire, mesure publiée."
        ),
    )

    field_order = ["status", "effective_on", "proof_url", "reason"]
