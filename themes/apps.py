from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "themes"
    verbose_name = _("Document des Assises")
