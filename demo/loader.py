"""Load the fictitious follow-up of ``plan.yaml`` through the services real users go through.

The follow-up is recorded by the coordination's account with ``recommendations.services``, the
partners' comments, replies, verdicts and co-signatures with ``discussion.services``, so the demo
obeys every rule of the real site. What partners write is then dated as the plan says (a service
dates it now), so that two loads on the same day give the same history.

Loading is done in two transactions: the follow-up first, then the partners' voice. Each event
is announced once its transaction commits; no partner follows a recommendation yet at that point,
so loading sends no e-mail about months-old events.
"""

import datetime
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import db_guards, roles
from core.services import ServiceError
from discussion import services as discussion
from discussion.models import Comment, CommentVersion, CoSignature, Moderation, Verdict
from partners.services import get_profile
from recommendations import services as follow_up
from recommendations.models import Event, Recipient, Recommendation, Transmission
from themes.models import Organisation

from .models import DemoData

PLAN = Path(__file__).with_name("plan.yaml")
DEMO_PREFIX = "[Démo] "
ROLES = {"coordination": roles.COORDINATION, "partner": roles.PARTNERS}
DEFAULT_TIME = datetime.time(10, 0)

Answer = Transmission.Answer
Status = Recommendation.Implementation


class DemoError(Exception):
    """Demo data cannot be loaded into this database; the message says why."""


def read_plan(path=PLAN):
    """The plan as plain data; PyYAML is a development dependency, as the demo is."""
    import yaml

    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def account_description(account, organisations):
    """« Partenaires, LEE — CISP »: the role, and the organisation a partner speaks for."""
    role = ROLES[account["role"]]
    slug = account.get("organisation")
    if not slug:
        return role
    organisation = organisations[slug]
    kind = organisation.get_kind_display()
    name = str(organisation)
    return f"{role}, {name}" if str(kind) in name else f"{role}, {name} — {kind}"


def _check_database(plan):
    references = set(plan["follow_up"]) | set(plan["voice"])
    found = set(
        Recommendation.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    if found != references:
        raise DemoError(
            _(
                "Le document n’est pas chargé (recommandations manquantes : %(missing)s) : "
                "lancez d’abord « manage.py load_document »."
            )
            % {"missing": ", ".join(sorted(references - found))}
        )
    followed = (
        Transmission.objects.exists()
        or Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED).exists()
        or Event.objects.exclude(
            axis=Event.Axis.STAGE, to_value=Recommendation.Stage.FORMULATED
        ).exists()
        or Comment.objects.exists()
        or CoSignature.objects.exists()
    )
    if followed:
        raise DemoError(
            _(
                "Cette base contient déjà un suivi réel : les données de démonstration ne s’y "
                "mêlent pas. Utilisez une base à part (« make demo » utilise demo.sqlite3)."
            )
        )
    taken = list(
        get_user_model()
        .objects.filter(username__in=[account["username"] for account in plan["accounts"]])
        .values_list("username", flat=True)
    )
    if taken:
        raise DemoError(
            _("Le compte « %(username)s » existe déjà : il ne sera pas remplacé.")
            % {"username": ", ".join(sorted(taken))}
        )


def _organisations(plan):
    slugs = {account["organisation"] for account in plan["accounts"] if "organisation" in account}
    organisations = Organisation.objects.in_bulk(list(slugs), field_name="slug")
    missing = slugs - set(organisations)
    if missing:
        raise DemoError(
            _("Organisation inconnue : %(slugs)s : lancez d’abord « manage.py load_document ».")
            % {"slugs": ", ".join(sorted(missing))}
        )
    return organisations


def _create_accounts(plan, organisations):
    """The accounts as the coordination sets them up in the admin: a role, a profile."""
    users = {}
    for account in plan["accounts"]:
        role = ROLES[account["role"]]
        user = get_user_model().objects.create_user(
            account["username"],
            email=f"{account['username']}@example.org",
            password=plan["password"],
            first_name=account["first_name"],
            last_name=account["last_name"],
            # Coordinators also work in the admin, which only staff may open.
            is_staff=role == roles.COORDINATION,
        )
        roles.add_role(user, role)
        profile = get_profile(user)
        if "organisation" in account:
            profile.organisation = organisations[account["organisation"]]
        if "coordination_digest" in account:
            profile.coordination_digest = account["coordination_digest"]
        profile.save()
        users[account["username"]] = user
    return users


