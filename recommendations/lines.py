"""The lines of the public list, each drawn once per content version and kept in the shared cache.

A line (title, statuses, each authority's answer, support, last dated update) is the same on
every list page, filter and search that shows its recommendation, for every reader, until the
next write anywhere on the site. It is kept like the detail page's body: under the content
version (any write makes a new one, so a line drawn before it is never read again), the day
(the days an authority has been waiting) and the language, script prefix and URL setup its
words and links depend on. Only where a search found the words is drawn for each page.

Each process also keeps the lines it has read in memory, under the same key and version
(``core.cache.ProcessStore``): a page of lines is then a few dictionary lookups.

A page of the list then reads just the ids of its recommendations; the recommendations, their
transmissions and recipients are read only for the lines not kept yet, whatever the search.
"""

import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from core import cache as page_cache
from core.links import language_key

from . import selectors
from .templatetags.follow_up import found_in, recommendation_line

# Every line of the list, in both languages, in front of the shared cache (about 2.5 KB each).
_kept = page_cache.ProcessStore(maxsize=2048)


def _draw(recommendations, key, today):
    return {
        recommendation.pk: recommendation_line(recommendation, key, today)
        for recommendation in recommendations
    }


def page_lines(ids, search_result=None):
    """The HTML of each line of a page of the list, in the page's order.

    ``ids`` are the page's recommendations, in order; ``search_result`` says, when the list
    is a search, where the words were found for each recommendation.
    """
    key = language_key()
    today = timezone.localdate()
    ids = list(ids)
    keys, drawn = {}, {}
    cache = page_cache.page_cache() if settings.PUBLIC_PAGE_CACHE else None
    if cache is not None and ids:
        version = page_cache.current_version(cache)
        signature = hashlib.md5(
            "|".join(map(str, [version, today, *key])).encode(), usedforsecurity=False
        ).hexdigest()
        keys = {pk: f"line:{signature}:{pk}" for pk in ids}
        for pk in ids:
            pieces = _kept.get(keys[pk], version)
            if pieces is not None:
                drawn[pk] = pieces
        shared = [keys[pk] for pk in ids if pk not in drawn]
        kept = cache.get_many(shared) if shared else {}
        for pk in ids:
            if keys[pk] in kept:
                drawn[pk] = kept[keys[pk]]
                _kept.set(keys[pk], drawn[pk], version)
    missing = [pk for pk in ids if pk not in drawn]
    if missing:
        fresh = _draw(
            selectors.recommendation_list(lines_only=True).filter(pk__in=missing), key, today
        )
        if cache is not None:
            cache.set_many(
                {keys[pk]: pieces for pk, pieces in fresh.items()},
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
            for pk, pieces in fresh.items():
                _kept.set(keys[pk], pieces, version)
        drawn.update(fresh)
    lines = []
    for pk in ids:
        before, after = drawn[pk]
        places = search_result.where_found(pk) if search_result is not None else None
        lines.append(mark_safe(before + (found_in(places) if places else "") + after))
    return lines
