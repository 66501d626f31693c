"""Views every app shares: the error pages, and the form view that runs a service."""

import sys

from django.contrib import messages
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import FormView

from .services import ServiceError, StaleFormError

# Seconds a client is asked to wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 15


def page_not_found(request, exception):
    """Show the site's 404 page, with the way back to the document."""
    return render(request, "404.html", status=404)


def bad_request(request, exception):
    """Show the site's 400 page; never read the request's body, which may be what was wrong."""
    return render(request, "400.html", status=400)


def _database_unavailable(error):
    """Whether the error is the database being out of reach (restarting, overloaded, down).

    A connection cut in the middle of a query can also surface as a bare DatabaseError; then
    the connection itself tells: it is no longer usable.
    """
    if isinstance(error, OperationalError | InterfaceError):
        return True
    if isinstance(error, DatabaseError):
        connection = connections[DEFAULT_DB_ALIAS]
        return connection.connection is not None and not connection.is_usable()
    return False


def service_unavailable():
    """A plain 503 page, with no database or context processor, asking to try again shortly."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """Show a plain 500 page that needs no database; a lost database is a 503, try again."""
    if _database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())


#: The field a confirmation page sends: without it, a form that confirms first only previews.
CONFIRM_FIELD = "confirm"
#: The button on a confirmation page that goes back to the form, with what was typed.
EDIT_FIELD = "modifier"


class _DryRun(Exception):
    def __init__(self, preview):
        super().__init__()
        self.preview = preview


class ServiceFormView(FormView):
    """Run one service from a form; show its refusal on the field it names, keep what was typed.

    A subclass names its form and writes ``perform(data)``, which calls the service and returns
    what ``get_success_url`` needs (kept as ``self.result``).

    With ``confirm_first``, a first valid submission runs the service in a transaction that is
    rolled back and shows what it would publish (``render_preview()``, while the rows still
    exist), with the typed data in hidden fields; only a submission carrying ``confirm=1`` acts.
    The service's own checks (stale form, rules) answer at the first step already.
    """

    http_method_names = ["get", "post"]
    success_message = ""
    confirm_first = False
    previewing = False

    def perform(self, data):
        raise NotImplementedError(f"{type(self).__name__} must say which service it runs")

    def render_preview(self):
        raise NotImplementedError(f"{type(self).__name__} must say what it would publish")

    def refused(self, form, error):
        if isinstance(error, StaleFormError) and "version" in form.fields:
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = error.version
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return self.form_invalid(form)

    def discard_dry_run(self):
        """Forget what the rolled-back run left in memory (objects it refreshed), before drawing."""

    def preview(self, form):
        """Run the service without keeping anything, and show what it would publish."""
        try:
            with transaction.atomic():
                self.previewing = True
                self.result = self.perform(form.cleaned_data)
                raise _DryRun(self.render_preview())
        except _DryRun as dry_run:
            preview = dry_run.preview
        except ServiceError as error:
            self.discard_dry_run()
            return self.refused(form, error)
        finally:
            self.previewing = False
        self.discard_dry_run()
        return self.render_to_response(self.get_context_data(form=form, preview=preview))

    def form_valid(self, form):
        if self.confirm_first:
            if self.request.POST.get(EDIT_FIELD):
                return self.render_to_response(self.get_context_data(form=form))
            if self.request.POST.get(CONFIRM_FIELD) != "1":
                return self.preview(form)
        try:
            self.result = self.perform(form.cleaned_data)
        except ServiceError as error:
            return self.refused(form, error)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class ActionFormMixin:
    """Give a ``core.forms.ActionForm`` its own address and the id prefix of its page."""

    prefix_id = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["action"] = self.request.path
        kwargs["prefix_id"] = self.prefix_id
        return kwargs
