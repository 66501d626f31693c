"""SQLite, the embedded default, under concurrent writers: they wait for each other, none fails.

Eight processes, each with its own connection to one SQLite file, post at the same instant the
eight actions the review found failing in pairs (validate, transmit, answer, co-sign, report,
hide, invite, accept an invitation) through the real views. With Django's SQLite defaults, as
on main, most of them ended in a "database is locked" 500; with WAL, a busy timeout and
IMMEDIATE transactions every one succeeds. This runs on a SQLite file whatever the test database.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 8


def run_writers(tmp_path, **env):
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_writers", str(tmp_path / "db.sqlite3"), str(WORKERS)],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.timeout(900)
def test_eight_concurrent_writers_on_sqlite_all_succeed(tmp_path):
    outcome = run_writers(tmp_path)
    statuses = Counter(status for _, _, status in outcome["statuses"])
    assert statuses == {302: WORKERS * 8}, outcome["statuses"]
    assert outcome["journal_mode"] == "wal"
    assert outcome["validated"] == WORKERS * 3
    assert outcome["transmissions"] == WORKERS * 2
    assert outcome["answered"] == WORKERS
    assert outcome["cosignatures"] == WORKERS
    assert outcome["reports"] == WORKERS
    assert outcome["hidden"] == WORKERS
    assert outcome["invitations"] == WORKERS * 2
    assert outcome["accepted"] == WORKERS


def test_sqlite_settings_wait_instead_of_failing():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the site runs on PostgreSQL here")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]
