"""Forms partners and coordinators use on a recommendation, each ending in a service call."""

from django import forms
from django.utils import formats
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm
from core.idempotency import SubmissionTokenFormMixin

from .models import COMMENT_MAX_LENGTH, Verdict

BODY_HELP = format_lazy(
    _(
        "Texte simple ; les adresses web (https://…) deviennent des liens. {limit} caractères au "
        "plus. Publié avec votre nom et celui de votre organisation."
    ),
    limit=lazy(lambda: formats.number_format(COMMENT_MAX_LENGTH, force_grouping=True), str)(),
)


class DiscussionForm(ActionForm):
    """A partner's or moderator's action on the discussion."""

    submit_label = _("Publier")


def body_field(label):
    # No ``max_length`` here: the service's message says how long the text is and what to do,
    # and a browser's maxlength would cut a pasted text without a word.
    return forms.CharField(
        label=label,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Écrivez votre commentaire.")},
    )


class CommentForm(SubmissionTokenFormMixin, DiscussionForm):
    submit_label = _("Publier le commentaire")

    body = body_field(_("Votre commentaire"))


class ReplyForm(SubmissionTokenFormMixin, DiscussionForm):
    submit_label = _("Publier la réponse")

    body = body_field(_("Votre réponse"))


class EditForm(DiscussionForm):
    submit_label = _("Enregistrer la modification")

    body = body_field(_("Texte du commentaire"))


class VerdictForm(SubmissionTokenFormMixin, DiscussionForm):
    submit_label = _("Donner l’avis de mon organisation")

    verdict = forms.ChoiceField(
        label=_("Ce qui a été décidé est, par rapport à la recommandation :"),
        choices=Verdict.Value.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez : conforme, édulcorée ou contraire à la recommandation.")
        },
    )
    body = body_field(_("Votre commentaire, qui explique l’avis"))


class ReportForm(DiscussionForm):
    submit_label = _("Signaler à la coordination")

    reason = forms.CharField(
        label=_("Qu’est-ce qui pose problème dans ce commentaire ?"),
        help_text=_("Seule la coordination lit votre signalement."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites en quelques mots ce qui pose problème.")},
    )


class HideForm(DiscussionForm):
    submit_label = _("Masquer le commentaire")

    reason = forms.CharField(
        label=_("Raison publique du masquage"),
        help_text=_(
            "Affichée à la place du commentaire : « Commentaire masqué par la coordination : … »."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez la raison : elle sera affichée à la place.")},
    )
