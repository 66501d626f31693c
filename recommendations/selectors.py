"""Read queries the follow-up pages share."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from . import search
from .models import (
    CoordinationNote,
    Event,
    ImplementingAct,
    Recipient,
    Recommendation,
    Reminder,
    TargetDate,
    Transmission,
    TransmissionDocument,
)

#: What apps built on the follow-up add to the public list: each entry takes and returns the
#: list's queryset, registered in the app's ``AppConfig.ready``. The discussion adds ``support``
#: (how many organisations co-sign), which the list's "supported" filter and sort read.
list_annotations = []

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 12

# How many recommendations the document shows under each solution (in the document of the
# Assises, one solution became one recommendation; at thirty times the data, one keeps the whole
# document at 91 KB where two made it 114 KB); the others are a link away, so that the page
# stays the same size however many recommendations grow from one solution.
SHOWN_PER_SOLUTION = 1

# How many events a recommendation's page shows, the newest; the full history is a link away,
# in pages of ``HISTORY_PAGE_SIZE``. Links to an older event go to the page that holds it.
SHOWN_EVENTS = 20
HISTORY_PAGE_SIZE = 100


def with_last_event(queryset):
    """Annotate the date of each recommendation's latest dated event.

    A subquery rather than a join with ``Max``: the list adds filters and a search rank, and a
    GROUP BY over the joined events would have to carry every one of them.
    """
    latest = (
        Event.objects.filter(recommendation=OuterRef("pk"), effective_on__isnull=False)
        .order_by("-effective_on")
        .values("effective_on")[:1]
    )
    return queryset.annotate(last_event_on=Subquery(latest))


def with_oldest_pending(queryset):
    """Annotate when the longest-waiting unanswered transmission was sent (None if none waits)."""
    oldest = (
        Transmission.objects.filter(
            recommendation=OuterRef("pk"), answer=Transmission.Answer.PENDING
        )
        .order_by("sent_on")
        .values("sent_on")[:1]
    )
    return queryset.annotate(oldest_pending_on=Subquery(oldest))


# What a line of the list shows (``follow_up.recommendation_line``): the list reads only these
# columns, not the statements, translations and answers' summaries the other readers need.
LINE_FIELDS = ["reference", "title", "title_en", "stage", "implementation"]
LINE_TRANSMISSION_FIELDS = [
    "recommendation_id",
    "answer",
    "sent_on",
    "response_due",
    "recipient__slug",
    "recipient__name",
]


def recommendation_list(*, lines_only=False):
    """Published recommendations with what the list shows, in a fixed number of queries.

    ``lines_only`` reads just the columns a line of the list draws (``LINE_FIELDS``): for the
    public list's lines not kept yet (``recommendations.lines``); the API and the exports take
    everything.
    """
    if lines_only:
        queryset = Recommendation.objects.published().only(*LINE_FIELDS)
        transmissions = Transmission.objects.only(*LINE_TRANSMISSION_FIELDS)
    else:
        queryset = Recommendation.objects.published().select_related("theme")
        transmissions = Transmission.objects.all()
    queryset = with_list_annotations(with_last_event(queryset))
    return queryset.order_by("reference").prefetch_related(
        Prefetch(
            "transmissions",
            queryset=transmissions.select_related("recipient").order_by("sent_on", "pk"),
        )
    )


def with_list_annotations(queryset):
    """The queryset with what the apps built on the follow-up add (``list_annotations``)."""
    for annotate in list_annotations:
        queryset = annotate(queryset)
    return queryset


def filterable_recommendations():
    """Published recommendations by reference: the list counts them and reads the ids of a
    page; ``recommendation_list`` then gives the lines not drawn yet. A filter or sort that
    reads what the apps add (``support``) adds it then (``with_list_annotations``): building
    those subqueries cost more than the search itself, for a list that seldom reads them."""
    return Recommendation.objects.published().order_by("reference")


def clean_search_text(text):
    """Keep what a search can use: printable characters, single spaces between words."""
    text = "".join(char for char in text or "" if char.isprintable() or char.isspace())
    return " ".join(text.split())


def search_recommendations(queryset, text):
    """Narrow recommendations to those matching the visitor's words, and what the document holds.

    Returns the queryset and a ``search.SearchResult`` (None when there is nothing to search).
    """
    text = clean_search_text(text)[:SEARCH_MAX_LENGTH]
    if not text:
        return queryset, None
    english = (get_language() or "").startswith("en")
    return search.search(queryset, text, english=english)


def history_events():
    """Events with what the history shows beside each: recipient, correction, author, notes."""
    return Event.objects.select_related(
        "transmission__recipient", "corrects", "recorded_by", "recipient_answer"
    ).prefetch_related(Prefetch("notes", queryset=CoordinationNote.objects.order_by("pk")))


def recommendation_heading():
    """A recommendation with what its page shows around the body: its theme, its transmissions.

    The body (``recommendation_detail``) is drawn from the shared cache when it can be.
    """
    return Recommendation.objects.select_related("theme").prefetch_related(
        Prefetch(
            "transmissions",
            queryset=Transmission.objects.select_related("recipient").order_by("sent_on", "pk"),
        )
    )


def recommendation_detail():
    """A recommendation with its origin in the document, its transmissions and its history.

    Only the newest ``SHOWN_EVENTS`` events come (``recent_events``, newest first), with
    ``event_count``, so that the page stays the same size however long the history grows.
    """
    event_count = (
        Event.objects.filter(recommendation=OuterRef("pk"))
        .order_by()
        .values("recommendation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Recommendation.objects.select_related("theme")
        .annotate(event_count=Coalesce(Subquery(event_count), 0))
        .prefetch_related(
            "solutions__theme",
            "constats__theme",
            "pistes__theme",
            "recipients",
            Prefetch(
                "transmissions",
                queryset=Transmission.objects.select_related(
                    "recipient", "rerouted_from__recipient"
                )
                .prefetch_related(
                    Prefetch(
                        "reminders",
                        queryset=Reminder.objects.filter(sent_at__isnull=False).order_by("sent_at"),
                    ),
                    Prefetch(
                        "documents",
                        queryset=TransmissionDocument.objects.select_related(
                            "transmission__recommendation", "event"
                        ).order_by("frozen_at", "pk"),
                    ),
                )
                .order_by("sent_on", "pk"),
            ),
            Prefetch(
                "events",
                queryset=history_events().order_by("-sequence")[:SHOWN_EVENTS],
                to_attr="recent_events",
            ),
            Prefetch("target_dates", queryset=TargetDate.objects.order_by("recorded_at", "pk")),
            Prefetch("acts", queryset=ImplementingAct.objects.order_by("adopted_on", "pk")),
        )
    )


def history_page_of(recommendation, sequence):
    """Which page of the full history holds the event numbered ``sequence`` (0: the detail)."""
    events = recommendation.events
    newer = events.filter(sequence__gt=sequence).count()
    if newer < SHOWN_EVENTS:
        return 0
    return events.filter(sequence__lt=sequence).count() // HISTORY_PAGE_SIZE + 1


def corrections_among(events):
    """The events that correct one of these, for « Cet événement a été corrigé »."""
    return list(Event.objects.filter(corrects__in=[event.pk for event in events]))


def is_late_on_target(recommendation, today=None):
    """Whether the latest announced date has passed without the recommendation being done."""
    targets = list(recommendation.target_dates.all())
    if not targets or recommendation.implementation == Recommendation.Implementation.DONE:
        return False
    return targets[-1].target_on < (today or timezone.localdate())


def current_version(recommendation):
    """The sequence of the recommendation's latest event: the version a form is drawn from."""
    return recommendation.events.aggregate(last=Max("sequence"))["last"] or 0


