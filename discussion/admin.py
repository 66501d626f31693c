"""The discussion in the admin: everything read-only, except hiding and restoring a comment."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from core.services import ServiceError

from . import services
from .models import (
    Comment,
    CommentVersion,
    CoSignature,
    DigestDelivery,
    Moderation,
    Report,
    Unsubscription,
    Verdict,
)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows written by the site's services only; the admin reads them."""


class VersionInline(ReadOnlyInline):
    model = CommentVersion
    fields = ["created", "body"]
    readonly_fields = fields


class ReportInline(ReadOnlyInline):
    model = Report
    fk_name = "comment"
    fields = ["created", "reporter", "reason", "handled_at", "handled_by"]
    readonly_fields = fields


class ModerationInline(ReadOnlyInline):
    model = Moderation
    fields = ["created", "action", "reason", "by"]
    readonly_fields = fields


class ModerationForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["is_hidden", "hidden_reason"]

    def clean(self):
        data = super().clean()
        if data.get("is_hidden") and not (data.get("hidden_reason") or "").strip():
            self.add_error(
                "hidden_reason", _("Indiquez la raison : elle sera affichée à la place.")
            )
        return data


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """A comment's text and history are read-only; hiding and restoring go through the services."""

    form = ModerationForm
    list_display = ["__str__", "organisation", "created", "is_edited", "is_hidden"]
    list_filter = ["is_hidden", "organisation__kind", "recommendation__theme"]
    search_fields = ["body", "recommendation__reference", "author__username", "organisation__name"]
    list_select_related = ["recommendation", "author", "organisation"]
    date_hierarchy = "created"
    fields = [
        "recommendation",
        "author",
        "organisation",
        "parent",
        "body",
        "created",
        "edited_at",
        "is_hidden",
        "hidden_reason",
        "hidden_by",
        "hidden_at",
    ]
    readonly_fields = [
        "recommendation",
        "author",
        "organisation",
        "parent",
        "body",
        "created",
        "edited_at",
        "hidden_by",
        "hidden_at",
    ]
    inlines = [VersionInline, ModerationInline, ReportInline]

    @admin.display(boolean=True, description=_("modifié"))
    def is_edited(self, obj):
        return obj.is_edited

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("discussion.moderate_comment")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        current = Comment.objects.get(pk=obj.pk)
        try:
            if obj.is_hidden and not current.is_hidden:
                services.hide_comment(current, reason=obj.hidden_reason, by=request.user)
            elif current.is_hidden and not obj.is_hidden:
                services.restore_comment(current, by=request.user)
            elif obj.is_hidden and obj.hidden_reason.strip() != current.hidden_reason:
                # A new public reason: restore and hide again, so the trail shows both.
                services.restore_comment(current, by=request.user)
                services.hide_comment(current, reason=obj.hidden_reason, by=request.user)
        except ServiceError as error:
            self.message_user(request, error.message, messages.WARNING)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["comment", "reporter", "created", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["comment__recommendation", "comment__author", "reporter"]


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "organisation", "verdict", "author", "created"]
    list_filter = ["verdict", "organisation__kind"]
    list_select_related = ["recommendation", "organisation", "author"]


@admin.register(CoSignature)
class CoSignatureAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "organisation", "signed_by", "signed_at", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "organisation__kind"]
    list_select_related = ["recommendation", "organisation", "signed_by"]


@admin.register(Moderation)
class ModerationAdmin(ReadOnlyAdmin):
    list_display = ["comment", "action", "by", "created"]
    list_filter = ["action"]


@admin.register(Unsubscription)
class UnsubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["user", "recommendation", "created"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "covers_from", "covers_until", "comment_count", "report_count"]
