"""Append-only tables enforced by PostgreSQL itself, not only by the application.

A trigger refuses every UPDATE and DELETE on the tables named, whoever sends it (the site,
``psql``, a ``dbshell``), so a recorded event cannot be changed or removed, nor its identity
(id, recommendation, sequence) altered. The application's own guards (``core.models.AppendOnly``)
stay. On SQLite the migrations that install these triggers do nothing: there, the chained
digest (``manage.py verify_history``) is what shows a change made behind the site's back.

TRUNCATE is left to the database's owner (the test runner empties tables with it).
"""

from django.db import migrations

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
