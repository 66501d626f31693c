from django.utils.functional import SimpleLazyObject

from core.cache import kept_rows

from .models import Page


def footer_pages(request):
    """The information pages every footer links to: one query when shown, once per content
    version."""
    return {
        "footer_pages": SimpleLazyObject(
            lambda: kept_rows(Page.objects.only("slug", "title", "title_en", "position"))
        )
    }
