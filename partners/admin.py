from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Invitation, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "language", "email_notifications"]
    list_filter = ["language", "email_notifications", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created", "modified"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the site's page, which emails the link; here they are only read."""

    list_display = ["email", "first_name", "last_name", "organisation", "created", "accepted_at"]
    list_filter = ["organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["email", "first_name", "last_name", "organisation__name"]
    date_hierarchy = "created"
    fields = [
        "email",
        "first_name",
        "last_name",
        "organisation",
        "language",
        "invited_by",
        "created",
        "expires_at",
        "accepted_at",
        "accepted_user",
        "link",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("lien d’invitation"))
    def link(self, obj):
        if obj.accepted_at or obj.is_expired():
            return _("— (déjà utilisé ou expiré)")
        return services.invitation_url(obj)
