"""Run the background jobs: django-tasks' database worker, plus the periodic jobs it enqueues."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue_periodic(stop, periodic):
    """Enqueue each periodic job once at start, then every ``interval`` seconds, until stopped."""
    due = dict.fromkeys(periodic, 0.0)
    elapsed = 0.0
    while not stop.is_set():
        for path, interval in periodic.items():
            if elapsed >= due[path]:
                try:
                    import_string(path).enqueue()
                except Exception:
                    logger.exception("Periodic job %s could not be enqueued", path)
                finally:
                    close_old_connections()
                due[path] = elapsed + interval
        stop.wait(1.0)
        elapsed += 1.0


class Command(BaseCommand):
    help = (
        "Lance le travailleur des tâches de fond (db_worker) et met en file les tâches "
        "périodiques (PERIODIC_TASKS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Ne pas mettre en file les tâches périodiques.",
        )

    def handle(self, *args, no_periodic=False, **options):
        stop = threading.Event()
        if not no_periodic and settings.PERIODIC_TASKS:
            threading.Thread(
                target=enqueue_periodic,
                args=(stop, dict(settings.PERIODIC_TASKS)),
                name="periodic-jobs",
                daemon=True,
            ).start()
        try:
            call_command("db_worker", interval=1.0, startup_delay=False, reload=False)
        finally:
            stop.set()
