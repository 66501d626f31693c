"""E-mail alerts for anyone: double opt-in, one-click unsubscribe, background sending, retries."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone, translation

from alerts import tasks
from alerts.models import Delivery, Subscriber, Subscription
from recommendations import services as follow_up
from tests.factories import RecipientFactory, RecommendationFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """A request under /en/ leaves English active in the thread: put French back."""
    yield
    translation.activate("fr-be")


DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def recommendation(coordinator):
    recommendation = RecommendationFactory(title="Augmenter les places en formation")
    follow_up.validate(recommendation, validated_on=days_ago(30), reason="ok", by=coordinator)
    return recommendation


def subscribe(client, email="lecteur@example.org", **data):
    return client.post(
        reverse("alerts:subscribe"),
        {"email": email, "scope": "tout", "frequency": "immediat", **data},
        REMOTE_ADDR=data.pop("ip", "203.0.113.7"),
    )


def link(message, name):
    """The first link of the message's text whose path contains ``name``."""
    match = re.search(rf"https?://\S+/alertes/{name}/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def move(recommendation, coordinator, reason="Le Forem a reçu la recommandation."):
    return follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(),
        sent_on=days_ago(1),
        reason=reason,
        by=coordinator,
    )


def test_subscribe_confirm_change_unsubscribe_end_to_end(
    client, recommendation, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(
            client, scope="recommandation", recommendation=recommendation.reference
        )
    assert response.status_code == 302
    assert "Vérifiez votre boîte" in client.get(response["Location"]).content.decode()
    [confirmation] = mail.outbox
    assert confirmation.to == ["lecteur@example.org"]
    assert recommendation.reference in confirmation.body

    # Nothing goes out before the link is followed.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(recommendation, coordinator)
    assert mail.outbox == []

    confirm_path = path_of(link(confirmation, "confirmer"))
    assert "Confirmer" in client.get(confirm_path).content.decode()
    assert not Subscription.objects.get().is_confirmed  # opening the link is not enough
    assert "C’est confirmé" in client.post(confirm_path).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        move(recommendation, coordinator, reason="Envoyée aussi à l’ONEM.")
    [alert] = mail.outbox
    assert alert.to == ["lecteur@example.org"]
    assert recommendation.reference in alert.subject
    assert "Envoyée aussi à l’ONEM." in alert.body
    unsubscribe_url = link(alert, "desabonner")
    assert alert.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in alert.alternatives[0][0]
    assert link(alert, "gerer") in alert.alternatives[0][0]

    # The mail client's one-click POST (RFC 8058), without any CSRF token.
    response = client.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="lecteur@example.org").exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(recommendation, coordinator, reason="Troisième envoi.")
    assert mail.outbox == []


def test_an_unconfirmed_address_gets_nothing_but_its_confirmation(
    client, recommendation, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(recommendation, coordinator)
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.EVENT).exists()


def test_the_form_never_tells_whether_an_address_is_subscribed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = subscribe(client)
    Subscription.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        second = subscribe(client)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    # The owner of the address, and only them, is reminded of the management link.
    assert "déjà confirmée" in mail.outbox[-1].body
    assert Subscription.objects.count() == 1


def test_subscription_requests_are_rate_limited(client, settings):
    settings.ALERTS_REQUESTS_PER_HOUR = 2
    for number in range(2):
        assert subscribe(client, email=f"personne{number}@example.org").status_code == 302
    response = subscribe(client, email="encore@example.org")
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert not Subscriber.objects.filter(email="encore@example.org").exists()


def test_a_form_error_is_shown_and_nothing_is_stored(client):
    response = subscribe(client, scope="recommandation")
    assert response.status_code == 200
    assert "Choisissez la recommandation à suivre." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_english_subscription_gets_english_messages(
    client, recommendation, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/alertes/",
            {"email": "reader@example.org", "scope": "tout", "frequency": "immediat"},
        )
    [confirmation] = mail.outbox
    assert confirmation.subject.startswith("Confirm your alert")
    assert "/en/alertes/confirmer/" in confirmation.body


def confirmed_subscribers(count, **subscription):
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"abonne{n}@example.org", language="fr-be") for n in range(count)]
    )
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=s, confirmed_at=now, digest_until=now, **subscription)
            for s in subscribers
        ]
    )


