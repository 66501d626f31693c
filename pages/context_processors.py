from .models import Page


def footer_pages(request):
    """The information pages every footer links to, read lazily (one query, only if shown)."""
    return {"footer_pages": Page.objects.only("slug", "title", "title_en", "position")}
