from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Commun")

    def ready(self):
        # The path converters ("safe", "id") every app's URLs use.
        from . import converters  # noqa: F401
