"""The alert messages: rendered in the subscriber's language, each with its unsubscribe links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.emails import site_url


def absolute(name, *args, language):
    with translation.override(language):
        return f"{site_url()}{reverse(name, args=args)}"


def links(subscription):
    language = subscription.subscriber.language
    return {
        "confirm_url": absolute("alerts:confirm", subscription.key, language=language),
        "unsubscribe_url": absolute("alerts:unsubscribe", subscription.key, language=language),
        "manage_url": absolute("alerts:manage", subscription.subscriber.key, language=language),
        "site_url": site_url(),
    }


def build_message(subscription, template_prefix, context):
    """Return the message, with RFC 8058 one-click unsubscribe headers; sending is the caller's."""
    language = subscription.subscriber.language
    context = {**context, **links(subscription), "subscription": subscription}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.subscriber.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
