"""Serve anonymous readers whole pages from the shared cache (see ``core.cache``)."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import cache as page_cache

# What a page drawn for the public says to browsers: keep it, but ask each time (a 304 is cheap).
PUBLIC_CACHE_CONTROL = "no-cache"
CACHE_STATUS_HEADER = "X-Page-Cache"


class PublicPageCacheMiddleware:
    """Whole-page cache for visitors without a session, exact through the content version.

    A request carrying a session cookie (a signed-in user, or messages kept in the session) or a
    messages cookie is neither served from the cache nor stored in it. A response is stored only
    if it is a plain 200 that set no cookie, drew no CSRF token (so no form posting anything),
    queued or showed no message, and did not ask not to be cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        try:
            key = page_cache.page_key(
                request, translation.get_language() or "", timezone.localdate()
            )
        except DisallowedHost:
            return self.get_response(request)
        cache = page_cache.page_cache()
        found = cache.get_many([page_cache.VERSION_KEY, key])
        version = found.get(page_cache.VERSION_KEY) or page_cache.current_version(cache)
        entry = found.get(key)
        if entry is not None and entry["version"] == version:
            return self.replay(request, entry)

        response = self.get_response(request)
        if request.method != "GET" or not self.storable(request, response):
            response.headers.setdefault(CACHE_STATUS_HEADER, "bypass")
            return response
        entry = {
            "version": version,
            "etag": page_cache.etag_for(version, response.content),
            "headers": list(response.items()),
            "content": response.content,
        }
        cache.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
        self.mark(response, entry, "miss")
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=page_cache.version_time(version),
            response=response,
        )

    def applies(self, request):
        return (
            settings.PUBLIC_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and not request.path.startswith(tuple(settings.PUBLIC_PAGE_CACHE_EXEMPT_PREFIXES))
        )

    def storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        cache_control = response.get("Cache-Control", "")
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        messages = getattr(request, "_messages", None)
        return messages is None or len(messages) == 0

    def mark(self, response, entry, status):
        response["ETag"] = entry["etag"]
        last_modified = page_cache.version_time(entry["version"])
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        patch_vary_headers(response, ["Cookie"])
        response[CACHE_STATUS_HEADER] = status

    def replay(self, request, entry):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        self.mark(response, entry, "hit")
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=page_cache.version_time(entry["version"]),
            response=response,
        )