class _Player:
    """Play the plan's steps for one day of loading."""

    def __init__(self, plan, *, today, users):
        self.plan = plan
        self.today = today
        self.users = users
        self.coordinator = next(
            users[a["username"]] for a in plan["accounts"] if a["role"] == "coordination"
        )
        self.comments = {}

    def day(self, step):
        return self.today - datetime.timedelta(days=step["days"])

    def moment(self, step):
        at = datetime.time.fromisoformat(step["at"]) if "at" in step else DEFAULT_TIME
        return timezone.make_aware(datetime.datetime.combine(self.day(step), at))

    def url(self, path):
        return f"{self.plan['links']}{path}"

    def act(self, step, day):
        """The fictitious act that « réalisée » and « réalisée en partie » must cite."""
        return {
            "kind": "mesure_publiee",
            "title": self.reason(step),
            "adopted_on": day,
            "url": self.url(step.get("proof") or f"actes/{step['days']}"),
        }

    def reason(self, step):
        text = step.get("reason") or self.plan["default_reasons"][step["do"]]
        return DEMO_PREFIX + text

    # The follow-up, recorded by the coordination.

    def follow(self, recommendation, steps):
        open_transmissions = {}
        last_implementation = None
        slug = recommendation.reference.lower().replace(".", "-")
        by = self.coordinator
        for step in steps:
            kind, day, reason = step["do"], self.day(step), self.reason(step)
            if kind == "validate":
                follow_up.validate(recommendation, validated_on=day, reason=reason, by=by)
            elif kind == "transmit":
                open_transmissions[step["to"]] = follow_up.transmit(
                    recommendation,
                    recipient=recommendation.recipients.get(slug=step["to"]),
                    sent_on=day,
                    reason=reason,
                    by=by,
                    covering_letter_url=self.url(f"courriers/{slug}-{step['to']}"),
                )
            elif kind == "answer":
                transmission = open_transmissions[step["to"]]
                rerouted_to = step.get("rerouted_to")
                follow_up.record_answer(
                    transmission,
                    answer=step["answer"],
                    answered_on=day,
                    reason=reason,
                    by=by,
                    summary=reason,
                    proof_url=self.url(f"reponses/{slug}-{step['to']}-{step['days']}"),
                    rerouted_to=Recipient.objects.get(slug=rerouted_to) if rerouted_to else None,
                )
                if rerouted_to:
                    open_transmissions[rerouted_to] = transmission.rerouted_to
            elif kind == "implement":
                last_implementation = follow_up.record_implementation(
                    recommendation,
                    status=step["status"],
                    effective_on=day,
                    reason=reason,
                    by=by,
                    proof_url=self.url(step["proof"]) if "proof" in step else "",
                    act=self.act(step, day)
                    if step["status"] in follow_up.IMPLEMENTATION_NEEDS_ACT
                    else None,
                )
            elif kind == "correct":
                follow_up.correct_event(last_implementation, reason=reason, by=by, effective_on=day)
            else:
                raise DemoError(f"{recommendation.reference}: unknown step {kind!r}")

    # The partners' voice, then dated as the plan says.

    def speak(self, recommendation, steps):
        for step in steps:
            kind, when = step["do"], self.moment(step)
            if kind == "cosign":
                signature = discussion.cosign(recommendation=recommendation, by=self.user(step))
                CoSignature.objects.filter(pk=signature.pk).update(signed_at=when)
            elif kind in ("comment", "reply"):
                parent = self.comments[step["to"]] if kind == "reply" else None
                comment = discussion.post_comment(
                    recommendation=recommendation,
                    author=self.user(step),
                    body=DEMO_PREFIX + step["body"],
                    parent=parent,
                )
                self.date_comment(comment, when)
                if "key" in step:
                    self.comments[step["key"]] = comment
            elif kind == "verdict":
                verdict = discussion.give_verdict(
                    recommendation=recommendation,
                    verdict=step["verdict"],
                    body=DEMO_PREFIX + step["body"],
                    by=self.user(step),
                )
                self.date_comment(verdict.comment, when)
                Verdict.objects.filter(pk=verdict.pk).update(created=when, modified=when)
            elif kind == "hide":
                comment = discussion.hide_comment(
                    self.comments[step["comment"]], reason=self.reason(step), by=self.coordinator
                )
                Comment.objects.filter(pk=comment.pk).update(hidden_at=when)
                # Moderations are written once; the plan gives the date it happened.
                with db_guards.triggers_suspended(Moderation):
                    Moderation._base_manager.filter(comment=comment).update(created=when)
            else:
                raise DemoError(f"{recommendation.reference}: unknown step {kind!r}")

    def user(self, step):
        return self.users[step["by"]]

    @staticmethod
    def date_comment(comment, when):
        Comment.objects.filter(pk=comment.pk).update(created=when, modified=when)
        # A comment's first version is written once; it takes the comment's date.
        with db_guards.triggers_suspended(CommentVersion):
            CommentVersion._base_manager.filter(comment=comment).update(created=when)


