from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
