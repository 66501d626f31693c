"""Forms the coordination uses to move a recommendation along, each ending in a service call."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm as BaseActionForm
from core.forms import (
    DateInput,
    FollowUpDateField,
    PlannedDateField,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
)
from core.idempotency import SubmissionTokenFormMixin

from .models import (
    URL_MAX_LENGTH,
    ImplementingAct,
    LetterTemplate,
    Recipient,
    Recommendation,
    Transmission,
)

REASON_HELP = _("Publiée dans l’historique de la recommandation. Écrivez-la simplement.")


class ActionForm(SubmissionTokenFormMixin, BaseActionForm):
    """A follow-up action, with the public reason every event carries.

    ``version`` is the recommendation's latest event when the form was drawn: the service refuses
    the action if another one was recorded meanwhile. The one-use token makes a double click on
    « Confirmer et publier » write one event, not two.
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
    response_due = PlannedDateField(
        label=_("Réponse attendue pour le"),
        required=False,
        widget=DateInput(),
        help_text=format_lazy(
            _("Laisser vide : {days} jours après l’envoi."), days=settings.RESPONSE_DEADLINE_DAYS
        ),
    )
    letter_template = SafeModelChoiceField(
        label=_("Courrier écrit sur le site"),
        queryset=LetterTemplate.objects.all(),
        required=False,
        empty_label=_("— aucun : le courrier part hors du site —"),
        help_text=_(
            "Le courrier et le dossier de chaque destinataire sont écrits à partir de ce modèle "
            "puis figés : la page publique montre exactement ce qui a été envoyé."
        ),
    )
    covering_letter_url = forms.URLField(
        label=_("Lien vers le courrier d’envoi"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        help_text=_("Pour un courrier envoyé hors du site."),
    )

    field_order = [
        "recipients",
        "sent_on",
        "response_due",
        "letter_template",
        "covering_letter_url",
        "reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = LetterTemplate.objects.filter(is_default=True).first()
        if default is not None:
            self.fields["letter_template"].initial = default.pk


class AnswerForm(ActionForm):
    """A recipient's answer, with one public text: what the answer says, in short.

    On a transmission already answered, the form opens with the recorded answer, and can say
    that it corrects a mistake in it (``corrects``) rather than record a new answer.
    """

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
    corrects = forms.BooleanField(
        label=_("C’est une correction"),
        required=False,
    )

    field_order = ["corrects", "answer", "answered_on", "reason", "proof_url", "rerouted_to"]

    def __init__(self, *args, corrected_event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Ce que le destinataire a répondu, en bref")
        self.fields["reason"].help_text = _(
            "Le seul texte public de cet enregistrement : il est publié dans l’historique et à "
            "côté de la réponse, dans le tableau des destinataires."
        )
        if corrected_event is None:
            del self.fields["corrects"]
        else:
            self.fields["corrects"].help_text = format_lazy(
                _(
                    "Cochez si la réponse n’a pas changé mais a été mal enregistrée (l’événement "
                    "n° {number}) : l’historique dira que ceci la corrige. Laissez vide pour une "
                    "nouvelle réponse du destinataire."
                ),
                number=corrected_event.sequence,
            )


class TransmissionCorrectionForm(ActionForm):
    """Correct the sending date or the recipient of a transmission recorded by mistake."""

    submit_label = _("Corriger l’envoi")

    sent_on = FollowUpDateField(label=_("Date d’envoi"), widget=DateInput())
    recipient = SafeModelChoiceField(
        label=_("Destinataire"), queryset=Recipient.objects.order_by("name"), empty_label=None
    )

    field_order = ["sent_on", "recipient", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Raison de la correction")
        self.fields["reason"].help_text = _(
            "Publiée dans l’historique, après ce que la correction change ; l’événement corrigé "
            "reste tel qu’il était."
        )


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
        help_text=_("Laisser vide : le lien officiel de l’acte cité ci-dessous."),
    )
    act_kind = forms.ChoiceField(
        label=_("Acte qui la porte : nature"),
        required=False,
        choices=[("", _("— aucun nouvel acte —")), *ImplementingAct.Kind.choices],
        help_text=_(
            "« Réalisée » et « réalisée en partie » citent l’acte adopté qui les porte, "
            "sauf s’il est déjà cité."
        ),
    )
    act_title = forms.CharField(label=_("Intitulé de l’acte"), required=False, max_length=500)
    act_adopted_on = FollowUpDateField(
        label=_("Date d’adoption de l’acte"), required=False, widget=DateInput()
    )
    act_url = forms.URLField(
        label=_("Lien officiel de l’acte"),
        required=False,
        assume_scheme="https",
        max_length=URL_MAX_LENGTH,
    )

    field_order = [
        "status",
        "effective_on",
        "act_kind",
        "act_title",
        "act_adopted_on",
        "act_url",
        "proof_url",
        "reason",
    ]


def cited_act(data):
    """The act an implementation form cites, or None when none is given."""
    if not any(data.get(f"act_{name}") for name in ("kind", "title", "adopted_on", "url")):
        return None
    return {name: data.get(f"act_{name}") for name in ("kind", "title", "adopted_on", "url")}


class TargetDateForm(ActionForm):
    submit_label = _("Enregistrer l’échéance")

    target_on = PlannedDateField(label=_("Échéance annoncée"), widget=DateInput())

    field_order = ["target_on", "reason"]


class NoteForm(BaseActionForm):
    submit_label = _("Publier la note")

    text = forms.CharField(
        label=_("Note de la coordination"),
        help_text=_(
            "Publiée à côté de la réponse, qui reste telle que le destinataire l’a écrite."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class RecipientAnswerForm(BaseActionForm):
    """What an authority fills in on its answer page, without an account."""

    submit_label = _("Publier notre réponse")

    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        widget=forms.RadioSelect,
        choices=[c for c in Transmission.Answer.choices if c[0] != Transmission.Answer.PENDING],
    )
    rerouted_to = SafeModelChoiceField(
        label=_("Si vous la réorientez : vers qui"),
        queryset=Recipient.objects.order_by("name"),
        required=False,
    )
    text = forms.CharField(
        label=_("Votre réponse, dans vos mots"),
        help_text=_("Texte simple, 5 000 caractères au plus. Il sera publié tel quel."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    letter_url = forms.URLField(
        label=_("Lien vers votre lettre ou votre décision (facultatif)"),
        required=False,
        assume_scheme="https",
        max_length=URL_MAX_LENGTH,
    )
    target_on = PlannedDateField(
        label=_("Date prévue pour la mise en œuvre (facultatif)"),
        required=False,
        widget=DateInput(),
        help_text=_("Si vous accueillez la recommandation : quand sera-t-elle mise en œuvre ?"),
    )
    responder_name = forms.CharField(
        label=_("Votre nom"),
        max_length=200,
        help_text=_("Connu de la coordination seulement ; il n’est pas publié."),
    )
    responder_role = forms.CharField(
        label=_("Votre fonction"), max_length=200, help_text=_("Publiée avec la réponse.")
    )


class NewAnswerLinkForm(BaseActionForm):
    submit_label = _("Recevoir un nouveau lien")

    email = forms.EmailField(
        label=_("Votre adresse e-mail professionnelle"),
        help_text=_("Si elle est connue de la coordination, un nouveau lien y sera envoyé."),
    )
