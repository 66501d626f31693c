from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dossiers"
    verbose_name = _("Dossiers et courriers")

    def ready(self):
        from recommendations import documents
        from recommendations.models import TransmissionDocument

        from . import rendering, urls

        documents.register_renderer(TransmissionDocument.Kind.LETTER, rendering.frozen_letter)
        documents.register_renderer(TransmissionDocument.Kind.DOSSIER, rendering.frozen_dossier)
        documents.register_dossier_urls(urls.dossier_url)
