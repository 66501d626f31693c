"""Fictitious follow-up to show how the site works, written only through the services.

Everything here is invented: every reason starts with « [Démo] », every link points to
example.org, and the ``core.DemoData`` row makes every page say so with a banner. The plan below
is fixed (no randomness) and dated backwards from ``today``, so two loads give the same history.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from core.models import DemoData

from . import services
from .models import Event, Recipient, Recommendation, Transmission

DEMO_PREFIX = "[Démo] "
DEMO_PASSWORD = "assises-demo"
DEMO_URL = "https://example.org/demo/"
DEMO_ACCOUNTS = [
    {
        "username": "coordination",
        "first_name": "Camille",
        "last_name": "Démo",
        "group": roles.COORDINATION,
        "description": "Coordination",
    },
    {
        "username": "partenaire",
        "first_name": "Pat",
        "last_name": "Démo",
        "group": roles.PARTNERS,
        # There is no partner profile yet: the organisation is only named here.
        "description": "Partenaires, LEE — CISP",
    },
]

Answer = Transmission.Answer
Status = Recommendation.Implementation

GW_EMPLOI = "gouvernement-wallon-emploi-formation"
GW_SOCIAL = "gouvernement-wallon-action-sociale"
FOREM = "le-forem"
FEDERAL = "gouvernement-federal-emploi"
ONEM = "onem"
EMPLOYERS = "employeurs-federations-patronales"
CPAS = "cpas-pouvoirs-locaux"
CISP = "federations-cisp"


class DemoError(Exception):
    """Demo data cannot be loaded into this database; the message says why."""


@dataclass(frozen=True)
class Step:
    """One change of the plan, ``days`` days before today."""

    kind: str
    days: int
    reason: str
    recipient: str = ""
    value: str = ""
    rerouted_to: str = ""
    proof: str = ""


def validated(days, reason="Validée par la coordination lors de sa réunion (fictive)."):
    return Step("validate", days, reason)


def sent(days, recipient, reason="Envoyée avec un courrier de la coordination (fictif)."):
    return Step("transmit", days, reason, recipient=recipient)


def answered(days, recipient, answer, reason, *, rerouted_to=""):
    return Step("answer", days, reason, recipient=recipient, value=answer, rerouted_to=rerouted_to)


def _demo_act(step, day):
    """The fictitious act that « réalisée » and « réalisée en partie » must cite."""
    return {
        "kind": "mesure_publiee",
        "title": f"{DEMO_PREFIX}{step.reason}",
        "adopted_on": day,
        "url": _url(step.proof or f"actes/{step.days}"),
    }


def implemented(days, status, reason, *, proof=""):
    return Step("implement", days, reason, value=status, proof=proof)


def corrected(days, reason):
    """Correct the date of the step just before, which must be on the implementation axis."""
    return Step("correct", days, reason)


# Each recommendation's steps in the order they happened; ``days`` counts back from today.
PLAN = {
    "R1.01": [
        validated(235),
        sent(230, GW_EMPLOI),
        sent(230, CISP),
        answered(200, CISP, Answer.ACCEPTED, "Les fédérations de CISP soutiennent la mesure."),
        answered(
            180,
            GW_EMPLOI,
            Answer.NOTED,
            "Le cabinet prend note sans s’engager sur un calendrier.",
        ),
        implemented(150, Status.IN_PROGRESS, "Un groupe de travail fictif prépare un appel."),
        implemented(90, Status.PARTLY_DONE, "Un premier appel couvre une partie des centres."),
        answered(
            60,
            GW_EMPLOI,
            Answer.ACCEPTED,
            "Nouveau ministre : la réponse est revue, la recommandation est accueillie.",
        ),
        implemented(
            20,
            Status.DONE,
            "L’arrêté fictif qui finance le travail collectif et individuel est adopté.",
            proof="arretes/r1-01-arrete-adopte",
        ),
    ],
    "R1.02": [
        validated(230),
        sent(225, GW_EMPLOI),
        sent(225, FOREM),
        answered(
            170, FOREM, Answer.PARTLY_ACCEPTED, "Le Forem ouvre des places dans deux métiers."
        ),
        implemented(140, Status.IN_PROGRESS, "Des places supplémentaires sont annoncées."),
        implemented(70, Status.BLOCKED, "Le budget des nouvelles places est gelé."),
    ],
    "R1.03": [
        validated(225),
        sent(220, FOREM),
        answered(160, FOREM, Answer.REFUSED, "Le Forem estime son répertoire actuel suffisant."),
        implemented(100, Status.NO_ACTION, "Aucun changement du répertoire n’a été constaté."),
    ],
    "R1.04": [
        validated(220),
        sent(215, GW_EMPLOI),
        sent(215, GW_SOCIAL),
        answered(
            175,
            GW_EMPLOI,
            Answer.REROUTED,
            "Le cabinet renvoie la demande au niveau fédéral, compétent pour ce financement.",
            rerouted_to=FEDERAL,
        ),
        answered(150, GW_SOCIAL, Answer.ACCEPTED, "La ministre accueille la demande de moyens."),
        implemented(120, Status.IN_PROGRESS, "Des postes d’accompagnateurs sont budgétés."),
        answered(
            110,
            FEDERAL,
            Answer.PARTLY_ACCEPTED,
            "Le fédéral finance une partie des moyens demandés.",
        ),
        implemented(45, Status.PARTLY_DONE, "La moitié des postes annoncés sont pourvus."),
    ],
    "R1.05": [
        validated(210),
        sent(205, GW_EMPLOI),
        answered(150, GW_EMPLOI, Answer.ACCEPTED, "Le cabinet annonce un projet pilote."),
        implemented(130, Status.IN_PROGRESS, "Le projet pilote démarre dans trois centres."),
        implemented(80, Status.BLOCKED, "Le projet pilote attend son évaluation."),
        implemented(30, Status.ABANDONED, "Le projet pilote est arrêté sans suite."),
    ],
    "R1.07": [
        validated(200),
        sent(195, GW_EMPLOI),
        sent(195, FOREM),
        sent(195, FEDERAL),
        answered(150, GW_EMPLOI, Answer.ACCEPTED, "Le cabinet reconnaît le besoin de temps."),
        answered(140, FOREM, Answer.NOTED, "Le Forem prend note de la demande."),
        implemented(60, Status.NO_ACTION, "Rien n’a changé pour les professionnels."),
    ],
    "R2.01": [
        validated(190),
        sent(185, FOREM),
        sent(185, CPAS),
        answered(130, FOREM, Answer.ACCEPTED, "Le Forem revoit ses courriers de convocation."),
        answered(120, CPAS, Answer.PARTLY_ACCEPTED, "Deux CPAS acceptent de tester l’approche."),
        implemented(100, Status.IN_PROGRESS, "Les nouveaux courriers sont en préparation."),
        implemented(
            25,
            Status.DONE,
            "Les nouveaux courriers fictifs sont envoyés à tous les demandeurs d’emploi.",
            proof="mesures/r2-01-nouveaux-courriers",
        ),
    ],
    "R2.04": [
        validated(180),
        sent(175, CISP),
        answered(140, CISP, Answer.ACCEPTED, "Les fédérations intègrent la recommandation."),
        implemented(110, Status.IN_PROGRESS, "Une formation des accompagnateurs commence."),
        corrected(104, "Date corrigée : la formation a commencé six jours plus tard."),
    ],
    "R2.05": [
        validated(170),
        sent(165, GW_SOCIAL),
        sent(165, FEDERAL),
        answered(
            120,
            FEDERAL,
            Answer.REROUTED,
            "Le ministre fédéral transmet la question à l’ONEM.",
            rerouted_to=ONEM,
        ),
        answered(100, GW_SOCIAL, Answer.REFUSED, "La ministre juge la mesure hors de ses moyens."),
    ],
    "R2.06": [
        validated(160),
        sent(155, ONEM),
        answered(95, ONEM, Answer.NOTED, "L’ONEM prend note sans changer ses procédures."),
        implemented(50, Status.NO_ACTION, "Aucune action n’a été constatée sur le terrain."),
    ],
    "R3.01": [
        validated(150),
        sent(140, GW_EMPLOI),
        answered(
            80,
            GW_EMPLOI,
            Answer.PARTLY_ACCEPTED,
            "Un soutien est prévu pour une partie des entreprises.",
        ),
        implemented(70, Status.IN_PROGRESS, "Un appel à projets fictif est lancé."),
    ],
    "R3.03": [
        validated(140),
        sent(130, FOREM),
        sent(130, GW_EMPLOI),
        answered(70, GW_EMPLOI, Answer.ACCEPTED, "Un contrôle des aides à l’embauche est annoncé."),
    ],
    "R3.05": [
        validated(120),
        sent(110, ONEM),
        answered(50, ONEM, Answer.REFUSED, "L’ONEM maintient les règles actuelles."),
    ],
    "R3.07": [
        validated(100),
        sent(90, FEDERAL),
        answered(40, FEDERAL, Answer.NOTED, "Le ministre prend note de la demande."),
    ],
    "R3.08": [validated(45)],
    "R4.01": [
        validated(80),
        sent(40, GW_EMPLOI),
        sent(40, FOREM),
        answered(10, FOREM, Answer.PARTLY_ACCEPTED, "Le Forem élargit le PFI à deux secteurs."),
    ],
    "R4.03": [validated(60), sent(20, EMPLOYERS)],
    "R4.08": [validated(30)],
}


def _url(path):
    return f"{DEMO_URL}{path}"


def _slug(reference):
    return reference.lower().replace(".", "-")


def _check_database(references):
    found = set(
        Recommendation.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    if found != set(references):
        raise DemoError(
            _(
                "Le document n’est pas chargé (recommandations manquantes : %(missing)s) : "
                "lancez d’abord « manage.py load_document »."
            )
            % {"missing": ", ".join(sorted(set(references) - found))}
        )
    followed = (
        Transmission.objects.exists()
        or Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED).exists()
        or Event.objects.exclude(
            axis=Event.Axis.STAGE, to_value=Recommendation.Stage.FORMULATED
        ).exists()
    )
    if followed:
        raise DemoError(
            _(
                "Cette base contient déjà un suivi réel : les données de démonstration ne s’y "
                "mêlent pas. Utilisez une base à part (« make demo » utilise demo.sqlite3)."
            )
        )
    User = get_user_model()
    taken = list(
        User.objects.filter(
            username__in=[account["username"] for account in DEMO_ACCOUNTS]
        ).values_list("username", flat=True)
    )
    if taken:
        raise DemoError(
            _("Le compte « %(username)s » existe déjà : il ne sera pas remplacé.")
            % {"username": ", ".join(sorted(taken))}
        )


def _create_accounts():
    User = get_user_model()
    users = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.create_user(
            account["username"],
            email=f"{account['username']}@example.org",
            password=DEMO_PASSWORD,
            first_name=account["first_name"],
            last_name=account["last_name"],
            # Coordinators also work in the admin, which only staff may open.
            is_staff=account["group"] == roles.COORDINATION,
        )
        roles.add_role(user, account["group"])
        users[account["username"]] = user
    return users


def _play(recommendation, steps, *, today, by):
    """Apply one recommendation's steps through the services, in order."""
    open_transmissions = {}
    last_implementation_event = None
    for step in steps:
        day = today - datetime.timedelta(days=step.days)
        reason = DEMO_PREFIX + step.reason
        if step.kind == "validate":
            services.validate(recommendation, validated_on=day, reason=reason, by=by)
        elif step.kind == "transmit":
            open_transmissions[step.recipient] = services.transmit(
                recommendation,
                recipient=recommendation.recipients.get(slug=step.recipient),
                sent_on=day,
                reason=reason,
                by=by,
                covering_letter_url=_url(
                    f"courriers/{_slug(recommendation.reference)}-{step.recipient}"
                ),
            )
        elif step.kind == "answer":
            transmission = open_transmissions[step.recipient]
            rerouted_to = Recipient.objects.get(slug=step.rerouted_to) if step.rerouted_to else None
            services.record_answer(
                transmission,
                answer=step.value,
                answered_on=day,
                reason=reason,
                by=by,
                summary=reason,
                proof_url=_url(
                    f"reponses/{_slug(recommendation.reference)}-{step.recipient}-{step.days}"
                ),
                rerouted_to=rerouted_to,
            )
            if rerouted_to is not None:
                open_transmissions[step.rerouted_to] = transmission.rerouted_to
        elif step.kind == "implement":
            last_implementation_event = services.record_implementation(
                recommendation,
                status=step.value,
                effective_on=day,
                reason=reason,
                by=by,
                proof_url=_url(step.proof) if step.proof else "",
                act=_demo_act(step, day)
                if step.value in services.IMPLEMENTATION_NEEDS_ACT
                else None,
            )
        elif step.kind == "correct":
            services.correct_event(
                last_implementation_event, reason=reason, by=by, effective_on=day
            )
        else:  # pragma: no cover - a typo in the plan
            raise ValueError(step.kind)


