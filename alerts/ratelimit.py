"""A fixed window of requests per hour, counted in the cache, per visitor and per address."""

import hashlib

from django.conf import settings
from django.core.cache import cache

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


def client_address(request):
    """The visitor's address; behind NUM_PROXIES trusted proxies, the one they forwarded.

    The same rule as the API's throttling (Django REST framework's ``NUM_PROXIES``).
    """
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def visitor_allowed(request):
    ip = client_address(request)
    return _hit(f"alerts:ip:{_digest(ip)}", settings.ALERTS_REQUESTS_PER_HOUR)


def address_allowed(email):
    return _hit(f"alerts:email:{_digest(email.strip().lower())}", PER_ADDRESS)
