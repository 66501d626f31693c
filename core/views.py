"""Views every app shares: the error pages, and the form view that runs a service."""

from django.contrib import messages
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import FormView

from .services import ServiceError, StaleFormError


def page_not_found(request, exception):
    """Show the site's 404 page, with the way back to the document."""
    return render(request, "404.html", status=404)


def server_error(request):
    """Show a plain 500 page that needs no database or context processor."""
    return HttpResponseServerError(loader.get_template("500.html").render())


class ServiceFormView(FormView):
    """Run one service from a form; show its refusal on the field it names, keep what was typed.

    A subclass names its form and writes ``perform(data)``, which calls the service and returns
    what ``get_success_url`` needs (kept as ``self.result``).
    """

    http_method_names = ["get", "post"]
    success_message = ""

    def perform(self, data):
        raise NotImplementedError(f"{type(self).__name__} must say which service it runs")

    def form_valid(self, form):
        try:
            self.result = self.perform(form.cleaned_data)
        except ServiceError as error:
            if isinstance(error, StaleFormError) and "version" in form.fields:
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = error.version
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
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
