from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutgoingEmail

admin.site.site_header = _("Suivi des Assises de l’Insertion — coordination")
admin.site.site_title = _("Assises de l’Insertion")
admin.site.index_title = _("Administration du suivi")


class ReadOnlyAdminMixin:
    """Rows written only by the site's services (with their events): the admin reads them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A read-only table of related rows under an object's admin page."""

    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: what left, what waits for another try, what was given up and why."""

    list_display = ["created", "template", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    readonly_fields = [
        "to",
        "template",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "created",
    ]
    # The texts carry one-use links (invitations, answer links, password resets): never shown.
    exclude = ["text", "html", "headers"]
    actions = ["send_again"]

    def has_view_permission(self, request, obj=None):
        # The site's administrators only: the addresses of every account and contact are here.
        return request.user.is_active and request.user.is_superuser

    def has_resend_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(
        description=_("Envoyer à nouveau (les e-mails abandonnés ou en attente)"),
        permissions=["resend"],
    )
    def send_again(self, request, queryset):
        from .tasks import queue_delivery

        chosen = list(
            queryset.exclude(status=OutgoingEmail.Status.SENT).values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=chosen).update(
            status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        queue_delivery(chosen)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail remis dans la file d’envoi.",
                "%(count)d e-mails remis dans la file d’envoi.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )
