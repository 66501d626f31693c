"""The follow-up's scheduled job, run by the background worker (``PERIODIC_TASKS``)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the django-tasks backport
    from django_tasks import task

from .reminders import send_due_reminders


@task()
def send_reminders():
    """Send the reminder steps that are due; each step goes out once, however often this runs."""
    return send_due_reminders()
