"""The search index, kept by the database itself: one entry per recommendation and per piece
of the document (question vive, constat, solution, piste à creuser).

Triggers on the indexed tables write the entries, so every way of writing (the site, the
admin, ``bulk_create``, ``loaddata``, a ``dbshell``) keeps the index exact.

- PostgreSQL: ``search_entry`` holds a French vector of the unaccented text (title weighted
  above the statement, the easy read below) and an English one, each with a GIN index;
  ``search_word`` holds every word seen, with a ``pg_trgm`` index, for « Vouliez-vous dire ? ».
- SQLite: ``search_entry`` is an FTS5 table (case and accents folded by its tokenizer, rowid
  ``id * 8 + kind``) and ``search_entry_words`` its vocabulary (``fts5vocab``).

Each database's statements do nothing on the other. SQLite drops a table's triggers when a
migration rebuilds that table, so ``ensure_installed`` runs after every ``migrate`` and puts
back what is missing (and rebuilds the index if it had to).
"""

from django.db import migrations

RECOMMENDATION, QUESTION, CONSTAT, SOLUTION, PISTE = 1, 2, 3, 4, 5

#: The document's pieces: kind, table, the columns holding its text.
PIECES = [
    (QUESTION, "themes_question", ["text"]),
    (CONSTAT, "themes_constat", ["text"]),
    (SOLUTION, "themes_solution", ["label"]),
    (PISTE, "themes_piste", ["lead_in", "text"]),
]
RECOMMENDATION_TABLE = "recommendations_recommendation"
RECOMMENDATION_TEXT = ["reference", "title", "statement", "easy_read"]
RECOMMENDATION_TEXT_EN = ["title_en", "statement_en", "easy_read_en"]

# PostgreSQL ---------------------------------------------------------------------------------

