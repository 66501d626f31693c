"""Public pages that show the Assises document as it was written."""

from django.http import Http404
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from . import selectors


class ConsultationMixin:
    """Give every document page the day of the Assises it shows."""

    @cached_property
    def consultation(self):
        consultation = selectors.get_consultation()
        if consultation is None:
            raise Http404("No consultation loaded")
        return consultation

    def get_context_data(self, **kwargs):
        kwargs.setdefault("consultation", self.consultation)
        return super().get_context_data(**kwargs)


class DocumentView(ConsultationMixin, TemplateView):
    """Show the whole synthesis in reading order."""

    template_name = "themes/document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = selectors.themes_with_content(self.consultation)
        return context


class ThemeDetailView(ConsultationMixin, TemplateView):
    """Show one workshop: its questions, keywords, solutions, summary and pistes."""

    template_name = "themes/theme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = selectors.get_theme_with_content(self.consultation, self.kwargs["slug"])
        siblings = list(selectors.theme_outline(self.consultation))
        index = next(i for i, t in enumerate(siblings) if t.pk == theme.pk)
        context.update(
            theme=theme,
            previous_theme=siblings[index - 1] if index > 0 else None,
            next_theme=siblings[index + 1] if index + 1 < len(siblings) else None,
        )
        return context


class ConclusionView(ConsultationMixin, TemplateView):
    """Show the conclusion of the synthesis."""

    template_name = "themes/conclusion.html"
