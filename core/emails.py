"""Emails in the recipient's language, plain text plus HTML.

``queue_email`` is what requests use: it writes the message to the outbox in the caller's
transaction (so it leaves only if the action is saved) and a background job sends it, with
retries (``core.tasks``). ``send_email`` sends at once, for jobs that keep their own retries.
"""

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


def queue_email(to, template_prefix, context, *, language, headers=None):
    """Write one email to the outbox and queue its sending; return the outbox row.

    Rendering happens now, in ``language``, so the job needs no context. A failure to render is
    a fault of the site: it is logged, and nothing is queued.
    """
    try:
        subject, text, html = render_email(template_prefix, context, language=language)
    except Exception:
        logger.exception("Email %s to %s could not be written", template_prefix, to)
        return None
    return queue_rendered_email(
        to, template_prefix, subject=subject, text=text, html=html, headers=headers
    )


def queue_rendered_email(to, template, *, subject, text, html="", headers=None):
    """Write an email already rendered to the outbox and queue its sending."""
    from .models import OutgoingEmail
    from .tasks import queue_delivery

    email = OutgoingEmail.objects.create(
        to=to, template=template, subject=subject, text=text, html=html, headers=headers or {}
    )
    queue_delivery([email.pk])
    return email
