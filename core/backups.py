"""Back the database up and restore it: PostgreSQL through pg_dump / pg_restore, SQLite through
its online backup API (a consistent copy while the site keeps running).

A PostgreSQL backup is a ``pg_dump --format=custom`` archive; a SQLite backup is a SQLite file.
Both restore with ``manage.py restore``, into an empty database or over an existing one.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


class BackupError(Exception):
    pass


def database_settings(url=None):
    """The connection settings to use: those of ``url`` if given, else the site's own."""
    if url:
        return dj_database_url.parse(url)
    return connections[DEFAULT_DB_ALIAS].settings_dict


def is_postgresql(config):
    return "postgresql" in config["ENGINE"]


def _tool(name):
    found = os.environ.get(name.upper().replace("_", "")) or shutil.which(name)
    if not found:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        found = str(candidates[-1]) if candidates else None
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return found


def _pg_env(config):
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if config.get(key):
            env[name] = str(config[key])
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")
    return result


def default_backup_path(config):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if is_postgresql(config) else "sqlite3"
    return Path(settings.BACKUP_DIR) / f"assises-{stamp}.{suffix}"


def backup(output=None, url=None):
    """Write a backup of the database to ``output``; return its path."""
    config = database_settings(url)
    path = Path(output) if output else default_backup_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_postgresql(config):
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={path}",
                str(config["NAME"]),
            ],
            _pg_env(config),
        )
    else:
        if url:
            source = sqlite3.connect(str(config["NAME"]))
        else:
            connection = connections[DEFAULT_DB_ALIAS]
            connection.ensure_connection()
            source = connection.connection
        target = sqlite3.connect(str(path))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            if url:
                source.close()
    return path


def restore(path, url=None):
    """Put the backup at ``path`` into the database (emptying what is there first)."""
    config = database_settings(url)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    if not url:
        connections[DEFAULT_DB_ALIAS].close()
    if is_postgresql(config):
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={config['NAME']}",
                str(path),
            ],
            _pg_env(config),
        )
    else:
        source = sqlite3.connect(str(path))
        target = sqlite3.connect(str(config["NAME"]))
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
