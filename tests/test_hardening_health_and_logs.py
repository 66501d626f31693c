"""Health endpoint for the orchestrator; one JSON log line per request; errors with traceback."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import Client

from core import health
from core.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_health_reports_database_cache_and_migrations(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["jobs"] == {"pending": 0, "failed": 0}


def test_health_counts_the_jobs_and_fails_when_no_worker_takes_them(client, settings):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from alerts import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tasks.sweep.enqueue()
    body = client.get("/health/").json()
    assert body["checks"]["jobs"] == {"pending": 1, "failed": 0}

    # Two hours later nothing has taken it: no worker runs, the site is not healthy.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=2))
    response = client.get("/health/")
    assert response.status_code == 503
    assert "due for more than 3600 s" in response.json()["checks"]["jobs"]["detail"]


def test_health_answers_before_the_host_and_https_checks(settings):
    settings.ALLOWED_HOSTS = ["assises.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="127.0.0.1:8000").get("/health/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_health_is_503_when_a_check_fails(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["error"] == "OperationalError"


def test_unapplied_migrations_make_the_site_unhealthy(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["0099"])
    healthy, results = health.run_checks()
    assert not healthy
    assert "1 migration(s) not applied" in results["migrations"]["detail"]


def test_every_response_carries_a_request_id(client):
    first = client.get("/")
    second = client.get("/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == (
        "proxy-abc-12345"
    )


def format_json(record):
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_each_request_is_logged_as_one_json_line_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="assises.request"):
        response = client.get("/recommandations/")
    records = [r for r in caplog.records if r.name == "assises.request"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["method"] == "GET"
    assert entry["path"] == "/recommandations/"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0


def test_an_error_is_logged_with_its_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal", (), sys.exc_info()
        )
    entry = format_json(record)
    assert entry["level"] == "ERROR"
    assert "Traceback (most recent call last)" in entry["traceback"]
    assert "ValueError: boom" in entry["traceback"]


reported = []


def fake_tracker(request, exception):
    reported.append((request.path, exception))


def test_an_unhandled_error_reaches_the_error_tracker_and_gets_the_500_page(settings, monkeypatch):
    from recommendations import views

    settings.ERROR_REPORTER = "tests.test_hardening_health_and_logs.fake_tracker"
    reported.clear()

    def explode(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(views.selectors, "filterable_recommendations", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/recommandations/")
    assert response.status_code == 500
    assert "Une erreur s’est produite" in response.content.decode()
    assert [(path, type(error)) for path, error in reported] == [
        ("/recommandations/", RuntimeError)
    ]


def test_a_lost_database_is_a_503_retry_page_not_a_traceback(monkeypatch):
    from recommendations import views

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.selectors, "filterable_recommendations", lost)
    response = Client(raise_request_exception=False).get("/recommandations/")
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    page = response.content.decode()
    assert "Le site est momentanément indisponible" in page
    assert "Réessayer" in page
    assert "Traceback" not in page
