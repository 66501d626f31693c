"""Tell every page, the admin's too, whether the database holds the demo's fictitious data."""

from django.utils.functional import SimpleLazyObject

from .models import DemoData


def demo_mode(request):
    """``demo_mode`` for the layouts' banner: one ``exists()`` query, only when it is read."""
    return {"demo_mode": SimpleLazyObject(DemoData.objects.exists)}
