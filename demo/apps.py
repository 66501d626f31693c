from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictitious follow-up of ``make demo``: built on every other app, needed by none."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Démonstration")
