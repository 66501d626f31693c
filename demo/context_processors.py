"""Tell every page, the admin's too, whether the database holds the demo's fictitious data."""

from django.utils.functional import SimpleLazyObject

from core.cache import kept_per_version

from .models import DemoData


def demo_mode(request):
    """``demo_mode`` for the layouts' banner: one ``exists()`` query when it is read, once per
    content version (loading or removing the demo is a write)."""
    return {
        "demo_mode": SimpleLazyObject(
            lambda: kept_per_version("demo-data", DemoData.objects.exists)
        )
    }
