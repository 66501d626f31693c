"""A fictitious follow-up at N times the document's size, to measure the site under load.

At scale 30: 990 recommendations, 2 970 transmissions, 20 000 events, 20 000 comments (500 of them
under one recommendation), 5 000 co-signatures. Written with ``bulk_create`` (a minute, not an
hour); the rows are consistent (each recommendation's stage and status are those of its last
event), and the ``demo.DemoData`` row makes every page carry the « fictitious » banner.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import roles
from demo.models import DemoData
from discussion.models import Comment, CommentVersion, CoSignature
from partners.models import Profile
from recommendations.models import Event, Recipient, Recommendation, Transmission
from themes.models import Organisation
from themes.services import DEFAULT_FIXTURES, load_document

Answer = Transmission.Answer
Stage = Recommendation.Stage
Status = Recommendation.Implementation

BENCH_PREFIX = "bench-"
COORDINATOR = f"{BENCH_PREFIX}coordination"
MANY_COMMENTS = 500
ORGANISATIONS = 20
ANSWERS = [Answer.ACCEPTED, Answer.PARTLY_ACCEPTED, Answer.NOTED, Answer.REFUSED, Answer.PENDING]
STATUSES = [Status.IN_PROGRESS, Status.BLOCKED, Status.PARTLY_DONE, Status.DONE, Status.NO_ACTION]
WORDS = (
    "Sur le terrain, les stagiaires attendent toujours une place en formation qualifiante ; "
    "l’accompagnement des demandeurs d’emploi manque de moyens et les CPAS le constatent."
)


def sizes(scale):
    """How many of each row the scale asks for, the document's own 33 recommendations included."""
    return {
        "recommendations": 33 * scale,
        "transmissions": 99 * scale,
        "events": round(20_000 * scale / 30),
        "comments": round(20_000 * scale / 30),
        "cosignatures": round(5_000 * scale / 30),
    }


class AlreadyBuilt(Exception):
    pass


