"""The findings of the hostile review of main, each fixed where it belongs and shown here."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.services import ServiceError
from discussion import services as discussion
from discussion.models import Comment, CommentVersion, CoSignature
from partners import services as accounts
from partners.models import Invitation, Profile
from recommendations import services as follow_up
from recommendations.models import Event, ImplementingAct, Recommendation, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago
from themes.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    translation.deactivate()
    yield
    translation.deactivate()


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def lee():
    return Organisation.objects.create(slug="lee", name="Lire et Écrire", kind="cisp")


def make_partner(username, organisation):
    user = UserFactory(username=username, groups=["Partenaires"])
    Profile.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def alice(lee):
    return make_partner("alice", lee)


@pytest.fixture
def bruno(lee):
    return make_partner("bruno", lee)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- 1. A hidden comment's text is the coordination's only ------------------------------------

SECRET_TEXT = "Texte qui a été masqué par la coordination"


@pytest.fixture
def hidden_comment(alice, coordinator):
    recommendation = RecommendationFactory()
    comment = discussion.post_comment(recommendation=recommendation, author=alice, body=SECRET_TEXT)
    discussion.hide_comment(comment, reason="Propos hors sujet", by=coordinator)
    return comment


@pytest.mark.parametrize("action", ["report", "reply", "edit"])
def test_a_hidden_comment_is_not_quoted_on_its_action_pages(hidden_comment, bruno, action):
    response = signed_in(bruno).get(reverse(f"discussion:{action}", args=[hidden_comment.pk]))
    assert response.status_code == 404
    assert SECRET_TEXT not in page_text(response)


def test_a_hidden_comment_cannot_be_reported_by_post_either(hidden_comment, bruno):
    response = signed_in(bruno).post(
        reverse("discussion:report", args=[hidden_comment.pk]), {"reason": "Encore"}
    )
    assert response.status_code == 404
    assert not hidden_comment.reports.exists()


def test_the_coordination_still_sees_the_hidden_comment_to_restore_it(hidden_comment, coordinator):
    response = signed_in(coordinator).get(reverse("discussion:hide", args=[hidden_comment.pk]))
    assert response.status_code == 200
    assert SECRET_TEXT in page_text(response)


# --- 2. Dates between the Assises and today ---------------------------------------------------


@pytest.fixture
def validated(coordinator):
    recommendation = RecommendationFactory()
    follow_up.validate(recommendation, validated_on=days_ago(30), reason="Validée", by=coordinator)
    return recommendation


@pytest.mark.parametrize("typed", ["0001-01-01", "0206-03-01", "2011-12-31"])
def test_the_implementation_form_refuses_a_date_before_the_assises(validated, coordinator, typed):
    response = signed_in(coordinator).post(
        reverse("recommendations:implementation", args=[validated.reference]),
        {"status": "en_cours", "effective_on": typed, "reason": "Travaux commencés"},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "ne peut pas précéder les Assises de l’Insertion" in text
    assert "01/01/2012" in text
    assert "Travaux commencés" in text  # what was typed is kept
    validated.refresh_from_db()
    assert validated.implementation == Recommendation.Implementation.NOT_ASSESSED


def test_the_date_message_is_in_english_on_the_english_site(validated, coordinator):
    response = signed_in(coordinator).post(
        "/en" + reverse("recommendations:implementation", args=[validated.reference]),
        {"status": "en_cours", "effective_on": "0001-01-01", "reason": "Started"},
    )
    assert "cannot be earlier than the Assises de l’Insertion" in page_text(response)


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        ("validate", {"validated_on": datetime.date(1, 1, 1)}),
        ("record_implementation", {"status": "en_cours", "effective_on": datetime.date(206, 3, 1)}),
    ],
)
def test_services_refuse_a_date_before_the_assises(coordinator, service, kwargs):
    recommendation = RecommendationFactory()
    with pytest.raises(ServiceError, match="précéder les Assises"):
        getattr(follow_up, service)(recommendation, reason="Raison", by=coordinator, **kwargs)
    assert recommendation.events.count() == 1


def test_the_transmit_service_refuses_a_date_before_the_assises(validated, coordinator):
    with pytest.raises(ServiceError, match="précéder les Assises"):
        follow_up.transmit(
            validated,
            recipient=RecipientFactory(),
            sent_on=datetime.date(2011, 6, 1),
            reason="Envoi",
            by=coordinator,
        )
    assert not validated.transmissions.exists()


def test_the_earliest_date_is_a_setting(settings, coordinator):
    settings.FOLLOW_UP_EARLIEST_DATE = datetime.date(2014, 1, 1)
    recommendation = RecommendationFactory()
    with pytest.raises(ServiceError, match="01/01/2014"):
        follow_up.validate(
            recommendation, validated_on=datetime.date(2013, 5, 1), reason="R", by=coordinator
        )


def test_a_date_in_the_future_is_still_refused(validated, coordinator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = signed_in(coordinator).post(
        reverse("recommendations:implementation", args=[validated.reference]),
        {"status": "en_cours", "effective_on": tomorrow.isoformat(), "reason": "Plus tard"},
    )
    assert "La date ne peut pas être dans le futur." in page_text(response)


# --- 3. Errors anyone could cause are answered cleanly -----------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/recommandations/%00/",
        "/recommandations/R1.01%00/valider/",
        "/recommandations/%00/transmettre/",
        "/recommandations/%00/mise-en-oeuvre/",
        "/participation/recommandations/%00/commenter/",
        "/participation/recommandations/%00/soutenir/",
    ],
)
def test_a_nul_byte_in_the_path_is_a_404(client, coordinator, path):
    client.force_login(coordinator)
    client.raise_request_exception = False
    assert client.get(path).status_code == 404
    assert client.post(path, {"reason": "x"}).status_code == 404


def test_a_very_long_login_name_is_refused_without_error(client, settings, partner):
    settings.AXES_ENABLED = True
    client.raise_request_exception = False
    response = client.post(reverse("login"), {"username": "a" * 5001, "password": "faux"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in page_text(response)


@pytest.mark.parametrize("debug", [True, False])
def test_a_form_posted_in_latin_1_gets_the_site_400_page(settings, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    response = client.post(
        reverse("login"),
        data="username=caf%E9&password=x",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400
    assert "Demande incorrecte" in page_text(response)
    assert "Traceback" not in response.content.decode()


def test_a_form_posted_in_utf_8_with_its_charset_is_accepted(client):
    response = client.post(
        reverse("login"),
        data="username=caf%C3%A9&password=x",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200


# --- 4. Values fit their columns: form, model and database agree ---------------------------------

LONG_LINK = "https://example.org/" + "a" * 2100


def test_a_link_longer_than_its_column_is_refused_by_the_form(validated, coordinator):
    response = signed_in(coordinator).post(
        reverse("recommendations:implementation", args=[validated.reference]),
        {
            "status": "en_cours",
            "effective_on": days_ago(1).isoformat(),
            "reason": "R",
            "proof_url": LONG_LINK,
        },
    )
    assert response.status_code == 200
    assert "au plus 2048 caractères" in page_text(response)
    assert validated.events.count() == 2


def test_a_link_of_1500_characters_is_kept_whole(validated, coordinator):
    link = "https://example.org/" + "b" * 1480
    response = signed_in(coordinator).post(
        reverse("recommendations:implementation", args=[validated.reference]),
        {
            "status": "realisee",
            "effective_on": days_ago(1).isoformat(),
            "reason": "Adopté",
            "proof_url": link,
            "act_kind": "arrete",
            "act_title": "Arrêté du Gouvernement wallon",
            "act_adopted_on": days_ago(2).isoformat(),
            "act_url": link,
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get(recommendation=validated, to_value="realisee").proof_url == link
    assert ImplementingAct.objects.get(recommendation=validated).url == link


def test_the_database_refuses_a_link_longer_than_its_column(validated, coordinator):
    from django.db import DataError, IntegrityError, transaction

    transmission = follow_up.transmit(
        validated, recipient=RecipientFactory(), sent_on=days_ago(3), reason="R", by=coordinator
    )
    with pytest.raises((DataError, IntegrityError)), transaction.atomic():
        Transmission.objects.filter(pk=transmission.pk).update(answer_proof_url=LONG_LINK)


def test_an_invitation_address_longer_than_a_login_name_is_refused(client, coordinator, lee):
    client.force_login(coordinator)
    email = "a" * 235 + "@example.org"
    response = client.post(
        reverse("partners:invite"),
        {
            "first_name": "J",
            "last_name": "D",
            "email": email,
            "organisation": lee.pk,
            "language": "fr-be",
        },
    )
    assert response.status_code == 200
    assert "au plus 150 caractères" in page_text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_invite_service_refuses_it_too(coordinator, lee):
    with pytest.raises(ServiceError):
        accounts.invite(
            email="b" * 200 + "@example.org",
            first_name="J",
            last_name="D",
            organisation=lee,
            by=coordinator,
        )


@pytest.mark.parametrize("huge", ["99999999999999999999999", "9223372036854775808"])
def test_a_huge_id_in_the_transmit_form_is_a_form_error(validated, coordinator, huge):
    RecipientFactory(name="Le Forem")
    client = signed_in(coordinator)
    client.raise_request_exception = False
    response = client.post(
        reverse("recommendations:transmit", args=[validated.reference]),
        {"recipients": [huge], "sent_on": days_ago(1).isoformat(), "reason": "Envoi"},
    )
    assert response.status_code == 200
    assert "n’est pas une valeur correcte" in page_text(response)
    assert not validated.transmissions.exists()


def test_a_huge_id_in_a_path_is_a_404(validated, coordinator, client):
    client.force_login(coordinator)
    client.raise_request_exception = False
    path = f"/recommandations/{validated.reference}/transmissions/99999999999999999999999/reponse/"
    assert client.get(path).status_code == 404
    assert (
        client.get("/participation/commentaires/99999999999999999999999/signaler/").status_code
        == 404
    )


# --- 7. A double submit creates one thing ---------------------------------------------------------


def form_token(response):
    found = re.search(r'name="submission_token" value="([^"]+)"', response.content.decode())
    assert found, "the form carries no submission token"
    return found.group(1)


def test_a_comment_submitted_twice_is_published_once(alice):
    recommendation = RecommendationFactory()
    client = signed_in(alice)
    url = reverse("discussion:comment", args=[recommendation.reference])
    token = form_token(client.get(url))
    data = {"body": "Un seul commentaire, même en cliquant deux fois.", "submission_token": token}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Comment.objects.filter(recommendation=recommendation).count() == 1
    assert CommentVersion.objects.count() == 1
    assert "déjà été envoyé" in page_text(client.get(second["Location"]))


def test_a_refused_comment_can_be_corrected_and_sent_with_the_same_token(alice):
    recommendation = RecommendationFactory()
    client = signed_in(alice)
    url = reverse("discussion:comment", args=[recommendation.reference])
    token = form_token(client.get(url))
    refused = client.post(url, {"body": "x" * 5001, "submission_token": token})
    assert refused.status_code == 200
    accepted = client.post(url, {"body": "Plus court.", "submission_token": token})
    assert accepted.status_code == 302
    assert Comment.objects.filter(recommendation=recommendation).count() == 1


def test_an_invitation_submitted_twice_mails_one_link(
    client, coordinator, lee, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("partners:invite")
    data = {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne@example.org",
        "organisation": lee.pk,
        "language": "fr-be",
        "submission_token": form_token(client.get(url)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_two_separate_forms_make_two_comments(alice):
    recommendation = RecommendationFactory()
    client = signed_in(alice)
    url = reverse("discussion:comment", args=[recommendation.reference])
    for body in ("Premier.", "Second."):
        client.post(url, {"body": body, "submission_token": form_token(client.get(url))})
    assert Comment.objects.filter(recommendation=recommendation).count() == 2


# --- 8. Limits ------------------------------------------------------------------------------------


def test_fifteen_reset_requests_for_one_address_send_at_most_three_emails(
    partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
            .post(reverse("password_reset"), {"email": partner.email})
            .status_code
            for number in range(15)
        ]
    assert statuses == [302] * 15
    assert len(mail.outbox) == 3


def test_reset_requests_from_one_client_are_limited_across_addresses(
    db, django_capture_on_commit_callbacks
):
    users = [UserFactory(username=f"u{i}") for i in range(12)]
    client = Client(REMOTE_ADDR="198.51.100.7")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("password_reset"), {"email": user.email}).status_code
            for user in users
        ]
    assert statuses[:10] == [302] * 10
    refused = client.post(reverse("password_reset"), {"email": users[11].email})
    assert refused.status_code == 200
    assert "Trop de demandes de réinitialisation" in page_text(refused)
    assert len(mail.outbox) == 10
    assert (
        Client(REMOTE_ADDR="198.51.100.8")
        .post(reverse("password_reset"), {"email": users[11].email})
        .status_code
        == 302
    )


def test_a_comment_keeps_a_bounded_number_of_versions(alice):
    comment = discussion.post_comment(
        recommendation=RecommendationFactory(), author=alice, body="Version 0"
    )
    for number in range(1, 6):
        discussion.edit_comment(comment, body=f"Version {number}", by=alice)
    with pytest.raises(ServiceError, match="déjà été modifié 5 fois"):
        discussion.edit_comment(comment, body="Version 6", by=alice)
    assert comment.versions.count() == 6


def test_cosign_and_withdraw_cannot_cycle_without_end(alice):
    recommendation = RecommendationFactory()
    for _ in range(3):
        discussion.cosign(recommendation=recommendation, by=alice)
        discussion.withdraw_cosignature(recommendation=recommendation, by=alice)
    with pytest.raises(ServiceError, match="réessayez demain"):
        discussion.cosign(recommendation=recommendation, by=alice)
    assert CoSignature.objects.filter(recommendation=recommendation).count() == 3


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_one_address_cannot_try_a_password_against_every_account(settings, db):
    settings.AXES_ENABLED = True
    accounts_ = [UserFactory(username=f"compte{i}") for i in range(7)]
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [sign_in(client, user.username, "motdepasse1").status_code for user in accounts_]
    assert statuses[:4] == [200] * 4
    assert set(statuses[5:]) == {429}


def test_behind_the_trusted_proxy_each_client_has_its_own_address(settings, partner):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50")
    for attempt in range(6):
        sign_in(attacker, partner.username, f"faux-{attempt}")
    assert sign_in(attacker, partner.username, "mot-de-passe-de-test").status_code == 429
    # The real partner comes through the same proxy from another address: not locked out.
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(owner, partner.username, "mot-de-passe-de-test").status_code == 302


def test_without_a_trusted_proxy_a_forged_header_is_ignored(settings, partner):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(6):
        forged = Client(REMOTE_ADDR="203.0.113.60", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        sign_in(forged, partner.username, f"faux-{attempt}")
    again = Client(REMOTE_ADDR="203.0.113.60", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert sign_in(again, partner.username, "mot-de-passe-de-test").status_code == 429


def test_only_the_address_the_trusted_proxy_appended_is_believed(settings, rf):
    from core.middleware import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20")
    assert client_ip(request) == "198.51.100.20"
