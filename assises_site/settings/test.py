"""Test settings: the local settings with fast password hashing."""

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-axes refuses Client.login(), which authenticates without a request; the lockout
# tests switch it back on with the `settings` fixture and go through the real login page.
AXES_ENABLED = False

# Pages are cached in tests as in production (each test starts with an empty cache, see
# tests/conftest.py), so every test that writes then reads a page also checks the invalidation.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
