from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = _("Suivi des recommandations")

    def ready(self):
        from . import history

        history.connect()

        from django.db.models.signals import post_migrate

        from . import search_index

        def keep_search_index(using, **kwargs):
            from django.db import connections

            search_index.ensure_installed(connections[using])

        post_migrate.connect(keep_search_index, sender=self, weak=False)

        from django.db.models import Count, Prefetch, Q

        from themes.models import Solution
        from themes.selectors import content_prefetches

        from .models import Recommendation
        from .selectors import SHOWN_PER_SOLUTION

        def shown_recommendations():
            """Under each solution of the document: its first published recommendations, and
            how many there are (the others are a link away, so the page keeps its size)."""
            return Prefetch(
                "solutions",
                # The count groups the rows, and Django then drops Meta.ordering: order here.
                queryset=Solution.objects.annotate(
                    recommendation_count=Count(
                        "recommendations", filter=Q(recommendations__is_published=True)
                    )
                )
                .order_by("theme", "position")
                .prefetch_related(
                    Prefetch(
                        "recommendations",
                        queryset=Recommendation.objects.published().order_by("reference")[
                            :SHOWN_PER_SOLUTION
                        ],
                        to_attr="shown_recommendations",
                    )
                ),
            )

        content_prefetches.append(shown_recommendations)
