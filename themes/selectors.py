"""Read queries the document pages share."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from core.cache import kept_rows

from .models import Constat, Consultation, Piste, Theme

#: What apps built on the document add to its pages: each entry is a callable returning a
#: ``Prefetch`` (or lookup) on the themes, registered in the app's ``AppConfig.ready`` (the
#: follow-up adds each solution's published recommendations). The document never imports them.
content_prefetches = []


def get_consultation(*, with_organisations=False):
    """Return the day of the Assises the site follows, or None before the document is loaded."""
    consultations = Consultation.objects.order_by("pk")
    if with_organisations:
        consultations = consultations.prefetch_related("participations__organisation")
    return consultations.first()


def themes_with_content(consultation):
    """Return the consultation's themes with everything they hold, in document order."""
    return consultation.themes.prefetch_related(
        "questions",
        "keywords",
        *(prefetch() for prefetch in content_prefetches),
        Prefetch(
            "constats",
            queryset=Constat.objects.prefetch_related(
                Prefetch("following_pistes", queryset=Piste.objects.order_by("position"))
            ),
        ),
    )


def get_theme_with_content(consultation, slug):
    """Return one theme with its content, or raise 404."""
    return get_object_or_404(themes_with_content(consultation), slug=slug)


def theme_outline(consultation):
    """Return the themes with counts for the home page, without their content."""
    return Theme.objects.filter(consultation=consultation).order_by("position")


def menu_themes():
    """The themes in their order, for every page's menu and the list's filter: read once per
    content version (``core.cache.kept_rows``)."""
    return kept_rows(Theme.objects.order_by("position"))