POSTGRESQL_TABLES = """
CREATE TABLE IF NOT EXISTS search_entry (
    kind smallint NOT NULL,
    object_id bigint NOT NULL,
    theme_id bigint,
    position integer,
    excerpt text NOT NULL DEFAULT '',
    vector_fr tsvector NOT NULL,
    vector_en tsvector NOT NULL DEFAULT ''::tsvector,
    PRIMARY KEY (kind, object_id)
);
CREATE INDEX IF NOT EXISTS search_entry_vector_fr ON search_entry USING gin (vector_fr);
CREATE INDEX IF NOT EXISTS search_entry_vector_en ON search_entry USING gin (vector_en);
CREATE TABLE IF NOT EXISTS search_word (word text PRIMARY KEY);
CREATE INDEX IF NOT EXISTS search_word_trigrams ON search_word USING gin (word gin_trgm_ops);

CREATE OR REPLACE FUNCTION search_remember_words(body text) RETURNS void AS $$
    INSERT INTO search_word (word)
    SELECT lexeme FROM unnest(to_tsvector('simple', body))
    WHERE char_length(lexeme) >= 3 AND lexeme !~ '[0-9]'
    ON CONFLICT DO NOTHING;
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION search_index_recommendation() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_entry WHERE kind = 1 AND object_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO search_entry (kind, object_id, theme_id, position, excerpt, vector_fr, vector_en)
    VALUES (
        1, NEW.id, NEW.theme_id, NEW.position, NEW.title,
        setweight(to_tsvector('french', unaccent(NEW.reference || ' ' || NEW.title)), 'A')
            || setweight(to_tsvector('french', unaccent(NEW.statement)), 'B')
            || setweight(to_tsvector('french', unaccent(NEW.easy_read)), 'C'),
        setweight(to_tsvector('english', NEW.title_en), 'A')
            || setweight(to_tsvector('english', NEW.statement_en), 'B')
            || setweight(to_tsvector('english', NEW.easy_read_en), 'C')
    )
    ON CONFLICT (kind, object_id) DO UPDATE SET
        theme_id = EXCLUDED.theme_id, position = EXCLUDED.position, excerpt = EXCLUDED.excerpt,
        vector_fr = EXCLUDED.vector_fr, vector_en = EXCLUDED.vector_en;
    PERFORM search_remember_words(concat_ws(' ', NEW.title, NEW.statement, NEW.easy_read,
                                            NEW.title_en, NEW.statement_en, NEW.easy_read_en));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- TG_ARGV: the kind, then the columns whose text is indexed.
CREATE OR REPLACE FUNCTION search_index_piece() RETURNS trigger AS $$
DECLARE
    body text := '';
    fields jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_entry WHERE kind = TG_ARGV[0]::smallint AND object_id = OLD.id;
        RETURN NULL;
    END IF;
    fields := to_jsonb(NEW);
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        body := concat_ws(' ', body, nullif(fields ->> TG_ARGV[i], ''));
    END LOOP;
    body := btrim(body);
    INSERT INTO search_entry (kind, object_id, theme_id, position, excerpt, vector_fr)
    VALUES (TG_ARGV[0]::smallint, NEW.id, NEW.theme_id, NEW.position, body,
            to_tsvector('french', unaccent(body)))
    ON CONFLICT (kind, object_id) DO UPDATE SET
        theme_id = EXCLUDED.theme_id, position = EXCLUDED.position, excerpt = EXCLUDED.excerpt,
        vector_fr = EXCLUDED.vector_fr;
    PERFORM search_remember_words(body);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A TRUNCATE (the test runner's flush) empties the entries of that kind and the word list.
CREATE OR REPLACE FUNCTION search_forget_kind() RETURNS trigger AS $$
BEGIN
    DELETE FROM search_entry WHERE kind = TG_ARGV[0]::smallint;
    DELETE FROM search_word;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _postgresql_triggers():
    statements = []
    tables = [(RECOMMENDATION, RECOMMENDATION_TABLE, None)] + PIECES
    for kind, table, columns in tables:
        if columns is None:
            watched = RECOMMENDATION_TEXT + RECOMMENDATION_TEXT_EN + ["theme_id", "position"]
            function = "search_index_recommendation()"
        else:
            watched = [*columns, "theme_id", "position"]
            arguments = ", ".join(f"'{value}'" for value in [kind, *columns])
            function = f"search_index_piece({arguments})"
        statements += [
            f'DROP TRIGGER IF EXISTS search_index ON "{table}";',
            f"CREATE TRIGGER search_index AFTER INSERT OR DELETE OR UPDATE OF {', '.join(watched)}"
            f' ON "{table}" FOR EACH ROW EXECUTE FUNCTION {function};',
            f'DROP TRIGGER IF EXISTS search_forget ON "{table}";',
            f'CREATE TRIGGER search_forget AFTER TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION search_forget_kind('{kind}');",
        ]
    return "\n".join(statements)


POSTGRESQL_UNINSTALL = (
    "\n".join(
        f'DROP TRIGGER IF EXISTS search_index ON "{table}";'
        f'DROP TRIGGER IF EXISTS search_forget ON "{table}";'
        for table in [RECOMMENDATION_TABLE] + [table for _, table, _ in PIECES]
    )
    + """
DROP FUNCTION IF EXISTS search_index_recommendation();
DROP FUNCTION IF EXISTS search_index_piece();
DROP FUNCTION IF EXISTS search_forget_kind();
DROP FUNCTION IF EXISTS search_remember_words(text);
DROP TABLE IF EXISTS search_entry;
DROP TABLE IF EXISTS search_word;
"""
)

# SQLite -------------------------------------------------------------------------------------

SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry USING fts5("
    "title, body, title_en, body_en, theme_id UNINDEXED, position UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_words USING fts5vocab(search_entry, row)",
]


def _concat(columns, prefix="new"):
    return " || ' ' || ".join(f"coalesce({prefix}.{column}, '')" for column in columns)


def _sqlite_entry_values(kind, columns):
    """The VALUES of a table's index entry, from the row ``new``."""
    if kind == RECOMMENDATION:
        title = _concat(["reference", "title"])
        body = _concat(["statement", "easy_read"])
        title_en = _concat(["title_en"])
        body_en = _concat(["statement_en", "easy_read_en"])
    else:
        title, body, title_en, body_en = "''", _concat(columns), "''", "''"
    return (
        f"(new.id * 8 + {kind}, {title}, {body}, {title_en}, {body_en}, new.theme_id, new.position)"
    )


