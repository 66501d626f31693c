"""The benchmark's floor: a minimal Django view returning bytes saved from a page of the site."""

import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse

_saved = {}


def floor(request, name):
    """Return the saved bytes of one page, read once per process: what serving costs at least."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise Http404
    if name not in _saved:
        path = Path(settings.BENCH_FLOOR_DIR) / f"{name}.html"
        if not path.is_file():
            raise Http404
        _saved[name] = path.read_bytes()
    return HttpResponse(_saved[name], content_type="text/html; charset=utf-8")
