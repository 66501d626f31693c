"""What the public may reuse: the follow-up events of published recommendations, by subject."""

from django.db.models import Exists, OuterRef, Q

from recommendations.models import Event, Recipient, Recommendation, Transmission


def public_events():
    """Events of published recommendations, with what a feed or an alert shows of them."""
    return Event.objects.filter(recommendation__is_published=True).select_related(
        "recommendation__theme", "transmission__recipient", "corrects"
    )


def concerns_recipient(recipient, outer="recommendation_id"):
    """A condition: the recommendation (the outer query's ``outer``) concerns ``recipient``.

    A recipient is concerned once it is named as an intended recipient or once a transmission
    went to it.
    """
    transmitted = Transmission.objects.filter(recommendation=OuterRef(outer), recipient=recipient)
    targeted = Recommendation.recipients.through.objects.filter(
        recommendation=OuterRef(outer), recipient=recipient
    )
    return Q(Exists(transmitted)) | Q(Exists(targeted))


def events_for(*, recommendation=None, theme=None, recipient=None):
    """Public events of one recommendation, one theme, one recipient, or all of them."""
    events = public_events()
    if recommendation is not None:
        events = events.filter(recommendation=recommendation)
    if theme is not None:
        events = events.filter(recommendation__theme=theme)
    if recipient is not None:
        events = events.filter(concerns_recipient(recipient))
    return events


def recipients_of(event):
    """The recipients an event concerns: those of its recommendation (one query)."""
    recommendation_id = event.recommendation_id
    return Recipient.objects.filter(
        Q(transmissions__recommendation_id=recommendation_id)
        | Q(recommendations__pk=recommendation_id)
    ).distinct()
