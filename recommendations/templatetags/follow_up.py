"""Template helpers of the follow-up: plain words for statuses, content in the reader's language."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.choices import choice_label
from core.links import cached_reverse, language_key, per_language

from .. import plain
from ..models import Recommendation, Transmission

register = template.Library()


@register.simple_tag
def plain_status(axis, value):
    """The everyday words for a status."""
    return plain.plain_label(axis, value)


@register.simple_tag
def status_guide_url(axis, value):
    """The guide page's address, at the paragraph that explains this status."""
    return _guide_url(axis, value)


@register.simple_tag
def event_headline(event):
    """What an event changed, in a sentence."""
    return plain.event_headline(event)


@register.simple_tag
def event_href(reference, sequence, shown_from=None, shown_to=None, base=""):
    """A link to an event: its anchor when this page shows it, else the address that finds it.

    Without a range of shown events (a preview of what an action would publish), the anchor on
    ``base``, the recommendation's page, whose script finds a folded event.
    """
    if not reference or shown_from in (None, "") or shown_from <= sequence <= shown_to:
        return f"{base}#evenement-{sequence}"
    return reverse("recommendations:event", args=[reference, sequence])


# The three status badges below are drawn on every line of the lists (fifty recommendations, a
# hundred and fifty answers a page): Python rather than included templates, for their speed,
# and each badge made once per language (``per_language``), since it depends on nothing else
# than its value (and, for a pending answer, the days it has waited).
# Their HTML is what the former includes drew, word for word.


def _guide_url(axis, value):
    return f"{cached_reverse('recommendations:status_guide')}#{plain.guide_anchor(axis, value)}"


@per_language()
def _plain_link(axis, value):
    return format_html(
        '<span class="plain-status">(<a href="{}">{}</a>)</span>',
        _guide_url(axis, value),
        plain.plain_label(axis, value),
    )


@per_language()
def _stage_badge(stage):
    return format_html(
        '<span class="status status-stage status-{}"><span class="status-label">{}</span> {}'
        "</span> {}",
        stage,
        _("Étape :"),
        choice_label(Recommendation.Stage, stage),
        _plain_link("etape", stage),
    )


@register.simple_tag
def stage_status(recommendation, key=None):
    """The recommendation's stage on its way to the authorities, with its plain words."""
    return _stage_badge.keyed(key or language_key(), recommendation.stage)


@per_language()
def _implementation_badge(implementation):
    return format_html(
        '<span class="status status-implementation status-{}"><span class="status-label">{}'
        "</span> {}</span> {}",
        implementation,
        _("Mise en œuvre :"),
        choice_label(Recommendation.Implementation, implementation),
        _plain_link("mise_en_oeuvre", implementation),
    )


@register.simple_tag
def implementation_status(recommendation, key=None):
    """What was done with the recommendation, with its plain words."""
    return _implementation_badge.keyed(key or language_key(), recommendation.implementation)


@per_language()
def _answer_badge(answer, overdue, days):
    if overdue:
        waiting = ngettext("%(days)s jour d’attente", "%(days)s jours d’attente", days) % {
            "days": localize(days)
        }
        return format_html(
            '<span class="status status-answer status-sans-reponse">{}</span> '
            '<span class="waiting">{}</span> {}',
            Transmission.NO_ANSWER_LABEL,
            waiting,
            _plain_link("reponse", "sans_reponse"),
        )
    waiting = ""
    if answer == Transmission.Answer.PENDING:
        text = ngettext("envoyée il y a %(days)s jour", "envoyée il y a %(days)s jours", days)
        waiting = format_html(' <span class="waiting">{}</span>', text % {"days": localize(days)})
    return format_html(
        '<span class="status status-answer status-{}">{}</span>{} {}',
        answer,
        choice_label(Transmission.Answer, answer),
        waiting,
        _plain_link("reponse", answer),
    )


@register.simple_tag
def answer_status(transmission, today=None, key=None):
    """An authority's answer (or its silence past the deadline, and how long it has lasted)."""
    today = today or timezone.localdate()
    return _answer_badge.keyed(
        key or language_key(),
        transmission.answer,
        transmission.is_overdue(today),
        transmission.days_waiting(today),
    )


@per_language()
def _date(day):
    """A date (never a datetime, whose day would hang on the time zone) as the reader writes it."""
    return date_format(day, "DATE_FORMAT")


def recommendation_line(recommendation, key=None, today=None):
    """A recommendation on a line of the list, as two pieces of HTML: its title, statuses, each
    authority's answer and support, then its last dated update. Where a search found its words
    goes between the two (``found_in``); the rest is the same on every list page, filter and
    search, for every reader (``recommendations.lines`` keeps it in the shared cache).

    Drawn in Python, like the badges above, for the same reason: twenty-five of them on every
    list page and every search, and a template per line cost more than the search itself.
    """
    key = key or language_key()
    parts = [
        format_html(
            '<h3 class="h5"><a href="{}"><span class="reference">{}</span> {}</a></h3>\n'
            '<p class="mb-1">\n{}\n{}\n</p>\n',
            recommendation.get_absolute_url(),
            recommendation.reference,
            recommendation.title_text,
            stage_status(recommendation, key),
            implementation_status(recommendation, key),
        )
    ]
    transmissions = recommendation.transmissions.all()
    if transmissions:
        today = today or timezone.localdate()
        colon = pgettext("colon after a label", " :")
        parts.append(
            format_html(
                '<ul class="transmission-summary">\n{}</ul>\n',
                format_html_join(
                    "",
                    '<li><a href="{}">{}</a>{} {}</li>\n',
                    (
                        (
                            transmission.recipient.get_absolute_url(),
                            transmission.recipient.name,
                            colon,
                            answer_status(transmission, today, key),
                        )
                        for transmission in transmissions
                    ),
                ),
            )
        )
    else:
        parts.append(
            format_html(
                '<p class="mb-1 text-body-secondary">{}</p>\n',
                _("Pas encore transmise à une autorité."),
            )
        )
    support = getattr(recommendation, "support", 0)
    if support:
        text = ngettext(
            "Soutenue par %(count)s organisation", "Soutenue par %(count)s organisations", support
        ) % {"count": support}
        parts.append(format_html('<p class="support mb-0">{}</p>\n', text))
    last = getattr(recommendation, "last_event_on", None)
    if last:
        update = format_html(
            '{} <time datetime="{}">{}</time>',
            _("Dernière mise à jour :"),
            last.isoformat(),
            _date.keyed(key, last),
        )
    else:
        update = _("Pas encore de suivi daté.")
    return mark_safe("".join(parts)), format_html('<p class="last-update mb-0">{}</p>', update)


def found_in(places):
    """Where a search found the words for a recommendation of the list (« dans un constat … »)."""
    return _found_in(tuple(places))


@per_language(maxsize=1024)
def _found_in(places):
    return format_html(
        '<p class="found-in mb-0">{} {}</p>\n',
        _("Mots trouvés"),
        format_html_join(", ", "{}", ((place,) for place in places)),
    )
