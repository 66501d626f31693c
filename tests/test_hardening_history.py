"""The history's promise kept by the database: append-only triggers and a chained digest."""

import html
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from discussion import services as discussion
from partners.models import Profile
from recommendations import history
from recommendations import services as follow_up
from recommendations.models import Event
from tests.conftest import is_postgresql
from tests.factories import RecommendationFactory, UserFactory, days_ago
from themes.models import Organisation

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    not is_postgresql(), reason="the append-only triggers are PostgreSQL's"
)


@pytest.fixture
def followed(coordinator):
    recommendation = RecommendationFactory()
    follow_up.validate(recommendation, validated_on=days_ago(20), reason="Validée", by=coordinator)
    follow_up.record_implementation(
        recommendation, status="en_cours", effective_on=days_ago(5), reason="Lancée", by=coordinator
    )
    return recommendation


def rewrite_behind_the_sites_back(sql, params):
    """What someone with a database shell could do: triggers off, row changed, triggers on."""
    with connection.cursor() as cursor:
        if is_postgresql():
            # As a superuser in psql: ordinary triggers stop firing for this session.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if is_postgresql():
            cursor.execute("SET session_replication_role = DEFAULT")


def test_each_event_digest_chains_to_the_previous_one(followed):
    events = list(followed.events.order_by("sequence"))
    assert len(events) == 3
    assert all(re.fullmatch(r"[0-9a-f]{64}", event.digest) for event in events)
    previous = history.GENESIS
    for event in events:
        assert event.digest == history.compute_digest(event, followed.reference, previous)
        previous = event.digest


def test_the_recommendation_page_shows_the_history_digest(client, followed):
    last = followed.events.order_by("sequence").last()
    page = html.unescape(client.get(followed.get_absolute_url()).content.decode())
    assert "Empreinte de l’historique jusqu’à l’événement n° 3" in page
    assert last.digest in page


def test_verify_history_passes_on_an_untouched_history(followed, capsys):
    call_command("verify_history")
    assert "History intact" in capsys.readouterr().out


def test_verify_history_finds_a_reason_rewritten_behind_the_sites_back(followed, capsys):
    event = followed.events.get(sequence=2)
    rewrite_behind_the_sites_back(
        "UPDATE recommendations_event SET reason = %s WHERE id = %s", ["Réécrite", event.pk]
    )
    with pytest.raises(CommandError, match="History broken"):
        call_command("verify_history")
    assert f"{followed.reference} n° 2: digest does not match" in capsys.readouterr().err


def test_verify_history_finds_a_rewrite_that_recomputed_the_digest(followed, capsys):
    event = followed.events.get(sequence=2)
    event.reason = "Réécrite"
    forged = history.compute_digest(event, followed.reference, history.previous_digest(event))
    rewrite_behind_the_sites_back(
        "UPDATE recommendations_event SET reason = %s, digest = %s WHERE id = %s",
        ["Réécrite", forged, event.pk],
    )
    with pytest.raises(CommandError):
        call_command("verify_history")
    assert f"{followed.reference} n° 3: digest does not match" in capsys.readouterr().err


def test_verify_history_finds_a_deleted_event(followed, capsys):
    event = followed.events.get(sequence=2)
    rewrite_behind_the_sites_back("DELETE FROM recommendations_event WHERE id = %s", [event.pk])
    with pytest.raises(CommandError):
        call_command("verify_history")
    assert "an event is missing" in capsys.readouterr().err


# --- PostgreSQL refuses the change itself -------------------------------------------------------


@pytest.fixture
def discussed(coordinator):
    organisation = Organisation.objects.create(slug="lee", name="Lire et Écrire", kind="cisp")
    author = UserFactory(username="alice", groups=["Partenaires"])
    Profile.objects.create(user=author, organisation=organisation)
    comment = discussion.post_comment(
        recommendation=RecommendationFactory(), author=author, body="Texte"
    )
    discussion.hide_comment(comment, reason="Hors sujet", by=coordinator)
    return comment


def refused(sql, params=()):
    with (
        pytest.raises(DatabaseError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(raised.value)


@needs_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE recommendations_event SET reason = 'autre'",
        "UPDATE recommendations_event SET sequence = sequence + 100",
        "UPDATE recommendations_event SET recommendation_id = recommendation_id",
        "DELETE FROM recommendations_event",
    ],
)
def test_postgresql_refuses_to_change_or_delete_an_event(followed, sql):
    assert "never changed or deleted" in refused(sql)
    assert followed.events.count() == 3
    assert set(followed.events.values_list("reason", flat=True)) != {"autre"}


@needs_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE discussion_commentversion SET body = 'autre'",
        "DELETE FROM discussion_commentversion",
        "UPDATE discussion_moderation SET reason = 'autre'",
        "DELETE FROM discussion_moderation",
    ],
)
def test_postgresql_refuses_to_change_comment_versions_and_moderation(discussed, sql):
    assert "never changed or deleted" in refused(sql)
    assert discussed.versions.get().body == "Texte"
    assert discussed.moderations.get().reason == "Hors sujet"


@needs_postgresql
def test_postgresql_still_accepts_new_events(followed, coordinator):
    follow_up.record_implementation(
        followed, status="bloquee", effective_on=days_ago(1), reason="Bloquée", by=coordinator
    )
    assert Event.objects.filter(recommendation=followed).count() == 4


def test_the_application_guards_stay(followed):
    event = followed.events.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        followed.events.update(reason="x")
