"""The health endpoint the orchestrator polls: database, cache, migrations, background jobs.

``GET /health/`` answers 200 with ``{"status": "ok", "checks": {...}}`` when everything works,
503 with the failing checks otherwise. It is answered by a middleware placed first, before the
host and HTTPS checks, so the container's own healthcheck can call http://127.0.0.1:8000/health/.
It says nothing a visitor should not know: which checks pass, never an address or a secret.

Background jobs: when the ``django_tasks`` app is installed, its database backend's results are
counted (``jobs``: pending and failed, failing the check when a job has waited longer than
``HEALTH_MAX_PENDING_JOB_AGE`` seconds); without it the line is left out. Other checks can be
added to ``CHECKS``.
"""

import datetime
import json
import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger("assises.health")

HEALTH_PATH = "/health/"


class CheckFailed(Exception):
    pass


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_migrations():
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CheckFailed(f"{len(plan)} migration(s) not applied")
    return "ok"


def check_cache():
    key = "health-check"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise CheckFailed("cache does not return what was stored")
    return "ok"


def check_jobs():
    """Count the background jobs due and failed; ``None`` when no database queue is installed.

    A job due (ready, its run-after time passed) for longer than ``HEALTH_MAX_PENDING_JOB_AGE``
    seconds means no worker is taking the jobs: the check fails. A retry planned for later is
    not due, so it counts neither way.
    """
    if not apps.is_installed("django_tasks_db"):
        return None
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    jobs = DBTaskResult.objects.all()
    due = jobs.ready()
    result = {"pending": due.count(), "failed": jobs.failed().count()}
    max_age = int(getattr(settings, "HEALTH_MAX_PENDING_JOB_AGE", 3600))
    since = timezone.now() - datetime.timedelta(seconds=max_age)
    stuck = due.filter(
        Q(run_after=get_date_max(), enqueued_at__lt=since)
        | (~Q(run_after=get_date_max()) & Q(run_after__lt=since))
    )
    if stuck.exists():
        raise CheckFailed(f"a job has been due for more than {max_age} s ({result})")
    return result


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "jobs": check_jobs,
}


def run_checks():
    """Run every check; return (healthy, results) where a failure is reported, not raised."""
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            outcome = check()
        except Exception as error:  # noqa: BLE001 - a failing check is the answer
            logger.warning("Health check %s failed: %s", name, error)
            healthy = False
            outcome = {"error": error.__class__.__name__, "detail": str(error)[:200]}
        if outcome is not None:
            results[name] = outcome
    return healthy, results


def health_response():
    healthy, results = run_checks()
    body = {"status": "ok" if healthy else "error", "checks": results}
    response = HttpResponse(
        json.dumps(body), content_type="application/json", status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer ``GET /health/`` before anything else runs (host check, HTTPS redirect, session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in {"GET", "HEAD"}:
            return health_response()
        return self.get_response(request)
