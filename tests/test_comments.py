"""Partners' comments and replies: who may write, what is kept, what the page shows."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from discussion import services as discussion
from discussion.models import Comment, CommentVersion, CoSignature, Verdict
from partners.models import Profile
from tests.factories import RecommendationFactory, age
from tests.pages import post_comment_url, text_of, words_of

pytestmark = pytest.mark.django_db


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


# Pages.


def test_partner_comments_from_the_page_and_the_public_reads_it(client, recommendation, alice, lee):
    client.force_login(alice)
    page = words_of(client.get(recommendation.get_absolute_url()))
    assert "La voix du terrain" in page
    assert "Commenter au nom de Lire et Écrire" in page
    response = client.post(post_comment_url(recommendation), {"body": "Il faut des places."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{recommendation.get_absolute_url()}#{comment.anchor}"

    client.logout()
    page = words_of(client.get(recommendation.get_absolute_url()))
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
    page = words_of(client.get(recommendation.get_absolute_url()))
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
