"""The discussion's scheduled job, run by the background worker (``PERIODIC_TASKS``)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the django-tasks backport
    from django_tasks import task

from .notifications import send_daily_digests


@task()
def send_coordination_digests():
    """Send each daily-digest coordinator what came in since their last digest (once a day)."""
    return send_daily_digests()
