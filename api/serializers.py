"""What the API shows: the public follow-up, never a person (no account, author or e-mail)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from recommendations.models import Event, Recipient, Recommendation, Transmission
from themes.models import Consultation, Piste, Theme


def link_field(help_text):
    """An address, or an empty string when there is none (never null)."""
    return serializers.CharField(allow_blank=True, help_text=help_text)


class RecipientSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="slug", help_text="Identifiant stable du destinataire.")
    website = link_field("Site web, ou vide.")

    class Meta:
        model = Recipient
        fields = ["id", "name", "level", "description", "website"]


class RecommendationSerializer(serializers.ModelSerializer):
    theme = serializers.IntegerField(source="theme.position", help_text="Numéro du thème.")
    theme_slug = serializers.CharField(source="theme.slug")
    intended_recipients = serializers.SlugRelatedField(
        source="recipients", many=True, read_only=True, slug_field="slug"
    )
    support = serializers.IntegerField(help_text="Organisations qui la co-signent aujourd’hui.")
    last_event_on = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "reference",
            "theme",
            "theme_slug",
            "title",
            "statement",
            "easy_read",
            "stage",
            "implementation",
            "intended_recipients",
            "support",
            "last_event_on",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class TransmissionSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField()
    recommendation = serializers.CharField(source="recommendation.reference")
    recipient = serializers.CharField(source="recipient.slug")
    answer_label = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    answer_proof_url = link_field("Lien vers la réponse, ou vide.")
    covering_letter_url = link_field("Lien vers le courrier d’envoi, ou vide.")

    class Meta:
        model = Transmission
        fields = [
            "id",
            "recommendation",
            "recipient",
            "sent_on",
            "response_due",
            "answer",
            "answer_label",
            "is_overdue",
            "answered_on",
            "answer_summary",
            "answer_proof_url",
            "covering_letter_url",
        ]

    def get_id(self, obj) -> str:
        return f"{obj.recommendation.reference}-T{obj.rank}"

    def get_answer_label(self, obj) -> str:
        return str(obj.answer_display)

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue()


class EventSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField()
    recommendation = serializers.CharField(source="recommendation.reference")
    recipient = serializers.SerializerMethodField()
    corrects = serializers.SerializerMethodField()
    from_label = serializers.CharField()
    to_label = serializers.CharField()
    proof_url = link_field("Lien vers la preuve, ou vide.")

    class Meta:
        model = Event
        fields = [
            "id",
            "recommendation",
            "sequence",
            "axis",
            "from_value",
            "to_value",
            "from_label",
            "to_label",
            "effective_on",
            "reason",
            "proof_url",
            "recipient",
            "corrects",
            "recorded_at",
        ]

    def get_id(self, obj) -> str:
        return f"{obj.recommendation.reference}-E{obj.sequence}"

    def get_recipient(self, obj) -> str | None:
        return obj.transmission.recipient.slug if obj.transmission else None

    def get_corrects(self, obj) -> str | None:
        if obj.corrects is None:
            return None
        return f"{obj.recommendation.reference}-E{obj.corrects.sequence}"


class ThemeSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="position")

    class Meta:
        model = Theme
        fields = ["slug", "number", "title"]


class TextItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.CharField()


class LabelItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.CharField(source="label")


class PisteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Piste
        fields = ["position", "lead_in", "text", "added_during_debate"]


class ThemeDetailSerializer(ThemeSerializer):
    questions = TextItemSerializer(many=True)
    keywords = LabelItemSerializer(many=True)
    constats = TextItemSerializer(many=True)
    solutions = LabelItemSerializer(many=True)
    pistes = PisteSerializer(many=True)

    class Meta(ThemeSerializer.Meta):
        fields = [
            *ThemeSerializer.Meta.fields,
            "questions",
            "keywords",
            "constats",
            "solutions",
            "pistes",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    themes = ThemeDetailSerializer(many=True)

    class Meta:
        model = Consultation
        fields = [
            "slug",
            "title",
            "subtitle",
            "region",
            "introduction",
            "method",
            "conclusion",
            "themes",
        ]
