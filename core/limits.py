"""Count uses of an action per key and period, in the database, and refuse past a limit."""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LimitHit

PRUNE_AFTER = datetime.timedelta(days=2)


def recent_uses(key, period, now=None):
    now = now or timezone.now()
    return LimitHit.objects.filter(key=key[:200], created__gt=now - period).count()


def allow(key, *, limit, period, now=None):
    """Record one use of ``key`` and say whether it was within ``limit`` uses per ``period``.

    A refused use is not recorded, so waiting for the period to pass always works.
    """
    now = now or timezone.now()
    key = key[:200]
    with transaction.atomic():
        if recent_uses(key, period, now) >= limit:
            return False
        LimitHit.objects.create(key=key, created=now)
        LimitHit.objects.filter(key=key, created__lt=now - max(PRUNE_AFTER, period)).delete()
    return True


RESET_PERIOD = datetime.timedelta(hours=1)
ALLOWED = "allowed"
TOO_MANY_FROM_CLIENT = "client"
TOO_MANY_FOR_ADDRESS = "address"
TOO_MANY_RESETS_MESSAGE = _(
    "Trop de demandes de réinitialisation depuis votre connexion : réessayez dans une heure."
)


def password_reset_verdict(request, email):
    """Count one reset request per client address and per e-mail address, per hour."""
    client = getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR", "")
    if not allow(
        f"password-reset:client:{client}",
        limit=settings.PASSWORD_RESETS_PER_CLIENT,
        period=RESET_PERIOD,
    ):
        return TOO_MANY_FROM_CLIENT
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    if not allow(
        f"password-reset:email:{address}",
        limit=settings.PASSWORD_RESETS_PER_EMAIL,
        period=RESET_PERIOD,
    ):
        return TOO_MANY_FOR_ADDRESS
    return ALLOWED
