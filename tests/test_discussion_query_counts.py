"""The recommendation page runs as many queries with ten times the discussion."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discussion import services as discussion
from discussion.models import Comment, CoSignature
from tests.factories import OrganisationFactory, PartnerFactory
from tests.pages import text_of
from themes.models import Organisation

pytestmark = pytest.mark.django_db


def grow_discussion(recommendation, size, partners, coordinator):
    for n in range(size):
        author = partners[n % len(partners)]
        Comment.objects.filter(author=author).update(
            created=timezone.now() - datetime.timedelta(hours=1)
        )
        comment = discussion.post_comment(
            recommendation=recommendation, author=author, body=f"Commentaire {n} https://e.org/{n}"
        )
        discussion.edit_comment(comment, body=f"Commentaire {n} modifié", by=author)
        reply = discussion.post_comment(
            recommendation=recommendation,
            author=partners[(n + 1) % len(partners)],
            body=f"Réponse {n}",
            parent=comment,
        )
        if n % 3 == 0:
            discussion.hide_comment(reply, reason="hors sujet", by=coordinator)
            discussion.report_comment(comment, reason="À voir", by=coordinator)
    for author in partners:
        discussion.give_verdict(
            recommendation=recommendation, verdict="contraire", body="Avis", by=author
        )
        if not CoSignature.objects.filter(
            recommendation=recommendation, organisation=author.profile.organisation
        ).exists():
            discussion.cosign(recommendation=recommendation, by=author)


@pytest.fixture
def partners(db):
    """Six partners, of organisations of every kind."""
    kinds = list(Organisation.Kind)
    return [
        PartnerFactory(
            username=f"p{n}",
            organisation=OrganisationFactory(slug=f"org-{n}", name=f"Org {n}", kind=kinds[n % 4]),
        )
        for n in range(6)
    ]


def assert_same_queries_with_3_or_30_comments(client, answered, partners, coordinator):
    def count():
        with CaptureQueriesContext(connection) as context:
            response = client.get(answered.get_absolute_url())
        assert response.status_code == 200
        return len(context.captured_queries), response

    grow_discussion(answered, 3, partners, coordinator)
    small, _ = count()
    grow_discussion(answered, 27, partners, coordinator)
    large, response = count()
    assert Comment.objects.filter(recommendation=answered).count() >= 60 + 2 * len(partners)
    assert "72 commentaires" in text_of(response)
    assert large == small, (small, large)

    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as context:
        client.get(reverse("recommendations:dashboard"))
    dashboard_large = len(context.captured_queries)
    assert dashboard_large <= 25


def test_recommendation_page_runs_the_same_queries_with_3_or_30_comments_for_the_public(
    client, answered, partners, coordinator
):
    assert_same_queries_with_3_or_30_comments(client, answered, partners, coordinator)


def test_recommendation_page_runs_the_same_queries_with_3_or_30_comments_for_a_partner(
    client, answered, partners, coordinator
):
    client.force_login(partners[0])
    assert_same_queries_with_3_or_30_comments(client, answered, partners, coordinator)


def test_recommendation_page_runs_the_same_queries_with_3_or_30_comments_for_a_coordinator(
    client, answered, partners, coordinator
):
    client.force_login(coordinator)
    assert_same_queries_with_3_or_30_comments(client, answered, partners, coordinator)
