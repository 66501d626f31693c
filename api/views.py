"""The read-only API: GET, HEAD and OPTIONS only, anonymous, rate limited, no personal data."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, mixins, viewsets

from opendata.selectors import concerns_recipient, public_events
from recommendations import selectors as follow_up
from recommendations.filters import RecommendationFilter
from recommendations.models import Recipient, Transmission
from themes.models import Constat, Consultation, Keyword, Piste, Question, Solution, Theme

from .serializers import (
    DocumentSerializer,
    EventSerializer,
    RecipientSerializer,
    RecommendationSerializer,
    ThemeDetailSerializer,
    ThemeSerializer,
    TransmissionSerializer,
)

READ_ONLY = ["get", "head", "options"]


class ReadOnly:
    http_method_names = READ_ONLY


class RecommendationApiFilter(RecommendationFilter):
    """The public list's filters, with the types the schema cannot guess from their methods."""


for _name, _type in {
    "recipient": OpenApiTypes.STR,
    "overdue": OpenApiTypes.BOOL,
    "supported": OpenApiTypes.BOOL,
}.items():
    # Only a schema annotation on the filter: its behaviour is the list's.
    extend_schema_field(_type)(RecommendationApiFilter.base_filters[_name])


class RecommendationViewSet(ReadOnly, viewsets.ReadOnlyModelViewSet):
    """Published recommendations, with the public list's filters and search (``q``)."""

    serializer_class = RecommendationSerializer
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = RecommendationApiFilter

    def get_queryset(self):
        return follow_up.recommendation_list().prefetch_related("recipients")


class RecipientViewSet(ReadOnly, viewsets.ReadOnlyModelViewSet):
    serializer_class = RecipientSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "id"
    queryset = Recipient.objects.order_by("name")


class TransmissionFilter(filters.FilterSet):
    recommendation = filters.CharFilter(field_name="recommendation__reference")
    recipient = filters.CharFilter(field_name="recipient__slug")
    answer = filters.ChoiceFilter(choices=Transmission.Answer.choices)

    class Meta:
        model = Transmission
        fields = ["recommendation", "recipient", "answer"]


def with_rank(queryset):
    """Annotate ``rank``: the transmission's place among its recommendation's sendings."""
    earlier = (
        Transmission.objects.filter(recommendation=OuterRef("recommendation"))
        .filter(
            Q(sent_on__lt=OuterRef("sent_on"))
            | Q(sent_on=OuterRef("sent_on"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("recommendation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(rank=Subquery(earlier))


class TransmissionViewSet(ReadOnly, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every sending of a recommendation to a recipient, with the recipient's answer."""

    serializer_class = TransmissionSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = TransmissionFilter

    def get_queryset(self):
        return with_rank(
            Transmission.objects.filter(recommendation__is_published=True)
            .select_related("recommendation", "recipient")
            .order_by("recommendation__reference", "sent_on", "pk")
        )


class EventFilter(filters.FilterSet):
    recommendation = filters.CharFilter(field_name="recommendation__reference")
    recipient = filters.CharFilter(method="for_recipient")
    axis = filters.CharFilter(field_name="axis")
    since = filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="gte")

    class Meta:
        model = public_events().model
        fields = ["recommendation", "recipient", "axis", "since"]

    def for_recipient(self, queryset, name, value):
        recipient = Recipient.objects.filter(slug=value).first()
        if recipient is None:
            return queryset.none()
        return queryset.filter(concerns_recipient(recipient))


class EventViewSet(ReadOnly, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The whole dated history of the follow-up, oldest first; events are never edited."""

    serializer_class = EventSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = EventFilter

    def get_queryset(self):
        return public_events().order_by("recorded_at", "pk")


def theme_items():
    return [
        Prefetch("questions", queryset=Question.objects.order_by("position")),
        Prefetch("keywords", queryset=Keyword.objects.order_by("position")),
        Prefetch("constats", queryset=Constat.objects.order_by("position")),
        Prefetch("solutions", queryset=Solution.objects.order_by("position")),
        Prefetch("pistes", queryset=Piste.objects.order_by("position")),
    ]


class ThemeViewSet(ReadOnly, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"

    def get_queryset(self):
        themes = Theme.objects.order_by("position")
        if self.action == "retrieve":
            themes = themes.prefetch_related(*theme_items())
        return themes

    def get_serializer_class(self):
        return ThemeDetailSerializer if self.action == "retrieve" else ThemeSerializer


class DocumentView(ReadOnly, generics.RetrieveAPIView):
    """The Assises document, word for word: every theme with its questions, keywords, etc."""

    serializer_class = DocumentSerializer

    def get_object(self):
        themes = Theme.objects.order_by("position").prefetch_related(*theme_items())
        return get_object_or_404(
            Consultation.objects.prefetch_related(Prefetch("themes", queryset=themes)).order_by(
                "pk"
            )[:1]
        )


@extend_schema(exclude=True)
class DocsView(SpectacularSwaggerSplitView):
    """The API's documentation page, its script served separately for the strict CSP."""

    template_name = "api/swagger_ui.html"
    http_method_names = ["get", "head"]
    throttle_classes = []
