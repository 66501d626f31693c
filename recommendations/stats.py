"""Figures of the follow-up for the public pages, each in a fixed number of queries.

The two axes are counted apart and never blended: answers per transmission (what each recipient
said), implementation per published recommendation (what was actually done).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lag, RowNumber, TruncMonth
from django.utils import timezone

from themes.models import Theme

from .models import Event, Recipient, Recommendation, Transmission

Answer = Transmission.Answer
Implementation = Recommendation.Implementation
Stage = Recommendation.Stage

NO_ANSWER = Transmission.NO_ANSWER

# The order in which categories are listed and stacked: most favourable first, waiting last.
ANSWER_ORDER = [
    Answer.ACCEPTED,
    Answer.PARTLY_ACCEPTED,
    Answer.NOTED,
    Answer.REROUTED,
    Answer.REFUSED,
    Answer.PENDING,
    NO_ANSWER,
]
IMPLEMENTATION_ORDER = [
    Implementation.DONE,
    Implementation.PARTLY_DONE,
    Implementation.IN_PROGRESS,
    Implementation.BLOCKED,
    Implementation.NO_ACTION,
    Implementation.NOT_ASSESSED,
    Implementation.ABANDONED,
]
STAGE_ORDER = [Stage.FORMULATED, Stage.VALIDATED, Stage.TRANSMITTED]
ANSWERED = [key for key in ANSWER_ORDER if key not in (Answer.PENDING, NO_ANSWER)]


def answer_categories():
    return [(str(key), str(Answer(key).label)) for key in ANSWER_ORDER[:-1]] + [
        (NO_ANSWER, str(Transmission.NO_ANSWER_LABEL))
    ]


def implementation_categories():
    return [(str(key), str(Implementation(key).label)) for key in IMPLEMENTATION_ORDER]


def stage_categories():
    return [(str(key), str(Stage(key).label)) for key in STAGE_ORDER]


@dataclass(frozen=True)
class Part:
    """One category of a breakdown: its count, its rounded share and its place on a bar."""

    key: str
    label: str
    count: int
    percent: int
    start: float
    width: float


@dataclass(frozen=True)
class Breakdown:
    """Counts of one axis, every category listed (zeros included) in a fixed order."""

    total: int
    parts: list

    @classmethod
    def from_counts(cls, categories, counts):
        total = sum(counts.get(key, 0) for key, _label in categories)
        percents = _rounded_percents([counts.get(key, 0) for key, _label in categories], total)
        parts, start = [], 0.0
        for (key, label), percent in zip(categories, percents, strict=True):
            count = counts.get(key, 0)
            width = 100 * count / total if total else 0.0
            parts.append(Part(key, label, count, percent, round(start, 3), round(width, 3)))
            start += width
        return cls(total=total, parts=parts)


def _rounded_percents(counts, total):
    """Round each share to a whole percent, half up: equal counts always read the same."""
    if not total:
        return [0] * len(counts)
    return [int(100 * count / total + 0.5) for count in counts]


def _answer_filters(today, prefix=""):
    """One filter per answer category, « sans réponse » being pending past the deadline."""
    answer, due = f"{prefix}answer", f"{prefix}response_due"
    filters = {str(key): Q(**{answer: key}) for key in ANSWERED}
    filters[str(Answer.PENDING)] = Q(**{answer: Answer.PENDING, f"{due}__gte": today})
    filters[NO_ANSWER] = Q(**{answer: Answer.PENDING, f"{due}__lt": today})
    return filters


def answer_counts(today=None):
    """Count the current answer of every transmission of a published recommendation."""
    today = today or timezone.localdate()
    counts = Transmission.objects.filter(recommendation__is_published=True).aggregate(
        **{key: Count("pk", filter=q) for key, q in _answer_filters(today).items()}
    )
    return Breakdown.from_counts(answer_categories(), counts)


def implementation_counts():
    """Count the published recommendations in each implementation status."""
    counts = Recommendation.objects.published().aggregate(
        **{str(key): Count("pk", filter=Q(implementation=key)) for key in IMPLEMENTATION_ORDER}
    )
    return Breakdown.from_counts(implementation_categories(), counts)


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    recommendations: int
    transmitted: int
    answered: int
    done: int
    partly_done: int


def by_theme():
    """For each theme: recommendations, how many were sent, answered, done or partly done."""
    published = Q(recommendations__is_published=True)

    def count(condition=None):
        return Count(
            "recommendations",
            filter=published & condition if condition is not None else published,
            distinct=True,
        )

    themes = Theme.objects.order_by("consultation_id", "position").annotate(
        n_recommendations=count(),
        n_transmitted=count(Q(recommendations__stage=Stage.TRANSMITTED)),
        n_answered=count(Q(recommendations__transmissions__answer__in=ANSWERED)),
        n_done=count(Q(recommendations__implementation=Implementation.DONE)),
        n_partly_done=count(Q(recommendations__implementation=Implementation.PARTLY_DONE)),
    )
    return [
        ThemeRow(
            theme=theme,
            recommendations=theme.n_recommendations,
            transmitted=theme.n_transmitted,
            answered=theme.n_answered,
            done=theme.n_done,
            partly_done=theme.n_partly_done,
        )
        for theme in themes
    ]


@dataclass(frozen=True)
class RecipientRow:
    recipient: Recipient
    answers: Breakdown


def by_recipient(today=None):
    """For each recipient that was sent something: its transmissions by current answer."""
    today = today or timezone.localdate()
    published = Q(transmissions__recommendation__is_published=True)
    filters = _answer_filters(today, prefix="transmissions__")
    recipients = (
        Recipient.objects.annotate(
            n_total=Count("transmissions", filter=published),
            **{
                f"n_{key}": Count("transmissions", filter=published & q)
                for key, q in filters.items()
            },
        )
        .filter(n_total__gt=0)
        .order_by("name")
    )
    categories = answer_categories()
    return [
        RecipientRow(
            recipient=recipient,
            answers=Breakdown.from_counts(
                categories, {key: getattr(recipient, f"n_{key}") for key, _label in categories}
            ),
        )
        for recipient in recipients
    ]


@dataclass(frozen=True)
class OverdueSummary:
    count: int
    longest: Transmission | None
    longest_wait: int | None
    longest_overdue: int | None


def overdue_summary(today=None):
    """How many transmissions wait past their deadline, and the one sent longest ago."""
    today = today or timezone.localdate()
    overdue = Transmission.objects.overdue(today).filter(recommendation__is_published=True)
    count = overdue.count()
    longest = (
        overdue.select_related("recommendation", "recipient").order_by("sent_on", "pk").first()
    )
    return OverdueSummary(
        count=count,
        longest=longest,
        longest_wait=(today - longest.sent_on).days if longest else None,
        longest_overdue=(today - longest.response_due).days if longest else None,
    )


def latest_events(limit=10):
    """The latest dated events of published recommendations, newest first."""
    return list(
        Event.objects.filter(effective_on__isnull=False, recommendation__is_published=True)
        .select_related("recommendation", "transmission__recipient")
        .order_by("-effective_on", "-recorded_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class MonthProgress:
    """Where the published recommendations stood at the end of one month."""

    month: datetime.date
    end: datetime.date
    stages: Breakdown
    implementation: Breakdown


def _month_ends(first, last):
    """(first day, last day) of every month from ``first``'s month to ``last``'s month."""
    months = []
    current = first.replace(day=1)
    while current <= last:
        following = (current + datetime.timedelta(days=32)).replace(day=1)
        months.append((current, following - datetime.timedelta(days=1)))
        current = following
    return months


def _kept_events():
    """Events of published recommendations that no later event corrects."""
    return Event.objects.filter(recommendation__is_published=True).exclude(
        Exists(Event.objects.filter(corrects=OuterRef("pk")))
    )


def _as_month(value):
    """A month as the database returns it (a timestamp, a date or text), as a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _moves_by_month():
    """(month, axis, from, to, how many, how many of them are a first event): counted by the
    database, grouped by month, whatever the number of events.

    Each kept event moves its recommendation from the value of the previous kept event on the
    same axis (or the starting value) to its own; within a month the moves add up to the change
    from the month's start to its end. A recommendation's first kept event (undated first) is
    when it starts being counted.
    """
    in_history_order = [F("effective_on").asc(nulls_first=True), F("sequence").asc()]
    previous = Window(
        Lag("to_value"),
        partition_by=[F("recommendation_id"), F("axis")],
        order_by=in_history_order,
    )
    rank = Window(RowNumber(), partition_by=[F("recommendation_id")], order_by=in_history_order)
    starting = Case(
        When(axis=Event.Axis.STAGE, then=Value(Stage.FORMULATED)),
        When(axis=Event.Axis.IMPLEMENTATION, then=Value(Implementation.NOT_ASSESSED)),
        default=Value(""),
    )
    moves = (
        _kept_events()
        .annotate(
            move_month=TruncMonth("effective_on"),
            move_from=Coalesce(previous, starting),
            move_rank=rank,
        )
        .values("move_month", "axis", "move_from", "to_value", "move_rank")
        .order_by()
    )
    sql, params = moves.query.sql_with_params()
    with connections[moves.db].cursor() as cursor:
        cursor.execute(
            "SELECT move_month, axis, move_from, to_value, COUNT(*), "
            "SUM(CASE WHEN move_rank = 1 THEN 1 ELSE 0 END) "
            f"FROM ({sql}) moves GROUP BY move_month, axis, move_from, to_value",
            params,
        )
        return [(_as_month(month), *rest) for month, *rest in cursor.fetchall()]


