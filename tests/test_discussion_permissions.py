"""Who may do what in the discussion: every forbidden POST is refused and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from discussion import services as discussion
from discussion.models import Comment, CommentVersion, CoSignature, Moderation, Report, Verdict
from recommendations.models import Recommendation
from tests.factories import RecommendationFactory, UserFactory, days_ago
from tests.pages import post_comment_url, text_of

pytestmark = pytest.mark.django_db


# Who may do what: every forbidden POST is a 403 that changes nothing.


@pytest.fixture
def scene(answered, alice, bruno, coordinator):
    """A comment by Alice with a report, a hidden comment, and Alice's organisation co-signing."""
    comment = discussion.post_comment(recommendation=answered, author=alice, body="Texte.")
    hidden = discussion.post_comment(recommendation=answered, author=alice, body="Caché.")
    discussion.hide_comment(hidden, reason="hors sujet", by=coordinator)
    discussion.report_comment(comment, reason="À vérifier.", by=UserFactory(username="lecteur"))
    discussion.cosign(recommendation=answered, by=alice)
    return {"recommendation": answered, "comment": comment, "hidden": hidden}


def state():
    """Everything a forbidden POST must leave as it was."""
    return (
        list(Comment.objects.order_by("pk").values_list("pk", "body", "is_hidden", "edited_at")),
        CommentVersion.objects.count(),
        list(Report.objects.order_by("pk").values_list("pk", "handled_at")),
        Verdict.objects.count(),
        list(CoSignature.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        list(Recommendation.objects.values_list("stage", "implementation")),
        Moderation.objects.count(),
    )


ACTIONS = {
    "comment": lambda s: (
        reverse("discussion:comment", args=[s["recommendation"].reference]),
        {"body": "Nouveau."},
    ),
    "reply": lambda s: (reverse("discussion:reply", args=[s["comment"].pk]), {"body": "Réponse."}),
    "edit": lambda s: (reverse("discussion:edit", args=[s["comment"].pk]), {"body": "Changé."}),
    "report": lambda s: (reverse("discussion:report", args=[s["comment"].pk]), {"reason": "Faux."}),
    "hide": lambda s: (reverse("discussion:hide", args=[s["comment"].pk]), {"reason": "Non."}),
    "restore": lambda s: (reverse("discussion:restore", args=[s["hidden"].pk]), {}),
    "dismiss": lambda s: (reverse("discussion:dismiss", args=[s["comment"].pk]), {}),
    "verdict": lambda s: (
        reverse("discussion:verdict", args=[s["recommendation"].reference]),
        {"verdict": "conforme", "body": "Bien."},
    ),
    "cosign": lambda s: (reverse("discussion:cosign", args=[s["recommendation"].reference]), {}),
    "withdraw": lambda s: (
        reverse("discussion:withdraw", args=[s["recommendation"].reference]),
        {},
    ),
    "change_status": lambda s: (
        reverse("recommendations:implementation", args=[s["recommendation"].reference]),
        {
            "status": "en_cours",
            "effective_on": days_ago(1).isoformat(),
            "reason": "Moi.",
            "confirm": "1",
        },
    ),
}


# Who gets a 403 for each action; everyone else succeeds (a redirect).
FORBIDDEN = {
    "comment": {"anonymous", "coordinator"},
    "reply": {"anonymous", "coordinator"},
    "edit": {"anonymous", "other_partner", "coordinator"},
    "report": {"anonymous"},
    "hide": {"anonymous", "partner", "other_partner"},
    "restore": {"anonymous", "partner", "other_partner"},
    "dismiss": {"anonymous", "partner", "other_partner"},
    "verdict": {"anonymous", "coordinator"},
    # Bruno's organisation has not signed: nothing to withdraw, refused like the others.
    "cosign": {"anonymous", "coordinator", "partner"},
    "withdraw": {"anonymous", "coordinator", "other_partner"},
    "change_status": {"anonymous", "partner", "other_partner"},
}
# Who is signed in, by the fixture that makes them; anonymous is refused everything.
SIGNED_IN = {"partner": "alice", "other_partner": "bruno", "coordinator": "coordinator"}
REFUSED = [(action, who) for action in ACTIONS for who in SIGNED_IN if who in FORBIDDEN[action]]
ALLOWED = [(action, who) for action in ACTIONS for who in SIGNED_IN if who not in FORBIDDEN[action]]


def test_every_action_is_refused_to_anonymous_visitors():
    assert all("anonymous" in forbidden for forbidden in FORBIDDEN.values())


@pytest.mark.parametrize("action", list(ACTIONS))
def test_anonymous_post_is_refused_and_changes_nothing(client, scene, action):
    url, data = ACTIONS[action](scene)
    before = state()
    response = client.post(url, data)
    assert response.status_code == 403, action
    assert state() == before, action


@pytest.mark.parametrize(("action", "who"), REFUSED)
def test_forbidden_post_is_refused_and_changes_nothing(client, request, scene, action, who):
    client.force_login(request.getfixturevalue(SIGNED_IN[who]))
    url, data = ACTIONS[action](scene)
    before = state()
    response = client.post(url, data)
    assert response.status_code == 403, (action, who)
    assert state() == before, (action, who)


@pytest.mark.parametrize(("action", "who"), ALLOWED)
def test_allowed_post_redirects_and_changes_the_state(client, request, scene, action, who):
    client.force_login(request.getfixturevalue(SIGNED_IN[who]))
    url, data = ACTIONS[action](scene)
    before = state()
    response = client.post(url, data)
    assert response.status_code == 302, (action, who, text_of(response)[:2000])
    assert state() != before, (action, who)


def test_partner_without_organisation_gets_403(client, recommendation, partner):
    client.force_login(partner)
    response = client.post(post_comment_url(recommendation), {"body": "Bonjour"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert "Commenter au nom" not in text_of(client.get(recommendation.get_absolute_url()))


def test_get_of_a_button_action_changes_nothing(client, recommendation, alice):
    client.force_login(alice)
    response = client.get(reverse("discussion:cosign", args=[recommendation.reference]))
    assert response.status_code == 405
    assert not CoSignature.objects.exists()


def test_unpublished_recommendation_has_no_discussion_pages(client, alice):
    hidden = RecommendationFactory(is_published=False)
    client.force_login(alice)
    assert client.post(post_comment_url(hidden), {"body": "Bonjour"}).status_code == 404
    assert not Comment.objects.exists()


def test_csrf_is_enforced_on_every_discussion_post(recommendation, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(recommendation.get_absolute_url())
    for url, data in [
        (post_comment_url(recommendation), {"body": "Sans jeton."}),
        (reverse("discussion:cosign", args=[recommendation.reference]), {}),
    ]:
        assert client.post(url, data).status_code == 403
    assert not Comment.objects.exists() and not CoSignature.objects.exists()
    token = client.cookies["csrftoken"].value
    response = client.post(
        post_comment_url(recommendation), {"body": "Avec jeton.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Avec jeton."
