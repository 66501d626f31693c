"""Append-only tables enforced by PostgreSQL itself, not only by the application.

A trigger refuses every UPDATE and DELETE on the tables named, whoever sends it (the site,
``psql``, a ``dbshell``), so a recorded event cannot be changed or removed, nor its identity
(id, recommendation, sequence) altered. The application's own guards (``core.models.AppendOnly``)
stay. On SQLite the migrations that install these triggers do nothing: there, the chained
digest (``manage.py verify_history``) is what shows a change made behind the site's back.

TRUNCATE is left to the database's owner (the test runner empties tables with it).
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, migrations

FUNCTION = "assises_refuse_change"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% on %: rows of this table are written once and never changed or deleted',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new row (a correction) instead.';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table):
    return f"{table}_append_only"


def install_sql(table):
    return (
        CREATE_FUNCTION
        + f'DROP TRIGGER IF EXISTS {_trigger_name(table)} ON "{table}";\n'
        + f'CREATE TRIGGER {_trigger_name(table)} BEFORE UPDATE OR DELETE ON "{table}" '
        + f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();\n"
    )


def uninstall_sql(table):
    return f'DROP TRIGGER IF EXISTS {_trigger_name(table)} ON "{table}";\n'


def append_only_tables(*tables):
    """A migration operation installing the triggers on PostgreSQL, doing nothing elsewhere."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(install_sql(table), params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(uninstall_sql(table), params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)


@contextmanager
def triggers_suspended(*models):
    """Suspend the write-once triggers of these models' tables inside the current transaction.

    Only for the demo, whose fictitious rows take the dates its plan gives (``load_demo``
    refuses to run outside DEBUG). ``ALTER TABLE`` is transactional on PostgreSQL: the triggers
    come back when the block ends, and nothing outside the transaction sees them gone.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("triggers_suspended() needs a transaction")
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; ALTER TABLE refuses a table with checks
        # still pending, so they are made now (the rows were just written, they pass).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER {_trigger_name(table)}')
        yield
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER {_trigger_name(table)}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
