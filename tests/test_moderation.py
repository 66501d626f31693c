"""The coordination hides, restores and clears comments; the trail and the text stay."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.services import ServiceError
from discussion import selectors
from discussion import services as discussion
from discussion.models import Moderation
from tests.pages import words_of

pytestmark = pytest.mark.django_db


def test_only_coordinators_hide_and_restore_and_the_trail_stays(
    recommendation, alice, bruno, coordinator
):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    discussion.report_comment(comment, reason="Propos blessants.", by=bruno)
    for user in (alice, bruno):
        with pytest.raises(PermissionDenied):
            discussion.hide_comment(comment, reason="Non.", by=user)
    with pytest.raises(ServiceError, match="raison"):
        discussion.hide_comment(comment, reason="", by=coordinator)

    discussion.hide_comment(comment, reason="propos injurieux", by=coordinator)
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "propos injurieux"
    assert comment.hidden_by == coordinator and comment.hidden_at is not None
    assert comment.body == "Un."
    assert not comment.reports.filter(handled_at__isnull=True).exists()

    with pytest.raises(PermissionDenied):
        discussion.restore_comment(comment, by=alice)
    discussion.restore_comment(comment, by=coordinator)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert list(comment.moderations.values_list("action", "reason")) == [
        (Moderation.Action.HIDE, "propos injurieux"),
        (Moderation.Action.RESTORE, ""),
    ]


def test_coordinator_dismisses_reports_and_the_comment_stays(
    recommendation, alice, bruno, coordinator
):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    discussion.report_comment(comment, reason="Je ne suis pas d’accord.", by=bruno)
    with pytest.raises(PermissionDenied):
        discussion.dismiss_reports(comment, by=bruno)
    discussion.dismiss_reports(comment, by=coordinator)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert comment.reports.get().handled_by == coordinator
    assert selectors.reported_comments() == []


# Pages.


def test_hidden_comment_shows_the_moderation_note_publicly_and_the_text_to_coordinators(
    client, recommendation, alice, coordinator
):
    comment = discussion.post_comment(
        recommendation=recommendation, author=alice, body="Texte désobligeant."
    )
    discussion.hide_comment(comment, reason="propos désobligeants", by=coordinator)
    page = words_of(client.get(recommendation.get_absolute_url()))
    assert "Commentaire masqué par la coordination : propos désobligeants" in page
    assert "Texte désobligeant." not in page
    client.force_login(coordinator)
    page = words_of(client.get(recommendation.get_absolute_url()))
    assert "Commentaire masqué par la coordination : propos désobligeants" in page
    assert "Texte désobligeant." in page
    assert "visible par la coordination seulement" in page
    assert "Rétablir" in page


# The admin: read-only, except the moderation fields.


def test_admin_shows_comments_read_only_and_moderates_through_the_service(
    client, superuser, recommendation, alice
):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    client.force_login(superuser)
    url = reverse("admin:discussion_comment_change", args=[comment.pk])
    page = client.get(url).content.decode()
    assert 'name="hidden_reason"' in page and 'name="is_hidden"' in page
    assert 'name="body"' not in page
    management = dict(
        re.findall(
            r'<input type="hidden" name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"'
            r' value="(\d+)"',
            page,
        )
    )
    response = client.post(
        url,
        {"is_hidden": "on", "hidden_reason": "propos injurieux", "body": "Pirate", **management},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == superuser
    assert comment.body == "Un."
    assert comment.moderations.get().action == Moderation.Action.HIDE
    assert (
        client.get(reverse("admin:discussion_comment_delete", args=[comment.pk])).status_code == 403
    )
    assert client.get(reverse("admin:discussion_comment_add")).status_code == 403
