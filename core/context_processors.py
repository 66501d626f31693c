"""Context every page's layout needs."""

from django.utils.functional import SimpleLazyObject

from .models import DemoData


def demo_mode(request):
    """Tell the layout whether fictitious follow-up is loaded: one ``exists()`` query, on use."""
    return {"demo_mode": SimpleLazyObject(DemoData.objects.exists)}
