"""Benchmark settings (`make bench`): the production settings, plus the floor view's URL."""

import os

from .production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
BENCH_FLOOR_DIR = os.environ.get("BENCH_FLOOR_DIR", "/tmp/assises-bench-floor")
# The floor is a plain view: never answered from the page cache.
PUBLIC_PAGE_CACHE_EXEMPT_PREFIXES = ["/api/", "/__floor__/"]
