from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from core.services import ServiceError

from . import services
from .models import (
    AnswerLink,
    CoordinationNote,
    Event,
    ImplementingAct,
    Recipient,
    RecipientAnswer,
    RecipientContact,
    Recommendation,
    TargetDate,
    Transmission,
)


class RecipientContactInline(admin.TabularInline):
    """Who receives the letters, answer links and reminders: never shown on the public site."""

    model = RecipientContact
    extra = 1
    fields = ["name", "role", "email", "is_active"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    inlines = [RecipientContactInline]
    list_display = ["name", "level", "website"]
    list_filter = ["level"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class TransmissionInline(ReadOnlyInline):
    model = Transmission
    fields = ["recipient", "sent_on", "response_due", "answer", "answered_on", "answer_summary"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = Event
    fields = ["sequence", "effective_on", "axis", "from_value", "to_value", "reason", "proof_url"]
    readonly_fields = fields
    ordering = ["sequence"]


class AnswerFilter(admin.SimpleListFilter):
    title = _("réponse")
    parameter_name = "reponse"

    def lookups(self, request, model_admin):
        return Transmission.Answer.choices

    def queryset(self, request, queryset):
        if self.value() in Transmission.Answer.values:
            return queryset.filter(transmissions__answer=self.value()).distinct()
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("réponse en retard")
    parameter_name = "en_retard"

    def lookups(self, request, model_admin):
        return [("oui", _("oui")), ("non", _("non"))]

    def queryset(self, request, queryset):
        overdue = Exists(
            Transmission.objects.overdue(timezone.localdate()).filter(recommendation=OuterRef("pk"))
        )
        if self.value() == "oui":
            return queryset.filter(overdue)
        if self.value() == "non":
            return queryset.exclude(overdue)
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "theme", "stage", "implementation", "is_published"]
    list_filter = [
        "theme",
        "stage",
        AnswerFilter,
        "implementation",
        ("transmissions__recipient", admin.RelatedOnlyFieldListFilter),
        OverdueFilter,
        "is_published",
    ]
    search_fields = ["reference", "title", "statement", "easy_read"]
    list_select_related = ["theme"]
    readonly_fields = ["reference", "stage", "implementation", "created", "modified"]
    filter_horizontal = ["solutions", "pistes", "constats", "recipients"]
    inlines = [TransmissionInline, EventInline]
    actions = ["validate_selected"]
    fieldsets = [
        (None, {"fields": ["reference", "theme", "position", "title", "statement", "easy_read"]}),
        (_("Origine dans le document"), {"fields": ["solutions", "pistes", "constats"]}),
        (_("Suivi"), {"fields": ["recipients", "stage", "implementation", "is_published"]}),
        (_("Dates"), {"fields": ["created", "modified"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Theme and number make the reference: fixed once the recommendation exists.
        if obj is not None:
            return [*self.readonly_fields, "theme", "position"]
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # The reference and number are given by the service; the stages by the history.
            return [
                (None, {"fields": ["theme", "title", "statement", "easy_read"]}),
                (_("Origine dans le document"), {"fields": ["solutions", "pistes", "constats"]}),
                (_("Suivi"), {"fields": ["recipients", "is_published"]}),
            ]
        return super().get_fieldsets(request, obj)

    def save_form(self, request, form, change):
        """A new recommendation is formulated by the service, which numbers it and dates it."""
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        form.instance = services.create_recommendation(
            theme=data["theme"],
            title=data["title"],
            statement=data["statement"],
            easy_read=data["easy_read"],
            is_published=data["is_published"],
            formulated_on=timezone.localdate(),
            reason=str(_("Formulée par la coordination.")),
            by=request.user,
        )
        # The admin then saves the links (solutions, constats…) on the created recommendation.
        return form.save(commit=False)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Valider les recommandations choisies"))
    def validate_selected(self, request, queryset):
        validated, refused = 0, []
        for recommendation in queryset.order_by("reference"):
            try:
                services.validate(
                    recommendation,
                    validated_on=timezone.localdate(),
                    reason=str(_("Validée par la coordination.")),
                    by=request.user,
                )
                validated += 1
            except ServiceError as error:
                refused.append(f"{recommendation.reference} : {error.message}")
        if validated:
            self.message_user(
                request,
                ngettext(
                    "%(count)d recommandation validée.",
                    "%(count)d recommandations validées.",
                    validated,
                )
                % {"count": validated},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)


@admin.register(Transmission)
class TransmissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recommendation", "recipient", "sent_on", "response_due", "answer"]
    list_filter = ["answer", "recipient__level", "recipient"]
    search_fields = ["recommendation__reference", "recommendation__title", "recipient__name"]
    list_select_related = ["recommendation", "recipient"]
    inlines = [EventInline]


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recommendation", "sequence", "effective_on", "axis", "to_value", "reason"]
    list_filter = ["axis", "recommendation__theme"]
    search_fields = ["recommendation__reference", "reason"]
    list_select_related = ["recommendation"]
    date_hierarchy = "recorded_at"


@admin.register(AnswerLink)
class AnswerLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["transmission", "created", "expires_on", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["transmission__recommendation__reference", "transmission__recipient__name"]
    list_select_related = ["transmission__recommendation", "transmission__recipient"]
    actions = ["revoke_selected"]

    @admin.action(description=_("Retirer les liens choisis"))
    def revoke_selected(self, request, queryset):
        for link in queryset:
            services.revoke_answer_link(link, by=request.user)
        self.message_user(request, _("Les liens choisis sont retirés."), messages.SUCCESS)


@admin.register(RecipientAnswer)
class RecipientAnswerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "responder_role", "responder_name", "created"]
    list_select_related = ["event__recommendation"]


@admin.register(CoordinationNote)
class CoordinationNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "created"]
    list_select_related = ["event__recommendation"]


@admin.register(TargetDate)
class TargetDateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recommendation", "target_on", "source", "recorded_at"]
    list_select_related = ["recommendation"]


@admin.register(ImplementingAct)
class ImplementingActAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recommendation", "kind", "title", "adopted_on"]
    list_select_related = ["recommendation"]
