"""The dossiers to send to the authorities: printable pages and PDF files."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from recommendations.documents import DocumentUnavailable
from recommendations.models import Recipient
from themes.models import Theme

from . import rendering


def dossier_subject(scope, slug):
    if scope == "theme":
        return get_object_or_404(Theme.objects.order_by("consultation_id", "position"), slug=slug)
    if scope == "recipient":
        return get_object_or_404(Recipient, slug=slug)
    return None


class DossierIndexView(TemplateView):
    """Every dossier there is: the whole set, one per theme, one per recipient."""

    template_name = "dossiers/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = Theme.objects.order_by("consultation_id", "position")
        context["recipients"] = Recipient.objects.order_by("name")
        return context


class DossierPageView(TemplateView):
    """A dossier as a printable page: the same content as its PDF."""

    template_name = "dossiers/dossier_page.html"
    scope = "all"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = dossier_subject(self.scope, self.kwargs.get("slug"))
        context["dossier"] = rendering.build(self.scope, subject)
        return context


class DossierPdfView(View):
    """A dossier as a tagged PDF file, made once and kept while its data does not change."""

    scope = "all"

    def get(self, request, slug=None):
        subject = dossier_subject(self.scope, slug)
        try:
            filename, content = rendering.dossier_pdf(self.scope, subject)
        except DocumentUnavailable as error:
            return render(
                request,
                "dossiers/unavailable.html",
                {"problem": str(error), "title": _("Le dossier PDF ne peut pas être produit")},
                status=503,
            )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "public, max-age=300"
        return response
