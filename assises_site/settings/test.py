"""Test settings: the local settings with fast password hashing."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-axes refuses Client.login(), which authenticates without a request; the lockout
# tests switch it back on with the `settings` fixture and go through the real login page.
AXES_ENABLED = False
# Background jobs run at once, inside the test; tests that need the queue swap the backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Files the tests freeze (letters, dossiers) go to a temporary folder, never into the project.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="assises-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# Pages are cached in tests as in production (each test starts with an empty cache, see
# tests/conftest.py), so every test that writes then reads a page also checks the invalidation.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
