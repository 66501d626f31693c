"""The discussion's parts of other apps' pages, each drawn in a fixed number of queries."""

from django import template
from django.db.models import Count, Q
from django.template.context_processors import csrf
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core import cache as page_cache
from recommendations.selectors import first_rows

from .. import selectors, services
from ..forms import CommentForm, HideForm, VerdictForm
from ..rendering import plain_text_to_html

register = template.Library()

# Threads (a comment and its replies) drawn on a recommendation's page, newest first.
THREADS_ON_PAGE = 20


@register.filter(is_safe=True)
def plain_text(text):
    """A partner's text as HTML: escaped, its web addresses linked, its line breaks kept."""
    return plain_text_to_html(text)


@register.inclusion_tag("discussion/includes/voice.html", takes_context=True)
def discussion_section(context):
    """« La voix du terrain » on a recommendation's page: support, verdicts, comments.

    What every reader of a kind sees alike (the supporters, the official status and the field's
    verdicts, the newest threads) is kept in the shared cache under the content version
    (``voice.html``); the queries behind each part run only when that part is drawn, which is
    why they are lazy here. What is the reader's own (their organisation's support and verdict,
    the forms and their CSRF token, the comments they may still edit) is drawn each time.
    """
    recommendation = context["recommendation"]
    request = context["request"]
    user = context["user"]
    now = timezone.now()
    is_moderator = user.has_perm("discussion.moderate_comment")
    # Loaded with the account (core.auth.AccountBackend).
    organisation = services.organisation_of(user) if user.is_authenticated else None
    speaks = organisation is not None
    can_comment = speaks and user.has_perm("discussion.add_comment")
    can_verdict = can_comment and user.has_perm("discussion.add_verdict")
    can_cosign = speaks and user.has_perm("discussion.add_cosignature")
    has_outcome = services.has_outcome(recommendation)

    def threads():
        # The newest threads only, whatever their number: the older ones are on the comments'
        # pages.
        comments = list(
            selectors.comment_threads(recommendation, with_versions=is_moderator)[:THREADS_ON_PAGE]
        )
        counts = recommendation.comments.aggregate(
            total=Count("pk"), threads=Count("pk", filter=Q(parent__isnull=True))
        )
        for comment in comments:
            for each in (comment, *comment.replies.all()):
                each.can_edit = each.can_be_edited_by(user, now)
        return {
            "comments": comments,
            "count": counts["total"],
            "older": counts["threads"] - len(comments),
        }

    # The threads are shared by readers of the same kind, unless the reader moderates (hidden
    # texts, forms) or wrote one of this recommendation's comments (their own links to edit).
    shares_threads = not is_moderator and not (
        user.is_authenticated and recommendation.comments.filter(author=user).exists()
    )
    reference = recommendation.reference
    show_verdict_form = can_verdict and has_outcome
    own_verdict = (
        selectors.current_verdict(recommendation, organisation) if show_verdict_form else None
    )
    own_cosignature = (
        selectors.active_cosignatures(recommendation).filter(organisation=organisation).first()
        if can_cosign
        else None
    )
    return {
        "recommendation": recommendation,
        "request": request,
        "user": user,
        # Lazy: drawn (and the page kept out of the shared cache) only where a form needs it.
        "csrf_token": csrf(request)["csrf_token"],
        "is_moderator": is_moderator,
        "organisation": organisation,
        "can_comment": can_comment,
        "can_verdict": can_verdict,
        "can_cosign": can_cosign,
        "has_outcome": has_outcome,
        "threads": SimpleLazyObject(threads),
        "shares_threads": shares_threads,
        "reader_kind": f"{int(user.is_authenticated)}{int(can_comment)}",
        "cosignatures": SimpleLazyObject(
            lambda: list(selectors.active_cosignatures(recommendation))
        ),
        "own_cosignature": own_cosignature,
        "verdicts": SimpleLazyObject(lambda: selectors.verdict_table(recommendation)),
        "transmissions": recommendation.transmissions.all(),
        "comment_form": CommentForm(
            action=reverse("discussion:comment", args=[reference]), prefix_id="commenter"
        )
        if can_comment
        else None,
        "own_verdict": own_verdict,
        "verdict_form": VerdictForm(
            action=reverse("discussion:verdict", args=[reference]),
            prefix_id="avis",
            initial={"verdict": own_verdict.verdict} if own_verdict else None,
        )
        if show_verdict_form
        else None,
        **page_cache.fragment_context(),
    }


@register.inclusion_tag("discussion/includes/dashboard_sections.html", takes_context=True)
def discussion_dashboard(context):
    """The coordination's dashboard: reported comments to handle, the field's verdicts."""
    user = context["user"]
    is_moderator = user.has_perm("discussion.moderate_comment")
    back = f"{reverse('recommendations:dashboard')}#signalements"
    reported = first_rows(selectors.open_reported_comments()) if is_moderator else []
    for comment in reported:
        comment.hide_form = HideForm(
            action=reverse("discussion:hide", args=[comment.pk]),
            prefix_id=f"masquer-{comment.pk}",
            next_url=back,
        )
    return {
        "user": user,
        # The dashboard shows no messages of its own: moderation reports back here.
        "messages": context.get("messages"),
        "is_moderator": is_moderator,
        "reported": reported,
        "hidden": selectors.recently_hidden() if is_moderator else [],
        "overview": selectors.verdict_overview(),
        "back": back,
    }
