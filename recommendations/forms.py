"""Forms the coordination uses to move a recommendation along, each ending in a service call."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm as BaseActionForm
from core.forms import DateInput

from .models import Recipient, Recommendation, Transmission

REASON_HELP = _("Publiée dans l’historique de la recommandation. Écrivez-la simplement.")


class ActionForm(BaseActionForm):
    """A follow-up action, with the public reason every event carries.

    ``version`` is the recommendation's latest event when the form was drawn: the service refuses
    the action if another one was recorded meanwhile.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    reason = forms.CharField(
        label=_("Raison"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez la raison de ce changement."))
        return reason


def today():
    return timezone.localdate()


class ValidateForm(ActionForm):
    submit_label = _("Valider la recommandation")

    validated_on = forms.DateField(
        label=_("Date de la validation"), initial=today, widget=DateInput()
    )

    field_order = ["validated_on", "reason"]


class TransmitForm(ActionForm):
    submit_label = _("Transmettre")

    recipients = forms.ModelMultipleChoiceField(
        label=_("Destinataires"),
        queryset=Recipient.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une transmission sera ouverte pour chaque destinataire coché."),
    )
    sent_on = forms.DateField(label=_("Date d’envoi"), initial=today, widget=DateInput())
    response_due = forms.DateField(
        label=_("Réponse attendue pour le"),
        required=False,
        widget=DateInput(),
        help_text=format_lazy(
            _("Laisser vide : {days} jours après l’envoi."), days=settings.RESPONSE_DEADLINE_DAYS
        ),
    )
    covering_letter_url = forms.URLField(
        label=_("Lien vers le courrier d’envoi"), required=False, assume_scheme="https"
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
    answered_on = forms.DateField(label=_("Date de la réponse"), initial=today, widget=DateInput())
    summary = forms.CharField(
        label=_("Résumé de la réponse"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proof_url = forms.URLField(
        label=_("Lien vers la réponse"), required=False, assume_scheme="https"
    )
    rerouted_to = forms.ModelChoiceField(
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
    effective_on = forms.DateField(label=_("Date"), initial=today, widget=DateInput())
    proof_url = forms.URLField(
        label=_("Lien vers la preuve"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "Obligatoire pour « réalisée » : acte adopté, ligne budgétaire, mesure publiée."
        ),
    )

    field_order = ["status", "effective_on", "proof_url", "reason"]
