"""Context every page's layout needs from the document."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def navigation(request):
    """Give the layout the list of themes for its menu, read only when the menu is drawn."""
    return {"nav_themes": SimpleLazyObject(selectors.menu_themes)}
