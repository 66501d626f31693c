"""gunicorn's settings for production (docker/entrypoint.sh) and for `make bench`.

Chosen by measurement with `make bench` (see the README): every value can be overridden from the
environment. gunicorn reads this file by itself when started from the project's directory.
"""

import multiprocessing
import os

# Workers: processes serving requests. Two per core plus one keeps the cores busy while a worker
# waits on PostgreSQL or Redis.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
# Threads per worker: with more than one, the threaded worker, which also keeps connections
# alive between requests (a browser fetching a page then its static files).
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
# A request taking longer than this is a bug or an attack: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so a slow leak never grows unbounded; but each recycling
# leaves the connections the old worker held waiting, and a new worker must load Django: at
# 5 000 requests, under a burst of cached pages (400 a second), a worker was recycled every few
# seconds and wrk saw requests wait past 2 s at each (measured over 60 s: 2 to 3 time-outs with
# 5 000, none without recycling). 100 000 recycles a worker every few minutes at the busiest,
# every few days otherwise.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10


def post_worker_init(worker):
    """Once the site is loaded in the worker, what it loaded (Django, the apps, the settings,
    the URL patterns: some 70 000 objects) is moved out of the garbage collector's reach
    (``gc.freeze``): its full collections then walk only what requests have kept since, about
    0.1 ms a request less under load (measured in-process on the varying search)."""
    import gc

    gc.freeze()
