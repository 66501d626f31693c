from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = _("Suivi des recommandations")

    def ready(self):
        from . import history

        history.connect()

        from django.db.models import Prefetch

        from themes.selectors import content_prefetches

        from .models import Recommendation

        def published_recommendations():
            return Prefetch(
                "solutions__recommendations",
                queryset=Recommendation.objects.published().order_by("reference"),
            )

        content_prefetches.append(published_recommendations)
