from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bench"
    verbose_name = _("Banc d’essai")
