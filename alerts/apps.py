from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = _("Alertes par courriel")

    def ready(self):
        from recommendations.signals import event_recorded

        from .receivers import queue_alerts_for_event

        event_recorded.connect(queue_alerts_for_event, dispatch_uid="alerts.event")
