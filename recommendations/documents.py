"""What is frozen when the coordination transmits, and the links to the dossiers.

The follow-up does not make PDF files itself: the dossier carries the partners' co-signatures,
which live in an app built on this one. That app registers here, in its ``AppConfig.ready``,
the function that renders each kind of frozen document and the function that gives the address
of each dossier; the follow-up pages only ask this registry.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import formats, timezone

from .models import TransmissionDocument


class DocumentUnavailable(Exception):
    """A document cannot be produced here (a missing library); its message says what to do."""


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Letter:
    """A covering letter filled in for one transmission, before it is frozen."""

    subject: str
    body: str
    signature: str
    recipient_name: str
    sent_on: object


_renderers = {}
_dossier_urls = []


def register_renderer(kind, renderer):
    """``renderer(transmission, *, letter)`` returns the :class:`RenderedFile` to freeze."""
    _renderers[TransmissionDocument.Kind(kind)] = renderer


def register_dossier_urls(resolver):
    """``resolver(scope, subject, fmt)`` returns the address of a dossier, or None.

    ``scope`` is "recipient", "theme" or "all"; ``subject`` the recipient, the theme or None;
    ``fmt`` is "html" (the printable page) or "pdf".
    """
    if resolver not in _dossier_urls:
        _dossier_urls.append(resolver)


def dossier_url(scope, subject=None, fmt="html"):
    for resolver in _dossier_urls:
        url = resolver(scope, subject, fmt)
        if url:
            return url
    return ""


def letter_values(transmission, *, site_url):
    """The values that fill a letter template's placeholders for this transmission."""
    recommendation = transmission.recommendation
    return {
        "destinataire": transmission.recipient.name,
        "recommandations": f"{recommendation.reference} — {recommendation.title}",
        "date_envoi": formats.date_format(transmission.sent_on, "DATE_FORMAT"),
        "date_limite": formats.date_format(transmission.response_due, "DATE_FORMAT"),
        "adresse_reponse": f"{site_url}{transmission.get_absolute_url()}",
    }


def fill_letter(template, transmission, *, site_url):
    subject, body = template.fill(letter_values(transmission, site_url=site_url))
    return Letter(
        subject=subject,
        body=body,
        signature=template.signature,
        recipient_name=transmission.recipient.name,
        sent_on=transmission.sent_on,
    )


def freeze(transmission, *, event, letter):
    """Render the letter and the dossier of a transmission and store them, with their SHA-256.

    Raises :class:`DocumentUnavailable` when a kind of document has no renderer or cannot be
    rendered here; the caller's transaction then writes nothing.
    """
    documents = []
    for kind in TransmissionDocument.Kind:
        renderer = _renderers.get(kind)
        if renderer is None:
            raise DocumentUnavailable(f"No renderer is registered for {kind.label}.")
        rendered = renderer(transmission, letter=letter)
        document = TransmissionDocument(
            transmission=transmission,
            event=event,
            kind=kind,
            content_type=rendered.content_type,
            size=len(rendered.content),
            sha256=hashlib.sha256(rendered.content).hexdigest(),
            frozen_at=timezone.now(),
        )
        # The storage never overwrites: a name already taken gets a suffix.
        document.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        document.save()
        documents.append(document)
    return documents
