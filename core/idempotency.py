"""Submitting the same form twice (a double click, a resent POST) creates one thing, not two.

Each rendering of a form carries a fresh random token in a hidden field. The view claims the
token in the same transaction as the action: the first submission claims it and acts; a second
one finds it claimed (the database's unique index decides, even for two clicks at the same
instant) and is sent where the first one went, with a notice, and nothing is created again. A
refused submission (the form shows an error) releases its token, so the corrected form can be
sent. A form posted without a token (an old page) acts as before.
"""

import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .models import SubmittedForm

TOKEN_FIELD = "submission_token"


def new_token():
    return secrets.token_urlsafe(24)


class SubmissionTokenFormMixin:
    """A form that carries a one-use token in a hidden field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=new_token()
        )


class _NotDone(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


class IdempotentSubmitMixin:
    """For a FormView whose form has the token: act once per token, redirect the repeats.

    It wraps ``post``, so whichever ``form_valid`` the view defines runs inside the claim.
    """

    duplicate_message = _("Ce formulaire a déjà été envoyé : rien n’a été enregistré une 2e fois.")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        token = form.cleaned_data.get(TOKEN_FIELD) or ""
        if not token or not request.user.is_authenticated:
            return self.form_valid(form)
        try:
            with transaction.atomic():
                claim = SubmittedForm.objects.create(token=token, user=request.user)
                response = self.form_valid(form)
                if not isinstance(response, HttpResponseRedirect):
                    raise _NotDone(response)
                claim.result_url = response["Location"]
                claim.save(update_fields=["result_url"])
                return response
        except _NotDone as refused:
            return refused.response
        except IntegrityError:
            earlier = SubmittedForm.objects.filter(token=token).first()
            if earlier is None:
                raise
        messages.info(request, self.duplicate_message)
        return HttpResponseRedirect(earlier.result_url or request.path)
