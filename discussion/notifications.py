"""Who hears about what: coordinators about comments and reports, partners about follow-up.

Every email is rendered in its recipient's language and sent once the transaction that caused it
has committed; a mail server that fails is logged and changes nothing that was saved.
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core import roles
from core.emails import language_of, queue_email, send_email, site_url
from partners.models import Profile
from recommendations.models import Event, Recommendation

from .models import Comment, DigestDelivery, Report

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "discussion.unsubscribe"
DIGEST_FIRST_PERIOD = datetime.timedelta(days=1)


# One-click unsubscribe: a signed token names the account and, optionally, the recommendation.


def unsubscribe_token(user, recommendation=None):
    return signing.dumps(
        {"u": user.pk, "r": recommendation.pk if recommendation is not None else None},
        salt=UNSUBSCRIBE_SALT,
    )


def read_unsubscribe_token(token):
    """Return (user, recommendation or None); raise ``signing.BadSignature`` if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise signing.BadSignature("Unknown account")
    recommendation = None
    if data.get("r") is not None:
        recommendation = Recommendation.objects.filter(pk=data["r"]).first()
        if recommendation is None:
            raise signing.BadSignature("Unknown recommendation")
    return user, recommendation


def unsubscribe_url(user, recommendation=None, *, language=None):
    with translation.override(language or language_of(user)):
        path = reverse("discussion:unsubscribe", args=[unsubscribe_token(user, recommendation)])
    return f"{site_url()}{path}"


# Sending.


def _message(user, context, list_unsubscribe):
    """The context and headers of one e-mail to an account, with its unsubscribe links."""
    language = language_of(user)
    context = {
        **context,
        "user": user,
        "site_url": site_url(),
        "unsubscribe_all_url": unsubscribe_url(user, language=language),
    }
    headers = {}
    if list_unsubscribe:
        headers["List-Unsubscribe"] = f"<{list_unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return language, context, headers


def send_now(user, template_prefix, context, *, list_unsubscribe=None):
    """Render and send one email now (the digest job, which records what it sent)."""
    language, context, headers = _message(user, context, list_unsubscribe)
    return send_email(user.email, template_prefix, context, language=language, headers=headers)


def send_after_commit(user, template_prefix, context, *, list_unsubscribe=None):
    """Once the caller's transaction commits, write one email to the outbox, which sends it.

    Written after the commit, the message shows what was saved (a verdict with its comment).
    """
    if not user.email:
        return

    def write():
        language, named, headers = _message(user, context, list_unsubscribe)
        queue_email(user.email, template_prefix, named, language=language, headers=headers)

    transaction.on_commit(write)


# Coordinators: each new comment and report, or a daily digest.


def coordinators():
    """The coordinators who have an e-mail address and still want e-mails."""
    return (
        roles.coordinators()
        .exclude(email="")
        .exclude(profile__email_notifications=False)
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )


def _digest_choice(user):
    profile = getattr(user, "profile", None)
    return profile.coordination_digest if profile is not None else Profile.Digest.IMMEDIATE


def _immediate_coordinators(exclude):
    return [
        user
        for user in coordinators()
        if user.pk != exclude.pk and _digest_choice(user) == Profile.Digest.IMMEDIATE
    ]


def notify_coordinators_of_comment(comment):
    for user in _immediate_coordinators(exclude=comment.author):
        send_after_commit(
            user,
            "discussion/emails/new_comment",
            {"comment": comment, "recommendation": comment.recommendation},
            list_unsubscribe=unsubscribe_url(user),
        )


def notify_coordinators_of_report(report):
    for user in _immediate_coordinators(exclude=report.reporter):
        send_after_commit(
            user,
            "discussion/emails/new_report",
            {
                "report": report,
                "comment": report.comment,
                "recommendation": report.comment.recommendation,
            },
            list_unsubscribe=unsubscribe_url(user),
        )


def send_daily_digests(now=None):
    """Send each daily-digest coordinator what came in since their last digest; return how many.

    A digest is recorded only once sent, so a failed sending is retried with the next run, and a
    second run the same day finds nothing new to send.
    """
    now = now or timezone.now()
    sent = 0
    for user in coordinators():
        if _digest_choice(user) != Profile.Digest.DAILY:
            continue
        with transaction.atomic():
            # Two runs at once: the second waits here, then starts where the first ended.
            Profile.objects.select_for_update().filter(user=user).first()
            last = user.digest_deliveries.order_by("-covers_until").first()
            since = last.covers_until if last else now - DIGEST_FIRST_PERIOD
            if since >= now:
                continue
            comments = list(
                Comment.objects.filter(created__gt=since, created__lte=now)
                .select_related("recommendation", "author", "organisation", "verdict")
                .order_by("recommendation__reference", "created", "pk")
            )
            reports = list(
                Report.objects.filter(created__gt=since, created__lte=now)
                .select_related("comment__recommendation", "comment__author", "reporter")
                .order_by("created", "pk")
            )
            if not comments and not reports:
                continue
            context = {"comments": comments, "reports": reports, "since": since, "until": now}
            if send_now(
                user, "discussion/emails/digest", context, list_unsubscribe=unsubscribe_url(user)
            ):
                DigestDelivery.objects.create(
                    recipient=user,
                    covers_from=since,
                    covers_until=now,
                    comment_count=len(comments),
                    report_count=len(reports),
                    sent_at=timezone.now(),
                )
                sent += 1
    return sent


# Partners: the recommendations they commented on or co-signed move.


def followers(recommendation, *, exclude=None):
    """Who follows a recommendation: its commenters and co-signers, minus the unsubscribed."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(comments__recommendation=recommendation)
            | Q(
                cosignatures__recommendation=recommendation,
                cosignatures__withdrawn_at__isnull=True,
            )
        )
        .exclude(profile__email_notifications=False)
        .exclude(unsubscriptions__recommendation=recommendation)
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return users


def _is_plain_correction(event):
    """A correction of a date, reason or proof: the recommendation did not move."""
    corrected = event.corrects
    return (
        corrected is not None
        and corrected.to_value == event.to_value
        and corrected.from_value == event.from_value
    )


def notify_followers_of_event(sender, *, event_pk, **kwargs):
    """Receive ``recommendations.signals.event_recorded``."""
    notify_followers(event_pk)


def notify_followers(event_pk):
    """Email the followers of a recommendation about one event of its follow-up.

    Runs once the event is committed; whatever goes wrong is logged, never raised, so the
    follow-up already saved is never reported as failed.
    """
    try:
        event = Event.objects.select_related(
            "recommendation", "transmission__recipient", "corrects"
        ).get(pk=event_pk)
        recommendation = event.recommendation
        if not recommendation.is_published or _is_plain_correction(event):
            return
        for user in followers(recommendation, exclude=event.recorded_by_id):
            send_after_commit(
                user,
                "discussion/emails/follow_up",
                {
                    "event": event,
                    "recommendation": recommendation,
                    "unsubscribe_recommendation_url": unsubscribe_url(user, recommendation),
                },
                list_unsubscribe=unsubscribe_url(user, recommendation),
            )
    except Exception:
        logger.exception("Followers of event %s could not be notified", event_pk)
