from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position", "modified"]
    fields = ["title", "title_en", "body", "body_en", "position", "slug"]
    readonly_fields = ["slug"]

    def has_add_permission(self, request):
        # The footer and the site link to these pages by their slug: they exist from the start.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
