"""Per-request plumbing: the request's id, the client's real address, one log line, errors,
and whole pages for anonymous readers from the shared cache (see ``core.cache``).

The request id comes from the reverse proxy's ``X-Request-ID`` when it sends a sane one, else
is made here; it is returned in the response's ``X-Request-ID`` header and is in every log line
written while the request runs (see ``core.logging``), so one line of a user's report finds the
whole story in the logs.
"""

import contextvars
import ipaddress
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import BadRequest, DisallowedHost, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

from . import cache as page_cache
from .emails import current_request

logger = logging.getLogger("assises.request")
error_logger = logging.getLogger("assises.errors")

# Exceptions Django turns into a 4xx page: not errors of the site.
_ANSWERED = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)

request_id_var = contextvars.ContextVar("request_id", default="-")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address: the connection's, or the one the trusted proxies say they saw.

    With ``TRUSTED_PROXY_COUNT`` = n, the n-th address from the right of X-Forwarded-For is the
    client's (each trusted proxy appends the address it received the request from); anything to
    its left was written by the client and is not believed.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            found = _valid_ip(forwarded[-count])
            if found:
                return found
    return _valid_ip(remote) or remote or "0.0.0.0"


def report_error(request, exception):
    """Hand an unhandled error to the configured tracker (``ERROR_REPORTER``), if any."""
    if not settings.ERROR_REPORTER:
        return
    try:
        import_string(settings.ERROR_REPORTER)(request, exception)
    except Exception:  # noqa: BLE001 - a broken tracker must not hide the original error
        error_logger.exception("The error reporter %s failed", settings.ERROR_REPORTER)


class RequestContextMiddleware:
    """Give each request an id and its client address; log one line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.client_ip = client_ip(request)
        token = request_id_var.set(request.id)
        request_token = current_request.set(request if settings.DEBUG else None)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request.id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "client_ip": request.client_ip,
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)
            current_request.reset(request_token)

    def process_exception(self, request, exception):
        """Hand a view's unhandled error to the tracker; Django logs it with its traceback."""
        if not isinstance(exception, _ANSWERED):
            report_error(request, exception)
        return None


class UndecodableFormMiddleware:
    """Answer 400 to a form POST declared in a charset other than UTF-8, without reading it.

    Django refuses such a body when it is first read; in DEBUG its error page read it again and
    failed (a 500). Refusing here, from the headers alone, gives the site's 400 page in every mode.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method not in {"GET", "HEAD", "OPTIONS"} and content_type:
            kind, _, params = content_type.partition(";")
            if kind.strip().lower() == "application/x-www-form-urlencoded":
                charset = ""
                for param in params.split(";"):
                    name, _, value = param.partition("=")
                    if name.strip().lower() == "charset":
                        charset = value.strip().strip('"').lower()
                if charset and charset not in {"utf-8", "utf8"}:
                    from .views import bad_request

                    return bad_request(request, None)
        return self.get_response(request)


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
        if not settings.PUBLIC_PAGE_CACHE:
            return self.get_response(request)
        if not self.applies(request):
            with page_cache.one_version_per_request():
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

        # The page, its menu, its filters and its lines are drawn under the version just read.
        with page_cache.one_version_per_request(version):
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
