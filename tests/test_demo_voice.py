"""The demo shows partners' voice, and its `partenaire` account can speak as announced."""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from demo.loader import load_demo, read_plan
from discussion.models import Comment, CoSignature, Moderation, Verdict
from recommendations.models import Event, Recommendation

pytestmark = pytest.mark.django_db

PASSWORD = "assises-demo"
BANNER = "Le suivi affiché sur ce site est fictif"
DAY_END = datetime.time(23, 59)


@pytest.fixture
def demo(document):
    return load_demo()


def page_of(client, reference):
    response = client.get(reverse("recommendations:detail", kwargs={"reference": reference}))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def signed_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_partenaire_comments_replies_cosigns_and_gives_a_verdict_on_r1_02(client, demo):
    r102 = Recommendation.objects.get(reference="R1.02")
    lee = get_user_model().objects.get(username="partenaire").profile.organisation
    signed_in(client, "partenaire")
    before = page_of(client, "R1.02")
    assert "Commenter au nom de LEE" in before
    assert "Soutenir au nom de LEE" in before
    assert "Donner l’avis de LEE" in before
    assert "soutenue par 1 organisation" in before

    response = client.post(
        reverse("discussion:comment", args=["R1.02"]),
        {"body": "Nos stagiaires attendent ces places depuis deux ans."},
        follow=True,
    )
    assert "Votre commentaire est publié." in response.content.decode()
    comment = Comment.objects.get(body="Nos stagiaires attendent ces places depuis deux ans.")
    assert (comment.recommendation, comment.organisation, comment.parent) == (r102, lee, None)

    cpas_comment = Comment.objects.get(
        recommendation=r102, organisation__slug="cpas-bernissart", verdict__isnull=True
    )
    response = client.post(
        reverse("discussion:reply", args=[cpas_comment.pk]),
        {"body": "Même attente chez nous, dans les métiers du bâtiment."},
        follow=True,
    )
    assert "Votre réponse est publiée." in response.content.decode()
    reply = Comment.objects.get(body="Même attente chez nous, dans les métiers du bâtiment.")
    assert (reply.parent, reply.organisation) == (cpas_comment, lee)

    response = client.post(reverse("discussion:cosign", args=["R1.02"]), follow=True)
    assert "Votre organisation soutient cette recommandation." in response.content.decode()
    assert CoSignature.objects.filter(
        recommendation=r102, organisation=lee, withdrawn_at__isnull=True
    ).exists()

    response = client.post(
        reverse("discussion:verdict", args=["R1.02"]),
        {"verdict": "contraire", "body": "Un budget gelé, ce n’est pas ce qui était demandé."},
        follow=True,
    )
    assert "L’avis de votre organisation est publié." in response.content.decode()
    verdict = Verdict.objects.get(recommendation=r102, organisation=lee)
    assert verdict.verdict == Verdict.Value.CONTRAIRE
    assert verdict.comment.body == "Un budget gelé, ce n’est pas ce qui était demandé."

    client.logout()
    public = page_of(client, "R1.02")
    assert "Nos stagiaires attendent ces places depuis deux ans." in public
    assert "Même attente chez nous, dans les métiers du bâtiment." in public
    assert "Un budget gelé, ce n’est pas ce qui était demandé." in public
    assert "soutenue par 2 organisations" in public
    assert "2 organisations ont dit si ce qui a été décidé" in public
    assert "Pat Démo" in public


def test_the_public_reads_partners_comments_replies_verdicts_and_cosignatures(client, demo):
    page = page_of(client, "R1.01")
    assert "soutenue par 2 organisations" in page
    assert "[Démo] Chez nous, le travail collectif se fait sans moyens propres" in page
    assert "[Démo] Même constat au Service Insertion" in page
    assert "Réponses au commentaire de Pat Démo" in page
    assert "[Démo] L’arrêté finance enfin le travail collectif et individuel" in page
    assert "2 organisations ont dit si ce qui a été décidé" in page
    assert "Pat Démo" in page and "Dominique Démo" in page
    assert "CPAS de Bernissart" in page
    assert "4 commentaires" in page
    assert "[Démo] Arrêter le projet pilote sans évaluation publique" in page_of(client, "R1.05")
    assert "soutenue par 2 organisations" in page_of(client, "R4.03")


def test_one_comment_is_hidden_with_its_public_reason(client, demo):
    hidden = Comment.objects.get(is_hidden=True)
    assert hidden.recommendation.reference == "R1.07"
    moderation = Moderation.objects.get(comment=hidden)
    assert moderation.action == Moderation.Action.HIDE
    assert moderation.by.username == "coordination"
    page = page_of(client, "R1.07")
    assert (
        "Commentaire masqué par la coordination : [Démo] Le commentaire nommait une personne "
        "accompagnée" in page
    )
    assert "Madame Exemple" not in page
    signed_in(client, "coordination")
    assert "Madame Exemple" in page_of(client, "R1.07")


def test_verdicts_come_after_an_outcome_and_replies_after_their_comment(demo):
    for verdict in Verdict.objects.select_related("recommendation", "comment"):
        first_outcome = (
            Event.objects.filter(recommendation=verdict.recommendation)
            .filter(axis__in=[Event.Axis.ANSWER, Event.Axis.IMPLEMENTATION])
            .order_by("effective_on")
            .first()
        )
        assert first_outcome.effective_on < timezone.localdate(verdict.created)
        assert verdict.created == verdict.comment.created
    for reply in Comment.objects.filter(parent__isnull=False).select_related("parent"):
        assert reply.created > reply.parent.created
        assert reply.organisation != reply.parent.organisation


def test_what_partners_wrote_is_fictitious_and_dated_as_the_plan_says(document):
    today = datetime.date(2026, 6, 30)
    load_demo(today=today)
    plan = read_plan()
    first = plan["voice"]["R1.01"][2]
    comment = Comment.objects.get(body="[Démo] " + first["body"])
    expected = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=175), datetime.time(9, 40))
    )
    assert comment.created == expected
    assert comment.versions.get().created == expected
    assert comment.organisation.slug == "lee"
    signature = CoSignature.objects.get(recommendation__reference="R1.01", organisation__slug="lee")
    assert timezone.localdate(signature.signed_at) == today - datetime.timedelta(days=228)
    for comment in Comment.objects.all():
        assert comment.body.startswith("[Démo] "), comment.body
        assert comment.created < timezone.make_aware(datetime.datetime.combine(today, DAY_END))
        assert not comment.can_be_edited_by(comment.author)


def test_the_admin_shows_the_banner_in_a_landmark(client, demo):
    signed_in(client, "coordination")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<section class="demo-banner" aria-label="Démonstration">' in page
    assert BANNER in page
    assert "demo/banner.css" in page


def test_the_admin_has_no_banner_without_demo_data(client, document, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Administration du suivi" in page
    assert BANNER not in page