def test_a_thousand_subscribers_do_not_slow_the_coordinators_request(
    client,
    recommendation,
    coordinator,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """The request only enqueues one job; the e-mails go out from the worker."""
    confirmed_subscribers(1000, scope="recommandation", recommendation=recommendation)
    settings.TASKS = DUMMY_TASKS
    client.force_login(coordinator)
    url = reverse("recommendations:implementation", args=[recommendation.reference])
    data = {
        "status": "en_cours",
        "effective_on": days_ago(1).isoformat(),
        "reason": "Débuté.",
        "confirm": "1",
    }
    with django_assert_max_num_queries(40), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert mail.outbox == []
    assert not Delivery.objects.exists()
    from django_tasks import default_task_backend

    [job] = default_task_backend.results
    assert job.task.name == "fan_out_event"

    # The worker's turn: one alert per subscriber, each to its own address.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_assert_max_num_queries(40 + 4 * 1000):
        tasks.fan_out_event.call(*job.args)
    assert len(mail.outbox) == 1000
    assert len({message.to[0] for message in mail.outbox}) == 1000
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1000


def test_a_failing_mail_server_loses_no_alert(
    client, recommendation, coordinator, settings, django_capture_on_commit_callbacks
):
    confirmed_subscribers(3, scope="tout")
    settings.EMAIL_BACKEND = "tests.test_alerts.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        event = move(recommendation, coordinator).events.get()
    pending = Delivery.objects.filter(event=event)
    assert pending.count() == 3
    assert all(d.status == Delivery.Status.PENDING and d.attempts == 1 for d in pending)
    assert "SMTP server unreachable" in pending.first().last_error

    # The server is back; the sweep finds what is due and sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(next_attempt_at=timezone.now() - tasks.SWEEP_GRACE * 2)
    tasks.sweep.call()
    assert len(mail.outbox) == 3
    tasks.sweep.call()
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_an_alert_is_given_up_after_the_last_try(recommendation, coordinator, settings):
    confirmed_subscribers(1, scope="tout")
    settings.EMAIL_BACKEND = "tests.test_alerts.FailingBackend"
    settings.ALERTS_MAX_ATTEMPTS = 2
    event = move(recommendation, coordinator).events.get()
    tasks.fan_out_event.call(event.pk)
    delivery = Delivery.objects.get()
    tasks.send_deliveries.call([delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.GIVEN_UP, 2)


def test_fan_out_twice_sends_each_alert_once(recommendation, coordinator):
    confirmed_subscribers(2, scope="theme", theme=recommendation.theme)
    event = move(recommendation, coordinator).events.get()
    tasks.fan_out_event.call(event.pk)
    tasks.fan_out_event.call(event.pk)
    assert len(mail.outbox) == 2


def test_recipient_subscription_hears_about_its_recommendations_only(recommendation, coordinator):
    forem = RecipientFactory(name="Le Forem")
    confirmed_subscribers(1, scope="destinataire", recipient=forem)
    other = RecommendationFactory()
    follow_up.validate(other, validated_on=days_ago(3), reason="ok", by=coordinator)
    tasks.fan_out_event.call(
        follow_up.transmit(
            other, recipient=RecipientFactory(), sent_on=days_ago(1), reason="x", by=coordinator
        )
        .events.get()
        .pk
    )
    assert mail.outbox == []
    event = follow_up.transmit(
        recommendation, recipient=forem, sent_on=days_ago(1), reason="Au Forem.", by=coordinator
    ).events.get()
    tasks.fan_out_event.call(event.pk)
    [alert] = mail.outbox
    assert "Au Forem." in alert.body


def test_weekly_digest_gathers_the_week_in_one_message(recommendation, coordinator):
    confirmed_subscribers(1, scope="tout", frequency=Subscription.Frequency.WEEKLY)
    Subscription.objects.update(digest_until=timezone.now() - tasks.WEEK * 2)
    move(recommendation, coordinator, reason="Premier envoi.")
    move(recommendation, coordinator, reason="Second envoi.")
    assert mail.outbox == []  # weekly subscribers get no immediate alert
    tasks.sweep.call()
    [digest] = mail.outbox
    assert "Premier envoi." in digest.body and "Second envoi." in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    tasks.sweep.call()
    assert len(mail.outbox) == 1


def test_manage_page_changes_the_rhythm_and_forgets_the_address(client):
    confirmed_subscribers(1, scope="tout")
    subscriber = Subscriber.objects.get()
    subscription = subscriber.subscriptions.get()
    url = reverse("alerts:manage", args=[subscriber.key])
    assert "tout le suivi des recommandations" in client.get(url).content.decode()
    client.post(url, {"subscription": subscription.key, "frequency": "hebdomadaire"})
    subscription.refresh_from_db()
    assert subscription.frequency == Subscription.Frequency.WEEKLY
    response = client.post(url, {"action": "forget"})
    assert "votre adresse et toutes vos alertes sont effacées" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert client.get(url).status_code == 404


def test_a_wrong_link_gets_a_clear_page(client):
    response = client.get(reverse("alerts:confirm", args=["nimporte-quoi"]))
    assert response.status_code == 404
    assert "Ce lien ne mène plus à rien" in response.content.decode()


def test_unconfirmed_addresses_are_forgotten_after_a_week(client):
    subscribe(client)
    Subscriber.objects.update(created=timezone.now() - tasks.UNCONFIRMED_KEPT_FOR * 2)
    Subscription.objects.update(created=timezone.now() - tasks.UNCONFIRMED_KEPT_FOR * 2)
    tasks.sweep.call()
    assert not Subscriber.objects.exists()


def test_behind_the_proxy_each_visitor_has_its_own_limit(client, settings):
    settings.ALERTS_REQUESTS_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    data = {"scope": "tout", "frequency": "immediat"}
    url = reverse("alerts:subscribe")
    first = client.post(
        url, {"email": "a@example.org", **data}, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    second = client.post(
        url, {"email": "b@example.org", **data}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    again = client.post(
        url, {"email": "c@example.org", **data}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert (first.status_code, second.status_code, again.status_code) == (302, 302, 429)