def progress_by_month(today=None):
    """For each month since the first dated event, the stages and implementation at its end.

    The database counts, by month, the moves of each axis from one value to another and the
    recommendations that start being followed (one grouped query, whatever the number of
    events, and a count); the months then add up those counts. The undated formulation counts
    from the start, as does a recommendation without any event; a corrected event gives way to
    its correction.
    """
    today = today or timezone.localdate()
    moves = _moves_by_month()
    dated = [month for month, *_rest in moves if month is not None]
    if not dated:
        return []
    entries = defaultdict(int)
    for month, _axis, _before, _after, _count, firsts in moves:
        entries[month] += firsts
    entries[None] += Recommendation.objects.published().count() - sum(entries.values())

    axes = {
        Event.Axis.STAGE: Stage.FORMULATED,
        Event.Axis.IMPLEMENTATION: Implementation.NOT_ASSESSED,
    }
    changes = defaultdict(lambda: {axis: defaultdict(int) for axis in axes})
    for month, count in entries.items():
        for axis, starting in axes.items():
            changes[month][axis][starting] += count
    for month, axis, before, after, count, _firsts in moves:
        if axis in axes:
            changes[month][axis][before] -= count
            changes[month][axis][after] += count

    counts = {axis: defaultdict(int) for axis in axes}

    def add(month):
        for axis in axes:
            for value, change in changes[month][axis].items():
                counts[axis][value] += change

    add(None)
    stages, implementations = stage_categories(), implementation_categories()
    progress = []
    for first_day, end in _month_ends(min(dated), today):
        add(first_day)
        progress.append(
            MonthProgress(
                month=first_day,
                end=end,
                stages=Breakdown.from_counts(stages, dict(counts[Event.Axis.STAGE])),
                implementation=Breakdown.from_counts(
                    implementations, dict(counts[Event.Axis.IMPLEMENTATION])
                ),
            )
        )
    return progress
