"""Template helpers of the follow-up: plain words for statuses, content in the reader's language."""

from django import template
from django.urls import reverse

from .. import plain

register = template.Library()


@register.simple_tag
def plain_status(axis, value):
    """The everyday words for a status."""
    return plain.plain_label(axis, value)


@register.simple_tag
def status_guide_url(axis, value):
    """The guide page's address, at the paragraph that explains this status."""
    return f"{reverse('recommendations:status_guide')}#{plain.guide_anchor(axis, value)}"


@register.simple_tag
def event_headline(event):
    """What an event changed, in a sentence."""
    return plain.event_headline(event)


@register.simple_tag
def event_href(reference, sequence, shown_from=None, shown_to=None, base=""):
    """A link to an event: its anchor when this page shows it, else the address that finds it.

    Without a range of shown events (a preview of what an action would publish), the anchor on
    ``base``, the recommendation's page, whose script finds a folded event.
    """
    if not reference or shown_from in (None, "") or shown_from <= sequence <= shown_to:
        return f"{base}#evenement-{sequence}"
    return reverse("recommendations:event", args=[reference, sequence])
