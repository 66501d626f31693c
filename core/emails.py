"""Emails in the recipient's language, plain text plus HTML, sent after the transaction commits."""

import contextvars
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

#: The request being served, recorded in development only (see ``site_url``).
current_request = contextvars.ContextVar("current_request", default=None)


def site_url():
    """The site's absolute address, for the links in e-mails.

    In production, ``SITE_URL`` as configured: never a Host header someone could send. In
    development (DEBUG), the address the request came to, so that links work whatever the
    port; with no request (a command, a background job), ``SITE_URL``.
    """
    request = current_request.get() if settings.DEBUG else None
    if request is not None:
        try:
            return f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            pass
    return settings.SITE_URL


def language_of(user):
    """The language an account reads its e-mails in (its profile's, or the site's)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", None) or settings.LANGUAGE_CODE


def render_email(template_prefix, context, *, language):
    """Render ``<prefix>_subject.txt``, ``<prefix>.txt`` and ``<prefix>.html`` in a language."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    return subject, text, html


def send_email(to, template_prefix, context, *, language, headers=None):
    """Send one email now; a failure is logged and never raised, so nothing else is lost."""
    try:
        subject, text, html = render_email(template_prefix, context, language=language)
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
        )
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception:
        logger.exception("Email %s to %s could not be sent", template_prefix, to)
        return False
    return True
