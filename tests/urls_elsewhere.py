"""Another URL setup, for the test that addresses follow a change of ROOT_URLCONF."""

from django.http import HttpResponse
from django.urls import include, path

recipients = (
    [path("<slug:slug>/", lambda request, slug: HttpResponse(), name="detail")],
    "recipients",
)

urlpatterns = [path("ailleurs/", include(recipients))]
