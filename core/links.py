"""Addresses and small pieces of HTML that depend only on the reader's language: made once.

The lists draw hundreds of them a page (each recommendation's address, each recipient's, each
status badge): Django's ``reverse`` and the translations cost more there than the database.
What is kept is keyed by everything it depends on (the language, the script prefix, the URL
configuration and the arguments), so it is never stale; the URL configuration's caches and
these are emptied together when a test changes it.
"""

from functools import lru_cache, wraps

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_memoized = []


def per_language(maxsize=4096):
    """Keep what ``function(*args)`` returns for each language, script prefix and URL setup.

    Only for functions whose result depends on nothing else: no database, no date, no user.
    """

    def decorator(function):
        @lru_cache(maxsize=maxsize)
        def kept(_language, _prefix, _urlconf, *args):
            return function(*args)

        @wraps(function)
        def wrapper(*args):
            return kept(*language_key(), *args)

        # With the key already in hand (a line of a list draws a dozen of these).
        wrapper.keyed = lambda key, *args: kept(*key, *args)
        _memoized.append(kept)
        return wrapper

    return decorator


def language_key():
    """What a kept piece depends on besides its arguments: language, script prefix, URLs."""
    return (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@per_language(maxsize=16384)
def _reverse(viewname, items):
    return reverse(viewname, kwargs=dict(items))


def cached_reverse(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, computed once per address and language."""
    return _reverse(viewname, tuple(sorted(kwargs.items())))


def _on_setting_changed(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        for kept in _memoized:
            kept.cache_clear()


setting_changed.connect(_on_setting_changed, dispatch_uid="core.links.setting")