INSERT_ENTRY = (
    "INSERT INTO search_entry (rowid, title, body, title_en, body_en, theme_id, position) VALUES "
)


def _sqlite_triggers():
    """(name, statement) of every trigger that keeps the FTS5 table in step."""
    triggers = []
    tables = [(RECOMMENDATION, RECOMMENDATION_TABLE, None)] + PIECES
    for kind, table, columns in tables:
        watched = (RECOMMENDATION_TEXT + RECOMMENDATION_TEXT_EN if columns is None else columns) + [
            "theme_id",
            "position",
        ]
        values = _sqlite_entry_values(kind, columns)
        delete = f"DELETE FROM search_entry WHERE rowid = old.id * 8 + {kind};"
        name = f"search_index_{table}"
        triggers += [
            (
                f"{name}_insert",
                f'CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON "{table}" '
                f"BEGIN {INSERT_ENTRY}{values}; END",
            ),
            (
                f"{name}_update",
                f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {', '.join(watched)}"
                f' ON "{table}" BEGIN {delete} {INSERT_ENTRY}{values}; END',
            ),
            (
                f"{name}_delete",
                f'CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON "{table}" '
                f"BEGIN {delete} END",
            ),
        ]
    return triggers


def _sqlite_rebuild(cursor):
    """Index again every row of the indexed tables (after the triggers were missing)."""
    cursor.execute("DELETE FROM search_entry")
    tables = [(RECOMMENDATION, RECOMMENDATION_TABLE, None)] + PIECES
    for kind, table, columns in tables:
        values = _sqlite_entry_values(kind, columns)[1:-1]
        cursor.execute(
            "INSERT INTO search_entry (rowid, title, body, title_en, body_en, theme_id, position) "
            f'SELECT {values} FROM "{table}" AS new'
        )


def install(connection):
    """Create the index and its triggers on this connection's database, and fill it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_TABLES)
            cursor.execute(_postgresql_triggers())
            # Index what is already there: touching the text fires the triggers.
            cursor.execute(f'UPDATE "{RECOMMENDATION_TABLE}" SET title = title')
            for _, table, columns in PIECES:
                cursor.execute(f'UPDATE "{table}" SET {columns[-1]} = {columns[-1]}')
        elif connection.vendor == "sqlite":
            for statement in SQLITE_TABLES:
                cursor.execute(statement)
            for _, statement in _sqlite_triggers():
                cursor.execute(statement)
            _sqlite_rebuild(cursor)


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_UNINSTALL)
        elif connection.vendor == "sqlite":
            for name, _ in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS search_entry_words")
            cursor.execute("DROP TABLE IF EXISTS search_entry")


def ensure_installed(connection):
    """Put back SQLite triggers a table rebuild dropped, and index again if one was missing."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        if "search_entry" not in present:
            return  # the migration that creates the index has not run yet
        missing = [statement for name, statement in _sqlite_triggers() if name not in present]
        for statement in missing:
            cursor.execute(statement)
        if missing:
            _sqlite_rebuild(cursor)


def operation():
    """The migration operation installing the index on whichever database migrates."""

    def forwards(apps, schema_editor):
        install(schema_editor.connection)

    def backwards(apps, schema_editor):
        uninstall(schema_editor.connection)

    return migrations.RunPython(forwards, backwards, elidable=False)