def _summary(*, created, demo, coordinator=None):
    summary = {
        "created": created,
        "loaded_at": demo.loaded_at,
        "accounts": [(a["username"], a["description"]) for a in DEMO_ACCOUNTS],
        "password": DEMO_PASSWORD,
    }
    if coordinator is None:
        return summary
    events = Event.objects.filter(recorded_by=coordinator)
    transmissions = Transmission.objects.all()
    summary.update(
        validated=Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED).count(),
        transmitted=Recommendation.objects.filter(stage=Recommendation.Stage.TRANSMITTED).count(),
        transmissions=transmissions.count(),
        answers=Counter(
            transmissions.exclude(answer=Answer.PENDING).values_list("answer", flat=True)
        ),
        overdue=transmissions.overdue().count(),
        pending_in_time=transmissions.filter(answer=Answer.PENDING).count()
        - transmissions.overdue().count(),
        implementation=Counter(
            Recommendation.objects.exclude(implementation=Status.NOT_ASSESSED).values_list(
                "implementation", flat=True
            )
        ),
        implementation_events=events.filter(axis=Event.Axis.IMPLEMENTATION).count(),
        events=events.count(),
    )
    return summary


def load_demo(*, today=None):
    """Load the fictitious follow-up once; a second call changes nothing and says so.

    Returns a summary: ``created`` tells whether anything was loaded, then the accounts, the
    password and, on a first load, counts of what was written.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        existing = DemoData.objects.order_by("pk").first()
        if existing is not None:
            return _summary(created=False, demo=existing)
        _check_database(PLAN)
        users = _create_accounts()
        coordinator = users["coordination"]
        recommendations = Recommendation.objects.in_bulk(list(PLAN), field_name="reference")
        for reference, steps in PLAN.items():
            _play(recommendations[reference], steps, today=today, by=coordinator)
        demo = DemoData.objects.create()
        return _summary(created=True, demo=demo, coordinator=coordinator)
