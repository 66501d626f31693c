"""A small fixed-window limit on actions anyone can repeat, counted in the shared cache."""

from django.core.cache import cache

from .middleware import client_ip


def client_address(request):
    """The client's address: behind ``TRUSTED_PROXY_COUNT`` proxies, the one they forwarded."""
    return getattr(request, "client_ip", None) or client_ip(request)


def allow(key, *, limit, seconds):
    """Count one more attempt under ``key``; False once ``limit`` is passed in the window."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window ended between the two calls: this attempt opens a new one.
        cache.set(cache_key, 1, timeout=seconds)
        return True
    return count <= limit
