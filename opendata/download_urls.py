"""Downloads, outside the language prefix: one address per file, whatever the reader's language."""

from django.urls import path, register_converter

from . import views


class ExtensionConverter:
    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExtensionConverter, "ext")

app_name = "downloads"

urlpatterns = [
    path("donnees/<slug:slug>.<ext:extension>", views.download, name="file"),
]
