"""The follow-up announces an event; the alerts only put a job in the queue."""

from .tasks import fan_out_event


def queue_alerts_for_event(sender, *, event_pk, **kwargs):
    """Receive ``recommendations.signals.event_recorded``: one row in the job queue, no e-mail."""
    fan_out_event.enqueue(event_pk)
