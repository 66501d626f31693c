"""Run concurrent writers against a SQLite file, each in its own process, through the real views.

Used by tests/test_hardening_sqlite_writers.py (run as ``python -m tests.sqlite_writers PATH N``):
prints one JSON line with every response status and what the database holds afterwards.
"""

import json
import multiprocessing
import os
import sys


def setup(path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "assises_site.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    if os.environ.get("SQLITE_WITHOUT_OPTIONS"):
        # What main did: Django's defaults (rollback journal, 5 s timeout, deferred BEGIN).
        from django.conf import settings

        settings.DATABASES["default"]["OPTIONS"] = {}


def prepare(workers):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from discussion import services as discussion
    from partners import services as accounts
    from partners.models import Profile
    from recommendations import services as follow_up
    from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago
    from themes.models import Organisation

    plan = []
    for i in range(workers):
        organisation = Organisation.objects.create(slug=f"org-{i}", name=f"Org {i}", kind="cisp")
        coordinator = UserFactory(username=f"coord{i}", groups=["Coordination"])
        partner = UserFactory(username=f"partner{i}", groups=["Partenaires"])
        Profile.objects.create(user=partner, organisation=organisation)
        to_validate = RecommendationFactory()
        to_transmit = RecommendationFactory()
        follow_up.validate(to_transmit, validated_on=days_ago(9), reason="V", by=coordinator)
        answered = RecommendationFactory()
        follow_up.validate(answered, validated_on=days_ago(9), reason="V", by=coordinator)
        transmission = follow_up.transmit(
            answered, recipient=RecipientFactory(), sent_on=days_ago(8), reason="T", by=coordinator
        )
        to_report = discussion.post_comment(recommendation=to_transmit, author=partner, body="R")
        to_hide = discussion.post_comment(recommendation=to_transmit, author=partner, body="H")
        invitation = accounts.invite(
            email=f"invitee{i}@example.org",
            first_name="I",
            last_name=str(i),
            organisation=organisation,
            by=coordinator,
        )
        plan.append(
            {
                "coordinator": coordinator.pk,
                "partner": partner.pk,
                "organisation": organisation.pk,
                "to_validate": to_validate.reference,
                "to_transmit": to_transmit.reference,
                "answered": answered.reference,
                "transmission": transmission.pk,
                "recipient": RecipientFactory().pk,
                "to_report": to_report.pk,
                "to_hide": to_hide.pk,
                "token": accounts.invitation_token(invitation),
                "index": i,
            }
        )
    return plan


def act(job, barrier, results):
    from django.db import connections

    connections.close_all()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tests.factories import days_ago

    User = get_user_model()
    coordination = Client(raise_request_exception=False)
    coordination.force_login(User.objects.get(pk=job["coordinator"]))
    partner = Client(raise_request_exception=False)
    partner.force_login(User.objects.get(pk=job["partner"]))
    anonymous = Client(raise_request_exception=False)
    connections.close_all()
    yesterday = days_ago(1).isoformat()
    password = "Un-mot-de-passe-solide-2026"
    actions = [
        (
            "validate",
            coordination,
            reverse("recommendations:validate", args=[job["to_validate"]]),
            {"validated_on": yesterday, "reason": "Validée", "confirm": "1"},
        ),
        (
            "transmit",
            coordination,
            reverse("recommendations:transmit", args=[job["to_transmit"]]),
            {
                "recipients": [job["recipient"]],
                "sent_on": yesterday,
                "reason": "Envoyée",
                "confirm": "1",
            },
        ),
        (
            "answer",
            coordination,
            reverse("recommendations:answer", args=[job["answered"], job["transmission"]]),
            {
                "answer": "accueillie",
                "answered_on": yesterday,
                "reason": "Réponse",
                "confirm": "1",
            },
        ),
        ("cosign", partner, reverse("discussion:cosign", args=[job["to_transmit"]]), {}),
        (
            "report",
            partner,
            reverse("discussion:report", args=[job["to_report"]]),
            {"reason": "À vérifier"},
        ),
        (
            "hide",
            coordination,
            reverse("discussion:hide", args=[job["to_hide"]]),
            {"reason": "Hors sujet"},
        ),
        (
            "invite",
            coordination,
            reverse("partners:invite"),
            {
                "first_name": "N",
                "last_name": "N",
                "email": f"new{job['index']}@example.org",
                "organisation": job["organisation"],
                "language": "fr-be",
            },
        ),
        (
            "accept",
            anonymous,
            reverse("partners:accept", args=[job["token"]]),
            {"first_name": "I", "last_name": "N", "password1": password, "password2": password},
        ),
    ]
    barrier.wait(timeout=60)
    for name, client, url, data in actions:
        response = client.post(url, data)
        results.put((job["index"], name, response.status_code))
    connections.close_all()


def main(path, workers):
    setup(path)
    plan = prepare(workers)
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    results = context.Queue()
    processes = [context.Process(target=act, args=(job, barrier, results)) for job in plan]
    for process in processes:
        process.start()
    statuses = [results.get(timeout=300) for _ in range(workers * 8)]
    for process in processes:
        process.join(timeout=60)

    from discussion.models import CoSignature, Moderation, Report
    from partners.models import Invitation
    from recommendations.models import Event, Recommendation, Transmission

    print(
        json.dumps(
            {
                "statuses": statuses,
                "validated": Recommendation.objects.exclude(stage="formulee").count(),
                "transmissions": Transmission.objects.count(),
                "answered": Transmission.objects.exclude(answer="en_attente").count(),
                "cosignatures": CoSignature.objects.count(),
                "reports": Report.objects.count(),
                "hidden": Moderation.objects.filter(action="masque").count(),
                "invitations": Invitation.objects.count(),
                "accepted": Invitation.objects.filter(accepted_at__isnull=False).count(),
                "events": Event.objects.count(),
                "journal_mode": connections["default"]
                .cursor()
                .execute("PRAGMA journal_mode")
                .fetchone()[0],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
