"""Reporting a comment: once per person, with a reason, to the coordination's dashboard."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.services import ServiceError
from discussion import selectors
from discussion import services as discussion
from tests.factories import UserFactory
from tests.pages import words_of

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_reports_once_with_a_reason(recommendation, alice, bruno, coordinator):
    from django.contrib.auth.models import AnonymousUser

    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    with pytest.raises(PermissionDenied):
        discussion.report_comment(comment, reason="Faux.", by=AnonymousUser())
    with pytest.raises(ServiceError, match="ce qui pose problème"):
        discussion.report_comment(comment, reason="  ", by=bruno)
    discussion.report_comment(comment, reason="Propos blessants.", by=bruno)
    with pytest.raises(ServiceError, match="déjà signalé"):
        discussion.report_comment(comment, reason="Encore.", by=bruno)
    discussion.report_comment(comment, reason="Hors sujet.", by=coordinator)
    assert comment.reports.count() == 2


def test_only_comments_with_an_open_report_await_the_coordination(recommendation, alice, bruno):
    discussion.post_comment(recommendation=recommendation, author=alice, body="Sans souci.")
    reported = discussion.post_comment(recommendation=recommendation, author=alice, body="Ah.")
    discussion.report_comment(reported, reason="Hors sujet.", by=bruno)
    discussion.report_comment(reported, reason="Hors sujet.", by=UserFactory())
    [comment] = selectors.reported_comments()
    assert comment == reported
    assert len(comment.open_reports) == 2


# Pages.


def test_report_then_hide_from_the_dashboard(client, recommendation, alice, bruno, coordinator):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    client.force_login(bruno)
    response = client.post(
        reverse("discussion:report", args=[comment.pk]), {"reason": "Propos blessants."}
    )
    assert response.status_code == 302
    client.force_login(coordinator)
    dashboard = reverse("recommendations:dashboard")
    page = words_of(client.get(dashboard))
    assert "Commentaires signalés 1" in page
    assert "« Propos blessants. » — Bruno Martin" in page
    response = client.post(
        reverse("discussion:hide", args=[comment.pk]),
        {"reason": "propos blessants", "next": f"{dashboard}#signalements"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{dashboard}#signalements"
    page = words_of(client.get(dashboard))
    assert "Aucun commentaire signalé n’attend la coordination." in page
    assert "masqué le" in page and "propos blessants" in page
    response = client.post(
        reverse("discussion:restore", args=[comment.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"{recommendation.get_absolute_url()}#{comment.anchor}"
    comment.refresh_from_db()
    assert not comment.is_hidden
