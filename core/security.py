"""Small guards for what arrives from outside: login names for django-axes."""

from django.contrib.auth import get_user_model

AXES_USERNAME_MAX_LENGTH = 150


def axes_username(request, credentials):
    """The login name django-axes records, cut to the length of an account's user name."""
    field = get_user_model().USERNAME_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = request.POST.get(field)
    if value is None:
        return None
    return str(value)[:AXES_USERNAME_MAX_LENGTH]