def _summary(plan, *, created, demo, organisations, coordinator=None):
    usernames = set(
        get_user_model()
        .objects.filter(username__in=[account["username"] for account in plan["accounts"]])
        .values_list("username", flat=True)
    )
    summary = {
        "created": created,
        "loaded_at": demo.loaded_at,
        # A demo loaded before an account was added to the plan does not list it.
        "accounts": [
            (account["username"], account_description(account, organisations))
            for account in plan["accounts"]
            if account["username"] in usernames
        ],
        "password": plan["password"],
    }
    if coordinator is None:
        return summary
    events = Event.objects.filter(recorded_by=coordinator)
    transmissions = Transmission.objects.all()
    overdue = transmissions.overdue().count()
    summary.update(
        validated=Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED).count(),
        transmitted=Recommendation.objects.filter(stage=Recommendation.Stage.TRANSMITTED).count(),
        transmissions=transmissions.count(),
        answers=Counter(
            transmissions.exclude(answer=Answer.PENDING).values_list("answer", flat=True)
        ),
        overdue=overdue,
        pending_in_time=transmissions.filter(answer=Answer.PENDING).count() - overdue,
        implementation=Counter(
            Recommendation.objects.exclude(implementation=Status.NOT_ASSESSED).values_list(
                "implementation", flat=True
            )
        ),
        implementation_events=events.filter(axis=Event.Axis.IMPLEMENTATION).count(),
        events=events.count(),
        comments=Comment.objects.filter(parent__isnull=True, verdict__isnull=True).count(),
        replies=Comment.objects.filter(parent__isnull=False).count(),
        verdicts=Counter(Verdict.objects.values_list("verdict", flat=True)),
        cosignatures=CoSignature.objects.count(),
        hidden=Comment.objects.filter(is_hidden=True).count(),
    )
    return summary


def load_demo(*, today=None, plan=None):
    """Load the fictitious follow-up once; a second call changes nothing and says so.

    Returns a summary: ``created`` tells whether anything was loaded, then the accounts, the
    password and, on a first load, counts of what was written.
    """
    today = today or timezone.localdate()
    plan = plan or read_plan()
    with transaction.atomic():
        organisations = _organisations(plan)
        existing = DemoData.objects.order_by("pk").first()
        if existing is not None:
            return _summary(plan, created=False, demo=existing, organisations=organisations)
        _check_database(plan)
        users = _create_accounts(plan, organisations)
        player = _Player(plan, today=today, users=users)
        recommendations = Recommendation.objects.in_bulk(
            list(set(plan["follow_up"]) | set(plan["voice"])), field_name="reference"
        )
        for reference, steps in plan["follow_up"].items():
            player.follow(recommendations[reference], steps)
        # The banner shows from here on, whatever happens to the second transaction.
        demo = DemoData.objects.create()
    try:
        with transaction.atomic():
            for reference, steps in plan["voice"].items():
                player.speak(recommendations[reference], steps)
    except (ServiceError, PermissionDenied, KeyError) as error:
        raise DemoError(
            _(
                "Le suivi fictif est chargé, mais pas la voix des partenaires (%(error)s) : "
                "supprimez demo.sqlite3 et relancez « make demo »."
            )
            % {"error": error}
        ) from error
    return _summary(
        plan,
        created=True,
        demo=demo,
        organisations=organisations,
        coordinator=player.coordinator,
    )
