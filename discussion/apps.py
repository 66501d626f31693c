from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "discussion"
    verbose_name = _("Voix des partenaires")

    def ready(self):
        from recommendations.selectors import list_annotations
        from recommendations.signals import event_recorded

        from .notifications import notify_followers_of_event
        from .selectors import annotate_support

        list_annotations.append(annotate_support)

        event_recorded.connect(notify_followers_of_event, dispatch_uid="discussion.followers")
