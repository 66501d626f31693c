"""A small fixed-window limit on actions anyone can repeat, counted in the shared cache."""

from django.core.cache import cache


def client_address(request):
    """The client's address as the request reaches Django (behind the proxy: set by it)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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
