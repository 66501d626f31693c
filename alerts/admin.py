"""Coordinators see how many alerts went out and which failed; never the addresses."""

from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "kind",
        "event",
        "covers_from",
        "covers_until",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "created",
    ]
    exclude = ["subscription"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
