"""Atom feeds of the follow-up: everything, or one recommendation, one theme, one recipient.

Entries are the dated events (transmissions, answers, implementation, corrections) with their
public reason; the global and per-recommendation feeds also carry the partners' comments and the
coordination's moderation notes. Ids are tag URIs built from stable references, never row ids
of the follow-up, so a reader never sees an entry twice.
"""

import dataclasses
import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from discussion.models import Comment, Moderation
from recommendations.models import Recipient, Recommendation
from themes.models import Theme

from .selectors import events_for

LIMIT = 50
TAG_DATE = "2024"


def tag(kind, *parts):
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{kind}/" + "/".join(str(part) for part in parts)


@dataclasses.dataclass
class Entry:
    guid: str
    title: str
    description: str
    link: str
    published: datetime.datetime
    category: str


def event_entry(event):
    recommendation = event.recommendation
    change = event.to_label
    if event.from_label and event.from_label != event.to_label:
        change = f"{event.from_label} → {event.to_label}"
    who = f" ({event.transmission.recipient.name})" if event.transmission else ""
    title = f"{recommendation.reference} — {event.get_axis_display()}{who} : {change}"
    lines = []
    if event.effective_on:
        lines.append(_("Date d’effet : %(date)s") % {"date": date_format(event.effective_on)})
    lines.append(_("Raison publique : %(reason)s") % {"reason": event.reason})
    if event.proof_url:
        lines.append(_("Preuve : %(url)s") % {"url": event.proof_url})
    if event.corrects_id:
        lines.append(_("Corrige l’événement n° %(number)s.") % {"number": event.corrects.sequence})
    return Entry(
        guid=tag("evenement", recommendation.reference, event.sequence),
        title=title,
        description="\n".join(lines),
        link=f"{recommendation.get_absolute_url()}#evenement-{event.sequence}",
        published=event.recorded_at,
        category=str(event.get_axis_display()),
    )


def comment_entry(comment):
    recommendation = comment.recommendation
    return Entry(
        guid=tag("commentaire", comment.pk),
        title=_("%(reference)s — commentaire de %(organisation)s")
        % {"reference": recommendation.reference, "organisation": comment.organisation.name},
        description=comment.body,
        link=comment.get_absolute_url(),
        published=comment.created,
        category=_("commentaire"),
    )


def moderation_entry(moderation):
    comment = moderation.comment
    return Entry(
        guid=tag("moderation", moderation.pk),
        title=_("%(reference)s — note de modération : commentaire %(action)s")
        % {
            "reference": comment.recommendation.reference,
            "action": moderation.get_action_display(),
        },
        description=moderation.reason,
        link=comment.get_absolute_url(),
        published=moderation.created,
        category=_("modération"),
    )


def discussion_entries(recommendation=None):
    comments = Comment.objects.visible().filter(recommendation__is_published=True)
    moderations = Moderation.objects.filter(
        comment__recommendation__is_published=True,
        action__in=[Moderation.Action.HIDE, Moderation.Action.RESTORE],
    ).exclude(reason="")
    if recommendation is not None:
        comments = comments.filter(recommendation=recommendation)
        moderations = moderations.filter(comment__recommendation=recommendation)
    comments = comments.select_related("recommendation", "organisation").order_by("-created")
    moderations = moderations.select_related("comment__recommendation").order_by("-created")
    return [
        *(comment_entry(comment) for comment in comments[:LIMIT]),
        *(moderation_entry(moderation) for moderation in moderations[:LIMIT]),
    ]


class FollowUpFeed(Feed):
    """Every change of the follow-up, newest first."""

    feed_type = Atom1Feed
    with_discussion = True

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return _("Suivi des Assises de l’Insertion — tous les changements")

    def subtitle(self, obj):
        return _(
            "Transmissions, réponses des autorités, mise en œuvre, commentaires des partenaires "
            "et notes de modération, datés, avec leur raison publique."
        )

    def link(self, obj):
        return reverse("recommendations:list")

    def feed_url(self, obj):
        return reverse("opendata:feed")

    def feed_guid(self, obj):
        return tag("fil", "tout")

    def author_name(self, obj):
        return _("Coordination des Assises de l’Insertion en Wallonie picarde")

    def event_filters(self, obj):
        return {}

    def items(self, obj):
        events = events_for(**self.event_filters(obj)).order_by("-recorded_at", "-pk")[:LIMIT]
        entries = [event_entry(event) for event in events]
        if self.with_discussion:
            entries += discussion_entries(obj if isinstance(obj, Recommendation) else None)
        entries.sort(key=lambda entry: entry.published, reverse=True)
        return entries[:LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.published

    def item_categories(self, item):
        return [item.category]


class RecommendationFeed(FollowUpFeed):
    def get_object(self, request, reference):
        return get_object_or_404(Recommendation.objects.published(), reference=reference)

    def title(self, obj):
        return _("Suivi de la recommandation %(reference)s — %(title)s") % {
            "reference": obj.reference,
            "title": obj.title,
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("opendata:feed_recommendation", args=[obj.reference])

    def feed_guid(self, obj):
        return tag("fil", "recommandation", obj.reference)

    def event_filters(self, obj):
        return {"recommendation": obj}


class ThemeFeed(FollowUpFeed):
    with_discussion = False

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("Suivi du thème %(number)s — %(title)s") % {
            "number": obj.position,
            "title": obj.title,
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("opendata:feed_theme", args=[obj.slug])

    def feed_guid(self, obj):
        return tag("fil", "theme", obj.slug)

    def event_filters(self, obj):
        return {"theme": obj}


class RecipientFeed(FollowUpFeed):
    with_discussion = False

    def get_object(self, request, slug):
        return get_object_or_404(Recipient, slug=slug)

    def title(self, obj):
        return _("Suivi des recommandations adressées à %(name)s") % {"name": obj.name}

    def link(self, obj):
        return f"{reverse('recommendations:list')}?recipient={obj.slug}"

    def feed_url(self, obj):
        return reverse("opendata:feed_recipient", args=[obj.slug])

    def feed_guid(self, obj):
        return tag("fil", "destinataire", obj.slug)

    def event_filters(self, obj):
        return {"recipient": obj}
