"""Domain signals of the follow-up, for the apps built on it.

The follow-up never imports the apps that react to it (partners' notifications, alerts, feeds):
they connect to these signals in their ``AppConfig.ready``.
"""

import logging

from django.dispatch import Signal

from .models import Event

logger = logging.getLogger(__name__)

#: Sent once the transaction that wrote a follow-up event has committed.
#: Receivers get ``event_pk``; whatever they raise is logged and never reaches the service.
event_recorded = Signal()


def announce_event(event_pk):
    """Send ``event_recorded``; log a failing receiver, so one listener never stops the others."""
    for receiver, result in event_recorded.send_robust(sender=Event, event_pk=event_pk):
        if isinstance(result, Exception):
            logger.error("Receiver %r of event %s failed", receiver, event_pk, exc_info=result)
