"""The worker's periodic jobs, and the compose file's worker service."""

import threading

import pytest
import yaml
from django.conf import settings

from core.management.commands import run_worker

pytestmark = pytest.mark.django_db


def test_periodic_jobs_are_enqueued_at_start_and_not_again_before_their_interval(
    settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    # The worker's own thread closes its stale connections; here it shares the test's.
    monkeypatch.setattr(run_worker, "close_old_connections", lambda: None)
    stop = threading.Event()
    threading.Timer(2.5, stop.set).start()
    run_worker.enqueue_periodic(stop, {"alerts.tasks.sweep": 3600})
    assert [result.task.name for result in default_task_backend.results] == ["sweep"]


def test_the_sweep_is_a_periodic_job_by_default():
    assert "alerts.tasks.sweep" in settings.PERIODIC_TASKS


def test_compose_runs_the_worker_with_the_sites_environment():
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    worker = compose["services"]["worker"]
    assert "run_worker" in " ".join(worker["command"])
    assert worker["environment"] == compose["services"]["web"]["environment"]
