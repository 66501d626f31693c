"""A fixed window of requests per hour, counted in the cache, per visitor and per address."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.ratelimit import client_address

WINDOW_SECONDS = 3600
PER_ADDRESS = 3


def _hit(key, limit):
    """Count one request; return whether it stays within the limit."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit


def _digest(value):
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def visitor_allowed(request):
    ip = client_address(request)
    return _hit(f"alerts:ip:{_digest(ip)}", settings.ALERTS_REQUESTS_PER_HOUR)


def address_allowed(email):
    return _hit(f"alerts:email:{_digest(email.strip().lower())}", PER_ADDRESS)
