"""Whole-page cache for anonymous readers, kept exact by one site-wide content version.

Every SQL statement that writes to a table of a model of the project's own apps (a save, a
delete, a many-to-many change, a bulk create, a queryset update, raw SQL: whatever the path, it
ends in one) gives the site a new *content version*, once at once and once more after the
transaction commits. The version is stored in the shared cache, every cached page
is stored with the version it was drawn under, and a page is served from the cache only while
the version is still the same: any write makes every page fresh on the very next request, on
every worker and every server sharing the cache. A model added tomorrow is covered without being
registered anywhere, because the rule is « a model of one of this project's apps ».

Two bumps rather than one: the first makes the change visible at once (and to the writer's own
transaction in tests), the second closes the race where a reader read the first new version
while the writer's transaction was not committed yet, and stored a page drawn from the old rows
under it.
"""

import contextlib
import contextvars
import hashlib
import re
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

VERSION_KEY = "content-version"

# Models of packages outside the project whose rows pages show (authors' names under comments),
# or that decide what a signed-in reader may do (core/auth.py keeps permissions under the version).
SHOWN_FOREIGN_MODELS = {
    "auth.user",
    "auth.group",
    "auth.permission",
    "auth.user_groups",
    "auth.user_user_permissions",
    "auth.group_permissions",
}


def page_cache():
    return caches[settings.PUBLIC_PAGE_CACHE_ALIAS]


def new_version():
    """A version never handed out before: the time in nanoseconds, which also dates the change."""
    return str(time.time_ns())


def version_time(version):
    """The time (seconds since the epoch) a version was handed out, for Last-Modified."""
    try:
        return int(version) // 1_000_000_000
    except (TypeError, ValueError):
        return None


# The version a request read first, so that the menu, the filters, the lines and the page itself
# are all drawn and kept under one version, read from the shared cache once per request.
_request_version = contextvars.ContextVar("request_version", default=None)


@contextlib.contextmanager
def one_version_per_request(version=None):
    """Within the block, ``current_version()`` reads the shared cache once (or not at all when the
    caller already read ``version``). A write within the block still makes a new version, which
    the rest of the block then sees."""
    token = _request_version.set([version])
    try:
        yield
    finally:
        _request_version.reset(token)


def current_version(cache=None):
    """The content version now, created if the cache has none (first start, eviction, flush)."""
    held = _request_version.get()
    if held is not None and held[0] is not None and cache in (None, page_cache()):
        return held[0]
    cache = cache or page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    if held is not None:
        held[0] = version
    return version


def _is_newer(version, than):
    if than is None:
        return True
    try:
        return int(version) > int(than)
    except (TypeError, ValueError):
        return True


class ProcessStore:
    """Pieces of pages this process keeps under the current content version, in memory.

    For what every page reads or draws again (the menu's themes, the list's lines in front of
    the shared cache, the visitors' menu and footer, the filters' fields): a dictionary lookup
    instead of a query or a round trip to Redis. Everything kept is dropped when a newer
    version is seen (any write, in any process), and a request still drawing under an older
    version neither reads nor stores anything. At most ``maxsize`` pieces: the oldest go first.
    """

    def __init__(self, maxsize):
        self.maxsize = maxsize
        self.version = None
        self.items = {}

    def get(self, key, version):
        if version != self.version:
            return None
        return self.items.get(key)

    def set(self, key, value, version):
        if version != self.version:
            if not _is_newer(version, self.version):
                return
            self.version, self.items = version, {}
        items = self.items
        if len(items) >= self.maxsize:
            # Another thread may have dropped it first.
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del items[next(iter(items))]
        items[key] = value


# Whole small tables and flags, by name (see kept_per_version).
_kept = ProcessStore(maxsize=256)


def kept_per_version(name, compute):
    """What ``compute()`` returns, computed once per content version in each process.

    For what every page reads and only a write changes: the themes of the menu and of the
    filters, the recipients of the filters, the footer's information pages, whether the demo's
    data is loaded. Any write makes a new version, so the next request computes it again, in
    every process. Computed at every call when the cache is off (``PUBLIC_PAGE_CACHE = False``).
    """
    if not settings.PUBLIC_PAGE_CACHE:
        return compute()
    version = current_version()
    found = _kept.get(name, version)
    if found is not None:
        return found[0]
    value = compute()
    _kept.set(name, (value,), version)
    return value


