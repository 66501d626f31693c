"""What every app's services share: the refusal they raise and the permission check they start with.

A service checks the permission first (``PermissionDenied``: a 403 that changes nothing), then the
domain's rules (``ServiceError``, whose message is meant for the person who asked and is shown on
the form field it names), and writes everything of one action in one transaction.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A move the rules refuse: ``message`` for the person who asked, ``field`` where to show it."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleFormError(ServiceError):
    """The record changed since the form was drawn; ``version`` is its version now.

    The form is shown again with what was typed and the new version, so that sending it once
    more, after reading what changed, is a deliberate choice.
    """

    def __init__(self, message, *, version):
        super().__init__(message)
        self.version = version


def require_permission(user, permission, *, message=None):
    """Refuse with a 403 unless ``user`` is signed in and holds ``permission`` ("app.codename")."""
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied(message or _("Vous n’avez pas le droit de faire cette action."))
