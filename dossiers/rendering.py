"""The dossiers and covering letters, as HTML pages and as PDF files."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from recommendations.documents import RenderedFile
from themes.selectors import get_consultation

from . import pdf, selectors

CACHE_SECONDS = 24 * 3600


@dataclass
class Dossier:
    scope: str
    title: str
    subtitle: str
    recommendations: list
    consultation: object
    generated_on: object
    site_url: str
    recipient: object = None
    theme: object = None
    filename: str = "dossier.pdf"
    response_deadline_days: int = settings.RESPONSE_DEADLINE_DAYS


def build(scope, subject=None, *, recommendation=None):
    """Gather a dossier: "all", "theme" (subject: a theme) or "recipient" (a recipient)."""
    recipient = subject if scope == "recipient" else None
    theme = subject if scope == "theme" else None
    if scope == "all":
        title = _("Les recommandations des Assises de l’Insertion en Wallonie picarde")
        subtitle = _("Le dossier complet")
    elif scope == "theme":
        title = _("Les recommandations du thème %(number)s") % {"number": theme.position}
        subtitle = theme.title
    else:
        title = _("Les recommandations adressées à %(name)s") % {"name": recipient.name}
        subtitle = _("Assises de l’Insertion en Wallonie picarde")
    return Dossier(
        scope=scope,
        title=title,
        subtitle=subtitle,
        recommendations=list(
            selectors.dossier_recommendations(
                recipient=recipient, theme=theme, recommendation=recommendation
            )
        ),
        consultation=get_consultation(with_organisations=True),
        generated_on=timezone.localdate(),
        site_url=settings.SITE_URL,
        recipient=recipient,
        theme=theme,
        filename=build_filename(scope, subject),
    )


def dossier_html(dossier):
    """The standalone HTML WeasyPrint lays out: no stylesheet link, nothing fetched."""
    return render_to_string("dossiers/dossier_pdf.html", {"dossier": dossier})


def dossier_pdf(scope, subject=None):
    """The dossier's PDF, from the cache while nothing it prints has changed."""
    language = translation.get_language()
    key = "dossiers:pdf:" + selectors.freshness(
        scope, getattr(subject, "pk", None), language, settings.SITE_URL
    )
    content = cache.get(key)
    if content is None:
        content = pdf.html_to_pdf(dossier_html(build(scope, subject)))
        cache.set(key, content, CACHE_SECONDS)
    return build_filename(scope, subject), content


def build_filename(scope, subject):
    if scope == "all":
        return "assises-insertion-dossier-complet.pdf"
    if scope == "theme":
        return f"assises-insertion-dossier-theme-{subject.position}.pdf"
    return f"assises-insertion-dossier-{subject.slug}.pdf"


def file_stem(transmission):
    """R1.02, transmission 7 → R1-02-7: no dot but the extension's, so names stay readable."""
    return f"{transmission.recommendation.reference.replace('.', '-')}-{transmission.pk}"


def frozen_letter(transmission, *, letter):
    """The covering letter of one transmission, as the recipient receives it (in French)."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "dossiers/letter_pdf.html",
            {
                "letter": letter,
                "paragraphs": [part.strip() for part in letter.body.split("\n\n") if part.strip()],
                "consultation": get_consultation(),
            },
        )
        content = pdf.html_to_pdf(html)
    name = f"{file_stem(transmission)}-courrier-{transmission.recipient.slug}.pdf"
    return RenderedFile(name, content, "application/pdf")


def frozen_dossier(transmission, *, letter):
    """The dossier sent with one transmission: the recommendation, for that recipient."""
    with translation.override(settings.LANGUAGE_CODE):
        dossier = build(
            "recipient", transmission.recipient, recommendation=transmission.recommendation
        )
        dossier.title = _("Recommandation %(reference)s adressée à %(name)s") % {
            "reference": transmission.recommendation.reference,
            "name": transmission.recipient.name,
        }
        content = pdf.html_to_pdf(dossier_html(dossier))
    name = f"{file_stem(transmission)}-dossier-{transmission.recipient.slug}.pdf"
    return RenderedFile(name, content, "application/pdf")