def kept_rows(queryset):
    """The rows of a small table in a given order, read once per content version.

    Only for a whole table (no filter: the key is the model, the order and the columns).
    """
    query = queryset.query
    if query.has_filters():
        raise ValueError("kept_rows keeps whole tables only")
    fields, defer = query.deferred_loading
    key = f"rows:{queryset.model._meta.label}:{query.order_by}:{sorted(fields)}:{defer}"
    return kept_per_version(key, lambda: list(queryset))


def bump_content_version():
    """Make every cached page stale, everywhere the cache is shared."""
    version = new_version()
    page_cache().set(VERSION_KEY, version, timeout=None)
    held = _request_version.get()
    if held is not None:
        held[0] = version


def content_changed(using=None):
    """Bump now and again once the current transaction (if any) has committed."""
    bump_content_version()
    transaction.on_commit(bump_content_version, using=using)


_project_root = Path(settings.BASE_DIR).resolve()
_shown = {}


def is_shown_model(model):
    """Whether pages may show this model's rows: the project's own apps, plus a few others."""
    label = model._meta.label_lower
    if label not in _shown:
        try:
            app_path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
        except LookupError:  # a model of no installed app, such as Django's migration record
            app_path = None
        in_project = (
            app_path is not None
            and app_path.is_relative_to(_project_root)
            and not ({".venv", "site-packages"} & set(app_path.parts))
        )
        _shown[label] = in_project or label in SHOWN_FOREIGN_MODELS
    return _shown[label]


# « INSERT OR IGNORE INTO » is how SQLite adds to a many-to-many relation (``ignore_conflicts``).
WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[`"\[]?(\w+)', re.IGNORECASE
)


def watched_tables():
    """The tables whose rows pages may show, many-to-many tables included."""
    global _watched
    if _watched is None:
        _watched = frozenset(
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if is_shown_model(model)
        )
    return _watched


_watched = None


def _watch_writes(execute, sql, params, many, context):
    """Run a statement; if it writes to a watched table, the content has changed."""
    result = execute(sql, params, many, context)
    match = WRITE.match(sql) if isinstance(sql, str) else None
    if match and match.group(1) in watched_tables():
        content_changed(context["connection"].alias)
    return result


def _install_on(connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch_writes)


def _on_setting_changed(setting, **kwargs):
    # A setting changed in a test (a deadline, the demo mode) changes pages too.
    if setting != "CACHES":
        bump_content_version()


def connect_signals():
    """Watch every statement of every database connection, and setting changes in tests."""
    connection_created.connect(_install_on, dispatch_uid="core.cache.watch")
    for connection in connections.all(initialized_only=True):
        _install_on(connection)
    setting_changed.connect(_on_setting_changed, dispatch_uid="core.cache.setting")


def page_key(request, language, today):
    """The cache key of a page: its address (host and query included), language and day."""
    raw = "|".join(
        [request.scheme, request.get_host(), request.get_full_path(), language, today.isoformat()]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def fragment_context():
    """What a template needs to keep a fragment in the shared cache exactly: whether fragments
    are cached at all (``PUBLIC_PAGE_CACHE``), the cache, how long (0, not kept, when the cache
    is off), and the content version (looked up only when a fragment is drawn) and day that
    the fragment's key must carry, with the reader's language.

    ``{% cache fragment_seconds name object.pk fragment_version fragment_day LANGUAGE_CODE
    using=fragment_cache %}``: any write makes a new version, so a fragment drawn before it is
    never read again (it expires unread).
    """
    return {
        "fragments_cached": settings.PUBLIC_PAGE_CACHE,
        "fragment_cache": settings.PUBLIC_PAGE_CACHE_ALIAS,
        "fragment_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS if settings.PUBLIC_PAGE_CACHE else 0,
        "fragment_version": SimpleLazyObject(current_version),
        "fragment_day": timezone.localdate().isoformat(),
    }


def etag_for(version, content):
    """An ETag made of the content version and the page's bytes."""
    return f'"{version}-{hashlib.md5(content, usedforsecurity=False).hexdigest()[:16]}"'


def all_project_models():
    """Every model the cache watches, for the README's claim and its test."""
    return [model for model in apps.get_models() if is_shown_model(model)]
