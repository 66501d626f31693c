"""Test settings: the local settings with fast password hashing."""

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-axes refuses Client.login(), which authenticates without a request; the lockout
# tests switch it back on with the `settings` fixture and go through the real login page.
AXES_ENABLED = False
# Background jobs run at once, inside the test; tests that need the queue swap the backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
