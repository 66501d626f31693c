"""Forms for inviting partners, accepting an invitation and choosing one's emails."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordMixin
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.emails import language_of, queue_rendered_email
from core.forms import SafeModelChoiceField
from core.idempotency import SubmissionTokenFormMixin
from themes.models import Organisation

from . import services
from .models import Invitation, Profile


def submit_helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary"))
    return helper


class InvitationForm(SubmissionTokenFormMixin, forms.ModelForm):
    """Who to invite, for which organisation, in which language to write to them."""

    class Meta:
        model = Invitation
        fields = ["first_name", "last_name", "email", "organisation", "language"]
        labels = {"language": _("Langue de l’invitation et des courriels")}
        field_classes = {"organisation": SafeModelChoiceField}
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name", "unit")
        self.fields["organisation"].help_text = _(
            "La personne s’exprimera au nom de cette organisation."
        )
        self.fields["email"].help_text = _(
            "Le lien d’invitation y sera envoyé ; il sert aussi d’identifiant de connexion."
        )
        self.helper = submit_helper(_("Envoyer l’invitation"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        if services.existing_account(email):
            raise forms.ValidationError(_("Un compte existe déjà pour cette adresse e-mail."))
        return email


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    """The invitee checks their name and chooses a password that Django's validators accept."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Mot de passe"), label2=_("Confirmation du mot de passe")
    )

    def __init__(self, *args, invitation, **kwargs):
        kwargs["initial"] = {
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.helper = submit_helper(_("Créer mon compte"))

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords()
        user = get_user_model()(
            username=self.invitation.email.lower(),
            email=self.invitation.email,
            first_name=cleaned_data.get("first_name", ""),
            last_name=cleaned_data.get("last_name", ""),
        )
        self.validate_password_for_user(user, password_field_name="password1")
        return cleaned_data


class ProfileForm(forms.ModelForm):
    """The email choices of one account; the coordination digest only for coordinators."""

    class Meta:
        model = Profile
        fields = ["language", "email_notifications", "coordination_digest"]

    def __init__(self, *args, is_coordinator=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_coordinator:
            del self.fields["coordination_digest"]
        # The page says what unticking does: beside a checkbox, help text would squeeze the label.
        self.fields["email_notifications"].help_text = ""
        self.helper = submit_helper(_("Enregistrer mes choix"))


class LocalisedPasswordResetForm(PasswordResetForm):
    """Write the reset email in each account's own language, not the visitor's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse e-mail")

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Write the reset e-mail to the outbox: the request never waits for the mail server."""
        language = language_of(context["user"])
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            text = loader.render_to_string(email_template_name, context)
            html = (
                loader.render_to_string(html_email_template_name, context)
                if html_email_template_name
                else ""
            )
        queue_rendered_email(to_email, email_template_name, subject=subject, text=text, html=html)
