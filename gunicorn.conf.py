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
# Workers are recycled now and then, so a slow leak never grows unbounded.
max_requests = 5000
max_requests_jitter = 500
