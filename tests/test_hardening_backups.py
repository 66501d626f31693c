"""Backups that restore: back up, restore into an empty database, every table is identical."""

import secrets
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection

from discussion import services as discussion
from partners.models import Profile
from recommendations import services as follow_up
from tests.conftest import is_postgresql
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago
from themes.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def content(coordinator):
    """Rows in most tables: follow-up, events, discussion, moderation, accounts."""
    recommendation = RecommendationFactory(title="Des places de formation « en plus »…")
    follow_up.validate(recommendation, validated_on=days_ago(20), reason="Validée", by=coordinator)
    follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(),
        sent_on=days_ago(10),
        reason="Envoi",
        by=coordinator,
    )
    organisation = Organisation.objects.create(slug="lee", name="Lire et Écrire", kind="cisp")
    author = UserFactory(username="alice", groups=["Partenaires"])
    Profile.objects.create(user=author, organisation=organisation)
    comment = discussion.post_comment(recommendation=recommendation, author=author, body="Oui’")
    discussion.hide_comment(comment, reason="Test", by=coordinator)
    return recommendation


def rows_of_every_table(cursor, tables):
    # On PostgreSQL each row as the server writes it, whatever the client does with JSON.
    query = 'SELECT t::text FROM "{}" t' if is_postgresql() else 'SELECT * FROM "{}"'
    snapshot = {}
    for table in tables:
        cursor.execute(query.format(table))
        snapshot[table] = sorted(repr(row) for row in cursor.fetchall())
    return snapshot


def site_tables():
    return sorted(connection.introspection.table_names())


def test_a_sqlite_backup_restores_into_an_empty_database_identically(content, tmp_path):
    if is_postgresql():
        pytest.skip("this is the SQLite backup; PostgreSQL's is tested below")
    backup = tmp_path / "assises.sqlite3"
    call_command("backup", output=str(backup))
    restored = tmp_path / "restored.sqlite3"
    call_command("restore", str(backup), database_url=f"sqlite:///{restored}", yes=True)

    tables = site_tables()
    assert "recommendations_event" in tables
    assert len(tables) > 20
    # Plain sqlite3 connections on both sides: the values as stored, no Django conversion.
    name = str(connection.settings_dict["NAME"])
    source = sqlite3.connect(name, uri=name.startswith("file:"))
    target = sqlite3.connect(restored)
    try:
        original = rows_of_every_table(source.cursor(), tables)
        copy = rows_of_every_table(target.cursor(), tables)
    finally:
        source.close()
        target.close()
    assert copy == original
    assert original["recommendations_event"], "the comparison must cover real rows"


@pytest.fixture
def empty_postgresql_database():
    import psycopg2
    from psycopg2 import sql

    server = connection.settings_dict
    params = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"] or "postgres",
        "password": server["PASSWORD"] or "",
    }
    name = f"{server['NAME']}_restore_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    password = f":{params['password']}" if params["password"] else ""
    url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    try:
        yield url, lambda: psycopg2.connect(dbname=name, **params)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgresql(), reason="pg_dump / pg_restore need PostgreSQL")
def test_a_postgresql_backup_restores_into_an_empty_database_identically(
    content, tmp_path, empty_postgresql_database
):
    url, connect = empty_postgresql_database
    backup = tmp_path / "assises.dump"
    call_command("backup", output=str(backup))
    assert backup.read_bytes()[:5] == b"PGDMP", "a pg_dump custom-format archive"
    call_command("restore", str(backup), database_url=url, yes=True)

    tables = site_tables()
    with connection.cursor() as cursor:
        original = rows_of_every_table(cursor, tables)
    target = connect()
    try:
        with target.cursor() as cursor:
            copy = rows_of_every_table(cursor, tables)
            # The restored database keeps the history's guard.
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%_append_only'")
            assert {name for (name,) in cursor.fetchall()} == {
                f"{table}_append_only"
                for table in (
                    "recommendations_event",
                    "discussion_commentversion",
                    "discussion_moderation",
                    "recommendations_recipientanswer",
                    "recommendations_coordinationnote",
                    "recommendations_targetdate",
                    "recommendations_implementingact",
                )
            }
    finally:
        target.close()
    assert copy == original
    assert original["recommendations_event"], "the comparison must cover real rows"
