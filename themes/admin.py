from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Constat,
    Consultation,
    Keyword,
    Organisation,
    Participation,
    Piste,
    Question,
    Solution,
    Theme,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    ordering = ["position"]
    autocomplete_fields = ["organisation"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "held_on", "source_document"]
    search_fields = ["title", "region", "introduction", "method", "conclusion"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "region", "held_on", "source_document"]}),
        (_("Texte du document"), {"fields": ["introduction", "method", "conclusion"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "locality"]
    list_filter = ["kind"]
    search_fields = ["name", "unit", "locality"]
    prepopulated_fields = {"slug": ["name"]}


class ThemeItemInline(admin.StackedInline):
    extra = 0
    ordering = ["position"]


class QuestionInline(ThemeItemInline):
    model = Question


class KeywordInline(admin.TabularInline):
    model = Keyword
    extra = 0
    ordering = ["position"]


class SolutionInline(admin.TabularInline):
    model = Solution
    extra = 0
    ordering = ["position"]


class ConstatInline(ThemeItemInline):
    model = Constat


class PisteInline(ThemeItemInline):
    model = Piste
    fk_name = "theme"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "follows_constat":
            kwargs["queryset"] = Constat.objects.select_related("theme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "consultation"]
    list_display_links = ["title"]
    list_filter = ["consultation"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["consultation"]
    inlines = [QuestionInline, KeywordInline, SolutionInline, ConstatInline, PisteInline]


class ThemeItemAdmin(admin.ModelAdmin):
    list_filter = ["theme"]
    list_select_related = ["theme"]
    ordering = ["theme__position", "position"]

    @admin.display(description=_("thème"), ordering="theme__position")
    def theme_number(self, obj):
        return obj.theme.position


@admin.register(Question)
class QuestionAdmin(ThemeItemAdmin):
    list_display = ["theme_number", "position", "text"]
    search_fields = ["text"]


@admin.register(Keyword)
class KeywordAdmin(ThemeItemAdmin):
    list_display = ["theme_number", "position", "label"]
    search_fields = ["label"]


@admin.register(Solution)
class SolutionAdmin(ThemeItemAdmin):
    list_display = ["theme_number", "position", "label"]
    search_fields = ["label"]


@admin.register(Constat)
class ConstatAdmin(ThemeItemAdmin):
    list_display = ["theme_number", "position", "text"]
    search_fields = ["text"]


@admin.register(Piste)
class PisteAdmin(ThemeItemAdmin):
    list_display = ["theme_number", "position", "text", "added_during_debate"]
    list_filter = ["theme", "added_during_debate"]
    search_fields = ["text", "lead_in"]
    list_select_related = ["theme", "follows_constat__theme"]
