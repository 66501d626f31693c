from django.conf import settings
from django.views.generic import DetailView

from .models import Page


class PageView(DetailView):
    """An information page in the reader's language; the legal notice on the about page."""

    model = Page
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publisher"] = {
            "name": settings.PUBLISHER_NAME,
            "address": settings.PUBLISHER_ADDRESS,
            "email": settings.PUBLISHER_EMAIL,
        }
        return context
