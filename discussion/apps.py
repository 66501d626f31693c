from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "discussion"
    verbose_name = _("Voix des partenaires")

    def ready(self):
        from recommendations.signals import event_recorded

        from .notifications import notify_followers_of_event

        event_recorded.connect(notify_followers_of_event, dispatch_uid="discussion.followers")
