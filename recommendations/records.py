"""Each recipient's record: what it was sent, what it answered, and how long it took.

Computed for every recipient in three queries whatever the number of transmissions: the
recipients, their transmissions of published recommendations, and the date of each
transmission's first answer (a revised answer does not reset the clock).
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Event, Recipient, Transmission

Answer = Transmission.Answer

ANSWER_KEYS = [
    Answer.ACCEPTED,
    Answer.PARTLY_ACCEPTED,
    Answer.NOTED,
    Answer.REROUTED,
    Answer.REFUSED,
]


@dataclass
class RecipientRecord:
    recipient: Recipient
    sent: int = 0
    answered: int = 0
    waiting: int = 0
    overdue: int = 0
    late_answers: int = 0
    answers: dict = field(default_factory=lambda: dict.fromkeys(ANSWER_KEYS, 0))
    delays: list = field(default_factory=list)
    longest_wait: int | None = None

    @property
    def median_days(self):
        return statistics.median(self.delays) if self.delays else None

    @property
    def longest_days(self):
        return max(self.delays) if self.delays else None

    @property
    def answer_counts(self):
        """(key, label, count) for each kind of answer, in a fixed order."""
        return [(str(key), Answer(key).label, self.answers[key]) for key in ANSWER_KEYS]

    def add(self, transmission, first_answer_on, today):
        self.sent += 1
        if transmission.answer == Answer.PENDING:
            if transmission.response_due < today:
                self.overdue += 1
            else:
                self.waiting += 1
            wait = (today - transmission.sent_on).days
            self.longest_wait = max(wait, self.longest_wait or 0)
            return
        self.answered += 1
        self.answers[Answer(transmission.answer)] += 1
        answered_on = first_answer_on or transmission.answered_on
        self.delays.append((answered_on - transmission.sent_on).days)
        if answered_on > transmission.response_due:
            self.late_answers += 1


def _none_last(value, *, reverse):
    """Sort key placing recipients without a figure after every recipient with one."""
    if value is None:
        return (1, 0)
    return (0, -value if reverse else value)


# Sort keys of the recipients' index: the figure, then the name so ties read in order.
SORTS = {
    "retard": (_("en retard"), lambda r: (_none_last(r.overdue, reverse=True), r.recipient.name)),
    "delai-median": (
        _("délai médian"),
        lambda r: (_none_last(r.median_days, reverse=True), r.recipient.name),
    ),
    "delai-max": (
        _("plus long délai"),
        lambda r: (_none_last(r.longest_days, reverse=True), r.recipient.name),
    ),
    "hors-delai": (
        _("réponses hors délai"),
        lambda r: (_none_last(r.late_answers, reverse=True), r.recipient.name),
    ),
    "envoyees": (_("envoyées"), lambda r: (_none_last(r.sent, reverse=True), r.recipient.name)),
    "nom": (_("nom"), lambda r: r.recipient.name.casefold()),
}
DEFAULT_SORT = "retard"


def recipient_records(*, recipients=None, today=None, sort=DEFAULT_SORT):
    """The record of each recipient (all of them, or those given), sorted for the index."""
    today = today or timezone.localdate()
    if recipients is None:
        recipients = Recipient.objects.all()
    recipients = list(recipients.order_by("name"))
    records = {recipient.pk: RecipientRecord(recipient) for recipient in recipients}
    transmissions = Transmission.objects.filter(
        recommendation__is_published=True, recipient__in=list(records)
    ).only("pk", "recipient_id", "sent_on", "response_due", "answer", "answered_on")
    first_answers = dict(
        Event.objects.filter(
            axis=Event.Axis.ANSWER,
            transmission__recommendation__is_published=True,
            transmission__recipient__in=list(records),
        )
        .values("transmission")
        .annotate(first=Min("effective_on"))
        .values_list("transmission", "first")
        .order_by()
    )
    for transmission in transmissions:
        records[transmission.recipient_id].add(
            transmission, first_answers.get(transmission.pk), today
        )
    _label, key = SORTS.get(sort, SORTS[DEFAULT_SORT])
    return sorted(records.values(), key=key)
