import django_filters
from django.utils.translation import gettext_lazy as _

from themes.models import Theme

from .models import Recommendation


class RecommendationFilter(django_filters.FilterSet):
    """Filters of the public list; every choice is in the URL so a search can be shared."""

    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"),
        queryset=Theme.objects.order_by("position"),
        empty_label=_("Tous les thèmes"),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Étape"), choices=Recommendation.Stage.choices, empty_label=_("Toutes les étapes")
    )
    implementation = django_filters.ChoiceFilter(
        label=_("Mise en œuvre"),
        choices=Recommendation.Implementation.choices,
        empty_label=_("Tous les états"),
    )

    class Meta:
        model = Recommendation
        fields = ["theme", "stage", "implementation"]
