"""Partners' voice on a recommendation: who may say what, what the page shows, what is kept."""

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from discussion import selectors
from discussion import services as discussion
from discussion.models import (
    Comment,
    CommentVersion,
    CoSignature,
    Moderation,
    Report,
    Verdict,
)
from discussion.rendering import plain_text_to_html
from partners.models import Profile
from recommendations import selectors as recommendation_selectors
from recommendations import services as follow_up
from recommendations.models import Recommendation, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago
from themes.models import Organisation

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def flat(response):
    """The words a reader sees: tags left out, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def make_organisation(name, kind, slug=None):
    return Organisation.objects.create(slug=slug or kind, name=name, kind=kind)


def make_partner(username, organisation, first_name="", last_name=""):
    user = UserFactory(
        username=username, first_name=first_name, last_name=last_name, groups=["Partenaires"]
    )
    Profile.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def lee():
    return make_organisation("Lire et Écrire", Organisation.Kind.CISP, "lee")


@pytest.fixture
def cpas():
    return make_organisation("CPAS de Bernissart", Organisation.Kind.CPAS, "cpas")


@pytest.fixture
def alice(lee):
    return make_partner("alice", lee, "Alice", "Dupont")


@pytest.fixture
def bruno(cpas):
    return make_partner("bruno", cpas, "Bruno", "Martin")


@pytest.fixture
def recommendation():
    return RecommendationFactory(title="Augmenter les places en formation")


@pytest.fixture
def answered(recommendation, coordinator):
    """A recommendation the Forem has answered: the field may now give its verdict."""
    follow_up.validate(recommendation, validated_on=days_ago(30), reason="ok", by=coordinator)
    transmission = follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(20),
        reason="Envoi.",
        by=coordinator,
    )
    follow_up.record_answer(
        transmission,
        answer=Transmission.Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(5),
        reason="Courrier du Forem.",
        by=coordinator,
    )
    return recommendation


def age(comment, minutes):
    """Pretend a comment was written some minutes ago."""
    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    comment.refresh_from_db()


# Services: comments.


def test_partner_comment_is_published_under_the_organisation_with_its_first_version(
    recommendation, alice, lee
):
    comment = discussion.post_comment(
        recommendation=recommendation, author=alice, body="  Nous manquons de places.\r\n  "
    )
    assert comment.organisation == lee
    assert comment.body == "Nous manquons de places."
    assert list(comment.versions.values_list("body", flat=True)) == ["Nous manquons de places."]
    assert not comment.is_edited


def test_the_organisation_at_the_time_of_writing_stays_when_the_profile_changes(
    recommendation, alice, lee, cpas
):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Oui.")
    Profile.objects.filter(user=alice).update(organisation=cpas)
    comment.refresh_from_db()
    assert comment.organisation == lee


def test_anonymous_coordinator_and_partner_without_organisation_cannot_comment(
    recommendation, coordinator, partner
):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), coordinator, partner):
        with pytest.raises(PermissionDenied):
            discussion.post_comment(recommendation=recommendation, author=user, body="Bonjour")
    assert not Comment.objects.exists()


def test_a_comment_holds_at_most_5000_characters(recommendation, alice):
    discussion.post_comment(recommendation=recommendation, author=alice, body="a" * 5000)
    with pytest.raises(ServiceError) as refused:
        discussion.post_comment(recommendation=recommendation, author=alice, body="b" * 5001)
    assert refused.value.field == "body"
    assert "au plus 5\xa0000 caractères" in refused.value.message
    assert "5\xa0001" in refused.value.message
    assert Comment.objects.count() == 1


def test_an_empty_comment_is_refused(recommendation, alice):
    with pytest.raises(ServiceError, match="Écrivez votre commentaire"):
        discussion.post_comment(recommendation=recommendation, author=alice, body=" \n ")


def test_replies_go_one_level_deep_only(recommendation, alice, bruno):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Avis.")
    reply = discussion.post_comment(
        recommendation=recommendation, author=bruno, body="D’accord.", parent=comment
    )
    assert reply.parent == comment
    with pytest.raises(ServiceError, match="pas à une réponse"):
        discussion.post_comment(
            recommendation=recommendation, author=alice, body="Merci.", parent=reply
        )
    other = RecommendationFactory()
    with pytest.raises(ServiceError, match="ne concerne pas"):
        discussion.post_comment(recommendation=other, author=bruno, body="Ici ?", parent=comment)
    assert Comment.objects.count() == 2


def test_unpublished_recommendation_takes_no_comment_verdict_or_signature(alice):
    hidden = RecommendationFactory(is_published=False)
    with pytest.raises(ServiceError):
        discussion.post_comment(recommendation=hidden, author=alice, body="Bonjour")
    with pytest.raises(ServiceError):
        discussion.cosign(recommendation=hidden, by=alice)
    assert not Comment.objects.exists() and not CoSignature.objects.exists()


def test_author_edits_within_30_minutes_and_every_version_is_kept(recommendation, alice):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    age(comment, 29)
    discussion.edit_comment(comment, body="Deux.", by=alice)
    discussion.edit_comment(comment, body="Trois.", by=alice)
    comment.refresh_from_db()
    assert comment.body == "Trois."
    assert comment.is_edited
    assert list(comment.versions.values_list("body", flat=True)) == ["Un.", "Deux.", "Trois."]


def test_editing_after_30_minutes_is_refused_and_changes_nothing(recommendation, alice):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    age(comment, 31)
    with pytest.raises(ServiceError, match="30 minutes"):
        discussion.edit_comment(comment, body="Deux.", by=alice)
    comment.refresh_from_db()
    assert comment.body == "Un." and comment.edited_at is None
    assert comment.versions.count() == 1


def test_nobody_edits_another_partners_comment(recommendation, alice, bruno, coordinator):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    for user in (bruno, coordinator):
        with pytest.raises(PermissionDenied):
            discussion.edit_comment(comment, body="Pirate.", by=user)
    comment.refresh_from_db()
    assert comment.body == "Un." and comment.versions.count() == 1


def test_ten_comments_in_ten_minutes_then_wait(recommendation, alice, bruno):
    comments = [
        discussion.post_comment(recommendation=recommendation, author=alice, body=f"n° {n}")
        for n in range(10)
    ]
    with pytest.raises(ServiceError) as refused:
        discussion.post_comment(recommendation=recommendation, author=alice, body="Onzième")
    assert "10 commentaires ces 10 dernières minutes" in refused.value.message
    assert refused.value.field == "body"
    # Another partner is not held back, and the limit slides with time.
    discussion.post_comment(recommendation=recommendation, author=bruno, body="Moi aussi.")
    age(comments[0], 11)
    discussion.post_comment(recommendation=recommendation, author=alice, body="Onzième")
    assert Comment.objects.filter(author=alice).count() == 11


def test_comments_are_never_deleted():
    with pytest.raises(TypeError):
        Comment.objects.all().delete()
    with pytest.raises(TypeError):
        Comment().delete()
    with pytest.raises(TypeError):
        CommentVersion.objects.all().delete()
    with pytest.raises(TypeError):
        Verdict.objects.all().delete()
    with pytest.raises(TypeError):
        CoSignature.objects.all().delete()


def test_versions_are_written_once(recommendation, alice):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    version = comment.versions.get()
    version.body = "Autre."
    with pytest.raises(TypeError):
        version.save()


# Services: reports and moderation.


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


def test_only_comments_with_an_open_report_await_the_coordination(recommendation, alice, bruno):
    discussion.post_comment(recommendation=recommendation, author=alice, body="Sans souci.")
    reported = discussion.post_comment(recommendation=recommendation, author=alice, body="Ah.")
    discussion.report_comment(reported, reason="Hors sujet.", by=bruno)
    discussion.report_comment(reported, reason="Hors sujet.", by=UserFactory())
    [comment] = selectors.reported_comments()
    assert comment == reported
    assert len(comment.open_reports) == 2


# Services: verdicts.


def test_verdict_waits_for_an_answer_or_an_implementation_status(
    recommendation, alice, coordinator
):
    with pytest.raises(ServiceError, match="attendez qu’une réponse"):
        discussion.give_verdict(
            recommendation=recommendation, verdict="conforme", body="Bien.", by=alice
        )
    follow_up.validate(recommendation, validated_on=days_ago(3), reason="ok", by=coordinator)
    follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(),
        sent_on=days_ago(2),
        reason="ok",
        by=coordinator,
    )
    with pytest.raises(ServiceError):
        discussion.give_verdict(
            recommendation=recommendation, verdict="conforme", body="Bien.", by=alice
        )
    assert not Verdict.objects.exists() and not Comment.objects.exists()

    follow_up.record_implementation(
        recommendation, status="en_cours", effective_on=days_ago(1), reason="ok", by=coordinator
    )
    verdict = discussion.give_verdict(
        recommendation=recommendation, verdict="edulcoree", body="Trop timide.", by=alice
    )
    assert verdict.comment.body == "Trop timide."
    assert verdict.comment.verdict == verdict


def test_verdict_needs_a_known_value_and_a_comment(answered, alice):
    with pytest.raises(ServiceError) as refused:
        discussion.give_verdict(recommendation=answered, verdict="parfait", body="Oui.", by=alice)
    assert refused.value.field == "verdict"
    with pytest.raises(ServiceError) as refused:
        discussion.give_verdict(recommendation=answered, verdict="conforme", body="", by=alice)
    assert refused.value.field == "body"
    assert not Verdict.objects.exists()


def test_coordinators_cannot_give_the_fields_verdict(answered, coordinator):
    with pytest.raises(PermissionDenied):
        discussion.give_verdict(
            recommendation=answered, verdict="conforme", body="Oui.", by=coordinator
        )


def test_the_latest_verdict_of_each_organisation_counts_by_kind(answered, alice, bruno, lee):
    colleague = make_partner("chloe", lee)
    discussion.give_verdict(recommendation=answered, verdict="conforme", body="1", by=alice)
    discussion.give_verdict(recommendation=answered, verdict="contraire", body="2", by=colleague)
    discussion.give_verdict(recommendation=answered, verdict="edulcoree", body="3", by=bruno)
    table = selectors.verdict_table(answered)
    assert table["kinds"] == ["CISP", "CPAS", "CSEF / IBEFE", "Autre"]
    rows = {row["value"]: [count for _, count in row["cells"]] for row in table["rows"]}
    assert rows == {"conforme": [0, 0, 0, 0], "edulcoree": [0, 1, 0, 0], "contraire": [1, 0, 0, 0]}
    assert table["total"] == 2
    assert Verdict.objects.count() == 3


# Services: co-signatures.


def test_an_organisation_cosigns_once_withdraws_and_signs_again(recommendation, alice, lee):
    colleague = make_partner("chloe", lee)
    first = discussion.cosign(recommendation=recommendation, by=alice)
    with pytest.raises(ServiceError, match="soutient déjà"):
        discussion.cosign(recommendation=recommendation, by=colleague)
    withdrawn = discussion.withdraw_cosignature(recommendation=recommendation, by=colleague)
    assert withdrawn == first
    first.refresh_from_db()
    assert first.withdrawn_by == colleague and first.withdrawn_at is not None
    with pytest.raises(ServiceError, match="ne soutient pas"):
        discussion.withdraw_cosignature(recommendation=recommendation, by=alice)
    second = discussion.cosign(recommendation=recommendation, by=alice)
    assert second.pk != first.pk
    assert CoSignature.objects.filter(recommendation=recommendation).count() == 2
    assert [c.pk for c in selectors.active_cosignatures(recommendation)] == [second.pk]


def test_the_database_refuses_two_active_signatures_of_one_organisation(recommendation, alice, lee):
    discussion.cosign(recommendation=recommendation, by=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoSignature.objects.create(recommendation=recommendation, organisation=lee, signed_by=alice)


def test_coordinators_and_anonymous_cannot_cosign(recommendation, coordinator):
    from django.contrib.auth.models import AnonymousUser

    for user in (coordinator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            discussion.cosign(recommendation=recommendation, by=user)


def test_support_annotation_counts_active_signatures_for_the_list(recommendation, alice, bruno):
    other = RecommendationFactory()
    discussion.cosign(recommendation=recommendation, by=alice)
    discussion.cosign(recommendation=recommendation, by=bruno)
    discussion.cosign(recommendation=other, by=bruno)
    discussion.withdraw_cosignature(recommendation=other, by=bruno)
    annotated = selectors.annotate_support(Recommendation.objects.all())
    support = dict(annotated.values_list("reference", "support"))
    assert support == {recommendation.reference: 2, other.reference: 0}
    assert list(annotated.filter(support__gte=1).values_list("pk", flat=True)) == [
        recommendation.pk
    ]
    assert annotated.order_by("-support", "reference").first() == recommendation
    listed = recommendation_selectors.recommendation_list()
    assert list(listed.filter(support__gt=0)) == [recommendation]


# Rendering partners' text.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        (
            "Voir https://example.org/a?b=1&c=2.",
            'Voir <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">'
            "https://example.org/a?b=1&amp;c=2</a>.",
        ),
        (
            "(lien : http://example.org/x_(y))",
            '(lien : <a href="http://example.org/x_(y)" rel="nofollow ugc">'
            "http://example.org/x_(y)</a>)",
        ),
        ("javascript:alert(1)", "javascript:alert(1)"),
        (
            'https://e.org/"><img src=x onerror=alert(1)>',
            '<a href="https://e.org/" rel="nofollow ugc">https://e.org/</a>'
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        ),
        ("un\ndeux\r\ntrois", "un<br>\ndeux<br>\ntrois"),
        ("http:// rien", "http:// rien"),
    ],
)
def test_plain_text_is_escaped_and_links_are_nofollow_ugc(text, expected):
    assert plain_text_to_html(text) == expected


# Pages.


def post_comment_url(recommendation):
    return reverse("discussion:comment", args=[recommendation.reference])


def test_partner_comments_from_the_page_and_the_public_reads_it(client, recommendation, alice, lee):
    client.force_login(alice)
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "La voix du terrain" in page
    assert "Commenter au nom de Lire et Écrire" in page
    response = client.post(post_comment_url(recommendation), {"body": "Il faut des places."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{recommendation.get_absolute_url()}#{comment.anchor}"

    client.logout()
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "1 commentaire" in page
    assert "Alice Dupont" in page
    assert "Lire et Écrire" in page
    raw = client.get(recommendation.get_absolute_url()).content.decode()
    assert '<span class="org-kind org-kind-cisp">CISP</span>' in raw
    assert "Il faut des places." in page
    assert timezone.localtime(comment.created).strftime("%Y") in page
    assert "Commenter au nom" not in page
    assert "Connexion des partenaires" in page


def test_too_long_comment_shows_the_limit_and_keeps_the_text(client, recommendation, alice):
    client.force_login(alice)
    body = "Trop long. " * 500
    response = client.post(post_comment_url(recommendation), {"body": body})
    assert response.status_code == 200
    page = text_of(response)
    assert (
        "Un commentaire compte au plus 5\xa0000 caractères ; le vôtre en compte 5\xa0499." in page
    )
    assert body.strip() in page
    assert not Comment.objects.exists()


def test_rate_limited_comment_shows_the_message_and_keeps_the_text(client, recommendation, alice):
    client.force_login(alice)
    for n in range(10):
        assert client.post(post_comment_url(recommendation), {"body": f"n° {n}"}).status_code == 302
    response = client.post(post_comment_url(recommendation), {"body": "Mon onzième texte."})
    assert response.status_code == 200
    page = text_of(response)
    assert "Vous avez publié 10 commentaires ces 10 dernières minutes" in page
    assert "Mon onzième texte.</textarea>" in page
    assert Comment.objects.count() == 10


def test_reply_is_indented_under_its_comment_and_a_reply_to_a_reply_is_refused(
    client, recommendation, alice, bruno
):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Avis.")
    client.force_login(bruno)
    response = client.post(reverse("discussion:reply", args=[comment.pk]), {"body": "Réponse."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    replies = page[page.index('<ol class="replies') :]
    assert f'id="{reply.anchor}"' in replies
    assert f'href="{reverse("discussion:reply", args=[reply.pk])}"' not in page

    client.force_login(alice)
    response = client.post(reverse("discussion:reply", args=[reply.pk]), {"body": "Encore."})
    assert response.status_code == 200
    assert "On répond à un commentaire, pas à une réponse" in text_of(response)
    assert Comment.objects.count() == 2


def test_author_edits_within_the_window_and_the_page_says_modified(client, recommendation, alice):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    client.force_login(alice)
    edit_url = reverse("discussion:edit", args=[comment.pk])
    assert f'href="{edit_url}"' in client.get(recommendation.get_absolute_url()).content.decode()
    assert "\nUn.</textarea>" in text_of(client.get(edit_url))
    response = client.post(edit_url, {"body": "Un, corrigé."})
    assert response.status_code == 302
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "Un, corrigé." in page
    assert "(modifié le" in page
    assert list(comment.versions.values_list("body", flat=True)) == ["Un.", "Un, corrigé."]


def test_after_30_minutes_the_edit_link_goes_and_a_post_is_refused(client, recommendation, alice):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    age(comment, 31)
    client.force_login(alice)
    edit_url = reverse("discussion:edit", args=[comment.pk])
    assert (
        f'href="{edit_url}"' not in client.get(recommendation.get_absolute_url()).content.decode()
    )
    assert "délai de 30 minutes" in text_of(client.get(edit_url))
    response = client.post(edit_url, {"body": "Trop tard."})
    assert response.status_code == 200
    assert "ce délai est passé" in text_of(response)
    assert "Trop tard.</textarea>" in text_of(response)
    comment.refresh_from_db()
    assert comment.body == "Un."


def test_hidden_comment_shows_the_moderation_note_publicly_and_the_text_to_coordinators(
    client, recommendation, alice, coordinator
):
    comment = discussion.post_comment(
        recommendation=recommendation, author=alice, body="Texte désobligeant."
    )
    discussion.hide_comment(comment, reason="propos désobligeants", by=coordinator)
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "Commentaire masqué par la coordination : propos désobligeants" in page
    assert "Texte désobligeant." not in page
    client.force_login(coordinator)
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "Commentaire masqué par la coordination : propos désobligeants" in page
    assert "Texte désobligeant." in page
    assert "visible par la coordination seulement" in page
    assert "Rétablir" in page


def test_cosignatures_are_listed_with_their_count(client, recommendation, alice, bruno):
    for user in (alice, bruno):
        client.force_login(user)
        response = client.post(reverse("discussion:cosign", args=[recommendation.reference]))
        assert response.status_code == 302
        assert response["Location"].endswith("#soutiens")
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "Cette recommandation est soutenue par 2 organisations :" in page
    assert "CPAS de Bernissart" in page and "Lire et Écrire" in page
    assert "Retirer le soutien de CPAS de Bernissart" in page
    client.logout()
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "soutenue par 2 organisations" in page
    assert "Retirer le soutien" not in page and "Soutenir au nom" not in page


def test_cosigning_twice_is_refused_with_a_403_and_withdrawal_then_signing_works(
    client, recommendation, alice, lee
):
    colleague = make_partner("chloe", lee)
    client.force_login(alice)
    cosign_url = reverse("discussion:cosign", args=[recommendation.reference])
    withdraw_url = reverse("discussion:withdraw", args=[recommendation.reference])
    assert client.post(cosign_url).status_code == 302
    client.force_login(colleague)
    response = client.post(cosign_url)
    assert response.status_code == 403
    assert "Lire et Écrire soutient déjà cette recommandation" in text_of(response)
    assert CoSignature.objects.count() == 1
    assert client.post(withdraw_url).status_code == 302
    assert "Aucune organisation ne soutient" in text_of(
        client.get(recommendation.get_absolute_url())
    )
    assert client.post(cosign_url).status_code == 302
    assert CoSignature.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert CoSignature.objects.count() == 2
    assert "soutenue par 1 organisation" in flat(client.get(recommendation.get_absolute_url()))


def test_verdict_form_appears_once_there_is_an_answer(client, recommendation, answered, alice):
    client.force_login(alice)
    page = flat(client.get(answered.get_absolute_url()))
    assert "Donner l’avis de Lire et Écrire" in page
    response = client.post(
        reverse("discussion:verdict", args=[answered.reference]),
        {"verdict": "edulcoree", "body": "Vingt places, c’est peu."},
    )
    assert response.status_code == 302
    page = flat(client.get(answered.get_absolute_url()))
    assert "1 organisation a dit si ce qui a été décidé est conforme" in page
    assert "Avis de l’organisation sur ce qui a été décidé : édulcorée" in page
    assert "Vingt places, c’est peu." in page
    # The official status and the verdicts side by side.
    section = page[page.index("Le statut officiel") :]
    assert section.index("accueillie en partie") < section.index("L’avis du terrain")
    assert "Avis CISP CPAS CSEF / IBEFE Autre Total conforme 0 0 0 0 0 édulcorée 1 0 0 0 1" in page


def test_verdict_before_any_answer_is_refused_on_the_page(client, recommendation, alice):
    client.force_login(alice)
    page = flat(client.get(recommendation.get_absolute_url()))
    assert "Donner l’avis de" not in page
    assert "dès qu’une réponse ou un état de mise en œuvre sera enregistré" in page
    response = client.post(
        reverse("discussion:verdict", args=[recommendation.reference]),
        {"verdict": "conforme", "body": "Parfait."},
    )
    assert response.status_code == 200
    assert "attendez qu’une réponse" in text_of(response)
    assert "Parfait.</textarea>" in text_of(response)
    assert not Verdict.objects.exists()


def test_report_then_hide_from_the_dashboard(client, recommendation, alice, bruno, coordinator):
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body="Un.")
    client.force_login(bruno)
    response = client.post(
        reverse("discussion:report", args=[comment.pk]), {"reason": "Propos blessants."}
    )
    assert response.status_code == 302
    client.force_login(coordinator)
    dashboard = reverse("recommendations:dashboard")
    page = flat(client.get(dashboard))
    assert "Commentaires signalés 1" in page
    assert "« Propos blessants. » — Bruno Martin" in page
    response = client.post(
        reverse("discussion:hide", args=[comment.pk]),
        {"reason": "propos blessants", "next": f"{dashboard}#signalements"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{dashboard}#signalements"
    page = flat(client.get(dashboard))
    assert "Aucun commentaire signalé n’attend la coordination." in page
    assert "masqué le" in page and "propos blessants" in page
    response = client.post(
        reverse("discussion:restore", args=[comment.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"{recommendation.get_absolute_url()}#{comment.anchor}"
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_dashboard_shows_verdicts_beside_the_official_status(
    client, answered, alice, bruno, coordinator
):
    discussion.give_verdict(recommendation=answered, verdict="conforme", body="1", by=alice)
    discussion.give_verdict(recommendation=answered, verdict="contraire", body="2", by=bruno)
    client.force_login(coordinator)
    page = flat(client.get(reverse("recommendations:dashboard")))
    overview = page[page.index("Statut officiel et avis du terrain") :]
    assert answered.title in overview
    assert "accueillie en partie" in overview
    assert "conforme 1 CISP : 1" in overview
    assert "contraire 1 CPAS : 1" in overview


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
        {"status": "en_cours", "effective_on": days_ago(1).isoformat(), "reason": "Moi."},
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
WHO = ["anonymous", "partner", "other_partner", "coordinator"]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, scene, alice, bruno, coordinator, action, who):
    user = {"partner": alice, "other_partner": bruno, "coordinator": coordinator}.get(who)
    if user is not None:
        client.force_login(user)
    url, data = ACTIONS[action](scene)
    before = state()
    response = client.post(url, data)
    if who in FORBIDDEN[action]:
        assert response.status_code == 403, (action, who)
        assert state() == before, (action, who)
    else:
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


# Hostile input renders inert.

PAYLOAD = (
    '<script>alert("corps")</script> https://example.org/"><img src=x onerror=alert(1)> '
    "javascript:alert(2)"
)


def test_xss_in_comment_author_and_organisation_renders_inert(client, recommendation, coordinator):
    evil_org = make_organisation('<script>alert("org")</script>', Organisation.Kind.CISP, "evil")
    evil = make_partner("evil", evil_org, first_name='<img src=x onerror=alert("nom")>')
    comment = discussion.post_comment(recommendation=recommendation, author=evil, body=PAYLOAD)
    discussion.cosign(recommendation=recommendation, by=evil)
    discussion.report_comment(comment, reason='<b onmouseover="alert(3)">x</b>', by=coordinator)
    public = client.get(recommendation.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    pages = [
        public,
        client.get(recommendation.get_absolute_url()).content.decode(),
        client.get(reverse("recommendations:dashboard")).content.decode(),
        client.get(reverse("discussion:hide", args=[comment.pk])).content.decode(),
    ]
    for raw in pages:
        assert "<script>alert" not in raw
        assert "<img src=x" not in raw
        assert 'href="javascript:' not in raw
        assert "<b onmouseover" not in raw
        assert "&lt;script&gt;alert(&quot;corps&quot;)&lt;/script&gt;" in raw
        assert "&lt;img src=x onerror=alert(&quot;nom&quot;)&gt;" in raw
        assert '<a href="https://example.org/" rel="nofollow ugc">https://example.org/</a>' in raw
    assert "&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;" in public
    assert "soutenue par 1 organisation" in " ".join(re.sub(r"<[^>]+>", " ", public).split())


# The page runs as many queries with ten times the discussion.


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


@pytest.mark.parametrize("as_user", ["public", "partner", "coordinator"])
def test_recommendation_page_runs_the_same_queries_with_3_or_30_comments(
    client, answered, coordinator, django_assert_num_queries, as_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kinds = list(Organisation.Kind)
    partners = [
        make_partner(f"p{n}", make_organisation(f"Org {n}", kinds[n % 4], f"org-{n}"))
        for n in range(6)
    ]
    viewer = {"partner": partners[0], "coordinator": coordinator}.get(as_user)
    if viewer:
        client.force_login(viewer)

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