def _spread(total, parts):
    """``total`` split into ``parts`` near-equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


@transaction.atomic
def build(scale=30, today=None):
    """Fill the database with the document and a follow-up ``scale`` times its size."""
    today = today or timezone.localdate()
    User = get_user_model()
    if User.objects.filter(username=COORDINATOR).exists():
        raise AlreadyBuilt
    load_document(paths=DEFAULT_FIXTURES)
    wanted = sizes(scale)
    originals = list(
        Recommendation.objects.prefetch_related("solutions").order_by("reference").all()
    )
    recipients = list(Recipient.objects.order_by("slug"))
    now = timezone.now()

    coordinator = User.objects.create(
        username=COORDINATOR, first_name="Coordination", is_staff=True
    )
    roles.add_role(coordinator, roles.COORDINATION)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"{BENCH_PREFIX}{index}",
            name=f"Organisation fictive {index}",
            kind=list(Organisation.Kind)[index % len(Organisation.Kind)],
        )
        for index in range(ORGANISATIONS)
    )
    partners = User.objects.bulk_create(
        User(
            username=f"{BENCH_PREFIX}partenaire-{index}",
            first_name="Partenaire",
            last_name=str(index),
        )
        for index in range(ORGANISATIONS)
    )
    Group.objects.get(name=roles.PARTNERS).user_set.add(*partners)
    Profile.objects.bulk_create(
        Profile(user=user, organisation=organisation)
        for user, organisation in zip(partners, organisations, strict=True)
    )

    # Recommendations: the document's own, then variants of them up to the wanted number.
    extra = []
    for index in range(wanted["recommendations"] - len(originals)):
        original = originals[index % len(originals)]
        extra.append(
            Recommendation(
                theme_id=original.theme_id,
                position=100 + index,
                reference=f"R{original.reference[1]}.{100 + index}",
                title=f"{original.title} (variante {index + 1})",
                statement=original.statement,
                easy_read=original.easy_read,
                is_published=True,
            )
        )
    Recommendation.objects.bulk_create(extra, batch_size=500)
    Solutions = Recommendation.solutions.through
    Solutions.objects.bulk_create(
        (
            Solutions(recommendation_id=copy.pk, solution_id=solution.pk)
            for index, copy in enumerate(extra)
            for solution in originals[index % len(originals)].solutions.all()
        ),
        batch_size=1000,
    )
    everything = originals + extra
    first_day = today - datetime.timedelta(days=720)

    # Three transmissions each, then the history: formulated, validated, transmitted, answers,
    # then implementation steps, dated forward from two years ago.
    transmissions = []
    for index, recommendation in enumerate(everything):
        sent_on = first_day + datetime.timedelta(days=30 + index % 300)
        for offset in range(3):
            answer = ANSWERS[(index + offset) % len(ANSWERS)]
            transmissions.append(
                Transmission(
                    recommendation=recommendation,
                    recipient=recipients[(index + offset) % len(recipients)],
                    sent_on=sent_on,
                    response_due=sent_on + datetime.timedelta(days=60),
                    answer=answer,
                    answered_on=None
                    if answer == Answer.PENDING
                    else sent_on + datetime.timedelta(days=40),
                    answer_summary="" if answer == Answer.PENDING else "Réponse fictive.",
                )
            )
    Transmission.objects.bulk_create(transmissions, batch_size=1000)
    first_sequence = {
        row["recommendation"]: row["last"]
        for row in Event.objects.values("recommendation").annotate(last=Max("sequence"))
    }
    events, changed = [], []
    existing = sum(first_sequence.values())
    per_recommendation = _spread(max(wanted["events"] - existing, 0), len(everything))
    for index, (recommendation, count) in enumerate(
        zip(everything, per_recommendation, strict=True)
    ):
        sequence = first_sequence.get(recommendation.pk, 0)
        own = transmissions[3 * index : 3 * index + 3]
        day = own[0].sent_on - datetime.timedelta(days=10)
        stage, status = Stage.FORMULATED, Status.NOT_ASSESSED

        def add(axis, before, after, day, transmission=None, recommendation=recommendation):
            nonlocal sequence
            sequence += 1
            events.append(
                Event(
                    recommendation=recommendation,
                    sequence=sequence,
                    transmission=transmission,
                    axis=axis,
                    from_value=before,
                    to_value=after,
                    effective_on=day,
                    reason=f"Étape fictive n° {sequence} du banc d’essai.",
                    recorded_by=coordinator,
                    recorded_at=now,
                )
            )

        if sequence == 0:
            sequence, count = 1, count - 1
            events.append(
                Event(
                    recommendation=recommendation,
                    sequence=1,
                    axis=Event.Axis.STAGE,
                    to_value=Stage.FORMULATED,
                    reason="Formulée lors de la journée (banc d’essai).",
                    recorded_at=now,
                )
            )
        plan = [("stage", Stage.VALIDATED), ("stage", Stage.TRANSMITTED)]
        plan += [("answer", transmission) for transmission in own if transmission.answered_on]
        plan += [("status", STATUSES[(index + step) % len(STATUSES)]) for step in range(count)]
        for kind, value in plan[: max(count, 2)]:
            day = min(day + datetime.timedelta(days=12), today)
            if kind == "stage":
                add(
                    Event.Axis.STAGE,
                    stage,
                    value,
                    day,
                    own[0] if value == Stage.TRANSMITTED else None,
                )
                stage = value
            elif kind == "answer":
                add(Event.Axis.ANSWER, Answer.PENDING, value.answer, value.answered_on, value)
            else:
                add(Event.Axis.IMPLEMENTATION, status, value, day)
                status = value
        recommendation.stage, recommendation.implementation = stage, status
        changed.append(recommendation)
    Event.objects.bulk_create(events, batch_size=1000)
    Recommendation.objects.bulk_update(changed, ["stage", "implementation"], batch_size=500)

    # Comments: 500 under one recommendation, the rest spread; one in five is a reply.
    crowded = extra[0] if extra else originals[0]
    others = [r for r in everything if r.pk != crowded.pk]
    many = min(MANY_COMMENTS, wanted["comments"] // 2)
    per_recommendation = [many] + _spread(wanted["comments"] - many, len(others))
    authors = itertools.cycle(zip(partners, organisations, strict=True))
    comments = []
    for recommendation, count in zip([crowded, *others], per_recommendation, strict=True):
        for number in range(count):
            author, organisation = next(authors)
            comments.append(
                Comment(
                    recommendation=recommendation,
                    author=author,
                    organisation=organisation,
                    body=f"{WORDS} (commentaire fictif n° {number + 1})",
                )
            )
    Comment.objects.bulk_create(comments, batch_size=1000)
    replies = []
    for position, comment in enumerate(comments):
        if (
            position % 5 == 4
            and comments[position - 1].recommendation_id == comment.recommendation_id
        ):
            previous = comments[position - 1]
            comment.parent_id = previous.parent_id or previous.pk
            replies.append(comment)
    Comment.objects.bulk_update(replies, ["parent"], batch_size=1000)
    CommentVersion.objects.bulk_create(
        (CommentVersion(comment=comment, body=comment.body) for comment in comments),
        batch_size=1000,
    )

    cosignatures = []
    counts = _spread(wanted["cosignatures"], len(everything))
    for index, (recommendation, count) in enumerate(zip(everything, counts, strict=True)):
        for offset in range(min(count, ORGANISATIONS)):
            which = (index + offset) % ORGANISATIONS
            cosignatures.append(
                CoSignature(
                    recommendation=recommendation,
                    organisation=organisations[which],
                    signed_by=partners[which],
                )
            )
    CoSignature.objects.bulk_create(cosignatures, batch_size=1000)
    if not DemoData.objects.exists():
        DemoData.objects.create()
    return {
        "recommendations": Recommendation.objects.count(),
        "transmissions": Transmission.objects.count(),
        "events": Event.objects.count(),
        "comments": Comment.objects.count(),
        "cosignatures": CoSignature.objects.count(),
        "crowded": crowded.reference,
    }
