"""Context every page's layout needs from the document."""

from django.utils.functional import SimpleLazyObject

from .models import Theme


def navigation(request):
    """Give the layout the list of themes for its menu, queried only when the menu is drawn."""
    return {"nav_themes": SimpleLazyObject(lambda: list(Theme.objects.order_by("position")))}
