"""Read queries the document pages share."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from .models import Constat, Consultation, Piste, Solution, Theme

# How many recommendations the document shows under each solution (two keep the whole document
# under 100 KB at 30 times the data); the others are a link away,
# so that the page stays the same size however many recommendations grow from one solution.
SHOWN_PER_SOLUTION = 2


def get_consultation(*, with_organisations=False):
    """Return the day of the Assises the site follows, or None before the document is loaded."""
    consultations = Consultation.objects.order_by("pk")
    if with_organisations:
        consultations = consultations.prefetch_related("participations__organisation")
    return consultations.first()


def themes_with_content(consultation):
    """Return the consultation's themes with everything they hold, in document order."""
    from recommendations.models import Recommendation

    return consultation.themes.prefetch_related(
        "questions",
        "keywords",
        Prefetch(
            "solutions",
            queryset=Solution.objects.annotate(
                recommendation_count=Count(
                    "recommendations", filter=Q(recommendations__is_published=True)
                )
            ).prefetch_related(
                Prefetch(
                    "recommendations",
                    queryset=Recommendation.objects.published().order_by("reference")[
                        :SHOWN_PER_SOLUTION
                    ],
                    to_attr="shown_recommendations",
                )
            ),
        ),
        Prefetch(
            "constats",
            queryset=Constat.objects.prefetch_related(
                Prefetch("following_pistes", queryset=Piste.objects.order_by("position"))
            ),
        ),
    )


def get_theme_with_content(consultation, slug):
    """Return one theme with its content, or raise 404."""
    return get_object_or_404(themes_with_content(consultation), slug=slug)


def theme_outline(consultation):
    """Return the themes with counts for the home page, without their content."""
    return Theme.objects.filter(consultation=consultation).order_by("position")