# How many rows each list of the coordination's dashboard shows; the total is always said.
DASHBOARD_LIMIT = 30


@dataclass
class FirstRows:
    """The first rows of a list and how many there are in all, for a page of bounded size."""

    rows: list
    total: int

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)

    @property
    def more(self):
        return self.total - len(self.rows)


def first_rows(queryset, limit=DASHBOARD_LIMIT):
    """The first ``limit`` rows and the count of all (always counted: the same queries at any
    size)."""
    return FirstRows(list(queryset[:limit]), queryset.count())


def drafts_to_validate():
    return Recommendation.objects.filter(stage=Recommendation.Stage.FORMULATED).select_related(
        "theme"
    )


def overdue_transmissions(today=None):
    """Transmissions past their deadline without an answer, longest waiting first."""
    return (
        Transmission.objects.overdue(today)
        .select_related("recommendation", "recipient")
        .order_by("response_due", "sent_on", "pk")
    )


def stale_recommendations(today=None):
    """Recommendations under way with no event for the configured number of days."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.STALE_AFTER_DAYS)
    return (
        with_last_event(Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED))
        .filter(last_event_on__lte=limit)
        .select_related("theme")
        .order_by("last_event_on", "reference")
    )


def recommendations_for_recipient(recipient):
    """Published recommendations addressed (aimed at) or sent to a recipient, with its answers.

    Each carries ``sent_to_recipient``: its transmissions to this recipient, oldest first, with
    the documents frozen when they were sent.
    """
    return (
        Recommendation.objects.published()
        .filter(Q(recipients=recipient) | Q(transmissions__recipient=recipient))
        .distinct()
        .select_related("theme")
        .order_by("reference")
        .prefetch_related(
            Prefetch(
                "transmissions",
                queryset=Transmission.objects.filter(recipient=recipient)
                .select_related("recipient")
                .prefetch_related(
                    Prefetch(
                        "documents",
                        queryset=TransmissionDocument.objects.order_by("frozen_at", "pk"),
                    )
                )
                .order_by("sent_on", "pk"),
                to_attr="sent_to_recipient",
            ),
            Prefetch("recipients", queryset=Recipient.objects.filter(pk=recipient.pk)),
        )
    )
