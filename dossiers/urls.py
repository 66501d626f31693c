from django.urls import path, reverse

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.DossierIndexView.as_view(), name="index"),
    path("ensemble/", views.DossierPageView.as_view(scope="all"), name="all"),
    path("ensemble.pdf", views.DossierPdfView.as_view(scope="all"), name="all_pdf"),
    path("themes/<slug:slug>/", views.DossierPageView.as_view(scope="theme"), name="theme"),
    path("themes/<slug:slug>.pdf", views.DossierPdfView.as_view(scope="theme"), name="theme_pdf"),
    path(
        "destinataires/<slug:slug>/",
        views.DossierPageView.as_view(scope="recipient"),
        name="recipient",
    ),
    path(
        "destinataires/<slug:slug>.pdf",
        views.DossierPdfView.as_view(scope="recipient"),
        name="recipient_pdf",
    ),
]

URL_NAMES = {"all": "all", "theme": "theme", "recipient": "recipient"}


def dossier_url(scope, subject, fmt):
    """The address of a dossier, for the follow-up pages that link to it."""
    if scope not in URL_NAMES:
        return None
    name = f"dossiers:{URL_NAMES[scope]}{'_pdf' if fmt == 'pdf' else ''}"
    if scope == "all":
        return reverse(name)
    return reverse(name, kwargs={"slug": subject.slug})
