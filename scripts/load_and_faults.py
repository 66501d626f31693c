#!/usr/bin/env python3
"""Load and faults: the site under gunicorn + PostgreSQL, read and written at once, then again
with PostgreSQL restarted in the middle. Not part of `make test`; run with `make load`.

Everything runs on a throw-away PostgreSQL instance this script creates (initdb into a temporary
directory, its own port in 5440-5449) and removes afterwards: the machine's own PostgreSQL is
never touched. As root, the instance runs as the `postgres` user (initdb refuses root).

Phase 1: LOAD_READERS readers (50) and LOAD_WRITERS writers (5) for LOAD_DURATION seconds (120).
  Readers GET the public pages; each writer records implementation changes on its own
  recommendation through the coordination's form, each with a unique reason. Expected: no error
  (readers 200, writers 302), and afterwards every acknowledged change is in the history exactly
  once.
Phase 2: the same, with PostgreSQL restarted halfway. Expected: during the restart only clean
  503 "try again" pages (no 500, no traceback); no change written in part (each recommendation's
  state matches its last event, sequences unbroken, every acknowledged change there once); the
  site answers again by itself.

Prints a report and exits 1 if an expectation fails. Settings: LOAD_DURATION, LOAD_READERS,
LOAD_WRITERS, LOAD_PG_PORT (5441), LOAD_WEB_PORT (8131), GUNICORN_WORKERS (4).
"""

import collections
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DURATION = float(os.environ.get("LOAD_DURATION", "120"))
READERS = int(os.environ.get("LOAD_READERS", "50"))
WRITERS = int(os.environ.get("LOAD_WRITERS", "5"))
PG_PORT = int(os.environ.get("LOAD_PG_PORT", "5441"))
WEB_PORT = int(os.environ.get("LOAD_WEB_PORT", "8131"))
WORKERS = os.environ.get("GUNICORN_WORKERS", "4")
HOST = "localhost"
STATUSES = ["en_cours", "bloquee", "pas_d_action"]
CSRF_SECRET = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret.


def pg_bin(name):
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        sys.exit(f"{name} not found under /usr/lib/postgresql/*/bin")
    return str(candidates[-1])


def as_postgres(command):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def port_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


class Instance:
    """A throw-away PostgreSQL cluster in a temporary directory."""

    def __init__(self, root):
        self.data = root / "pgdata"
        self.socket_dir = root / "socket"
        self.log = root / "postgresql.log"
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(self.socket_dir, "postgres")

    def run(self, *command):
        subprocess.run(as_postgres(list(command)), check=True, capture_output=True, text=True)

    def init(self):
        self.run(
            pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )

    def pg_ctl(self, action, *extra):
        options = (
            f"-p {PG_PORT} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c fsync=on"
        )
        self.run(
            pg_bin("pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            *extra,
        )

    def start(self):
        self.pg_ctl("start")

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop", "-m", "fast")


def manage(env, *args, capture=True):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from core import roles
from recommendations.models import Recommendation
User = get_user_model()
coordination = Group.objects.get(name=roles.COORDINATION)
references = list(Recommendation.objects.order_by("reference").values_list("reference", flat=True))
writers = []
for i in range(%(writers)d):
    user, _ = User.objects.get_or_create(username=f"charge-{i}", defaults={"is_staff": True})
    user.groups.add(coordination)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "core.auth.AccountBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    writers.append({"session": session.session_key, "reference": references[i]})
print(json.dumps({"writers": writers, "references": references}))
"""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.problems = []
        self.acknowledged = []  # writer markers answered 302
        self.unanswered = []  # writer markers answered otherwise (may or may not be recorded)
        self.first_503 = None
        self.last_503 = None
        self.timeline = []

    def record(self, kind, status, detail=None, when=None):
        with self.lock:
            self.counts[(kind, status)] += 1
            if status == 503:
                self.first_503 = self.first_503 or when
                self.last_503 = when
            if detail:
                self.problems.append(detail)


def request(method, path, headers, body=None, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


BASE_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}


def check_page(stats, kind, status, page, now, expected):
    if status == expected:
        stats.record(kind, status, when=now)
    elif status == 503 and "momentanément indisponible" in page and "Traceback" not in page:
        stats.record(kind, 503, when=now)
    else:
        stats.record(kind, status, f"{kind}: {status} {page[:200]!r}", when=now)


def reader(stats, paths, stop, started):
    while not stop.is_set():
        path = random.choice(paths)
        now = time.monotonic() - started
        try:
            status, page = request("GET", path, BASE_HEADERS)
        except OSError as error:
            stats.record("read", "connection-error", f"read {path}: {error!r}", when=now)
            time.sleep(0.5)
            continue
        check_page(stats, "read", status, page, now, 200)
        if status == 503:
            time.sleep(0.5)


def current_status(database_url, reference):
    """What the page would show now; asked only after a write that got no clear answer."""
    import psycopg2

    for _ in range(60):
        try:
            connection = psycopg2.connect(database_url, connect_timeout=5)
        except psycopg2.OperationalError:
            time.sleep(1)
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT implementation FROM recommendations_recommendation "
                    "WHERE reference = %s",
                    [reference],
                )
                return cursor.fetchone()[0]
        finally:
            connection.close()
    return None


def writer(stats, index, job, phase, stop, started, database_url):
    path = f"/recommandations/{job['reference']}/mise-en-oeuvre/"
    headers = {
        **BASE_HEADERS,
        "Cookie": f"sessionid={job['session']}; csrftoken={CSRF_SECRET}",
        "Referer": f"https://{HOST}/recommandations/{job['reference']}/",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    number = 0
    current = current_status(database_url, job["reference"])
    while not stop.is_set():
        number += 1
        marker = f"load-{phase}-w{index}-n{number}"
        wanted = random.choice([status for status in STATUSES if status != current])
        data = {
            "status": wanted,
            "effective_on": time.strftime("%Y-%m-%d"),
            "reason": marker,
            "csrfmiddlewaretoken": CSRF_SECRET,
            # As if from the confirmation page ("Confirmer et publier"), which the form shows first.
            "confirm": "1",
        }
        now = time.monotonic() - started
        try:
            status, page = request("POST", path, headers, urllib.parse.urlencode(data))
        except OSError as error:
            status, page = "connection-error", repr(error)
        if status == "connection-error":
            stats.record("write", status, f"write {marker}: {page}", when=now)
        else:
            check_page(stats, "write", status, page, now, 302)
        with stats.lock:
            (stats.acknowledged if status == 302 else stats.unanswered).append(marker)
        if status == 302:
            current = wanted
        else:
            # No clear answer: it may or may not be recorded; look, like a person would.
            time.sleep(0.5)
            current = current_status(database_url, job["reference"])


def count_events(database_url, phase):
    import psycopg2

    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reason, count(*) FROM recommendations_event "
                "WHERE reason LIKE %s GROUP BY reason",
                [f"load-{phase}-%"],
            )
            markers = dict(cursor.fetchall())
            # No half-written change: each recommendation's state is its last event's, and
            # sequences run 1..n without a gap.
            cursor.execute(
                """
                SELECT r.reference FROM recommendations_recommendation r
                WHERE r.implementation <> COALESCE((
                    SELECT e.to_value FROM recommendations_event e
                    WHERE e.recommendation_id = r.id AND e.axis = 'mise_en_oeuvre'
                    ORDER BY e.sequence DESC LIMIT 1), 'non_evaluee')
                OR (SELECT max(sequence) FROM recommendations_event e
                    WHERE e.recommendation_id = r.id)
                   <> (SELECT count(*) FROM recommendations_event e
                       WHERE e.recommendation_id = r.id)
                """
            )
            inconsistent = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT count(*) FROM recommendations_event")
            total = cursor.fetchone()[0]
    finally:
        connection.close()
    return markers, inconsistent, total


def run_phase(phase, jobs, paths, database_url, instance, restart):
    stats = Stats()
    stop = threading.Event()
    started = time.monotonic()
    _, _, events_before = count_events(database_url, phase)
    threads = [
        threading.Thread(target=reader, args=(stats, paths, stop, started)) for _ in range(READERS)
    ]
    threads += [
        threading.Thread(target=writer, args=(stats, i, job, phase, stop, started, database_url))
        for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    restart_info = {}
    if restart:
        time.sleep(DURATION / 2)
        restart_info["began_at"] = round(time.monotonic() - started, 1)
        instance.restart()
        restart_info["done_at"] = round(time.monotonic() - started, 1)
        time.sleep(DURATION / 2)
    else:
        time.sleep(DURATION)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started

    # After the run, the site must answer by itself.
    recovered = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request("GET", "/recommandations/", BASE_HEADERS)[0] == 200:
                recovered = True
                break
        except OSError:
            pass
        time.sleep(1)
    health = request("GET", "/health/", {"Host": "127.0.0.1"})

    markers, inconsistent, events_after = count_events(database_url, phase)
    lost = [m for m in stats.acknowledged if markers.get(m, 0) == 0]
    duplicated = [m for m, n in markers.items() if n > 1]
    unanswered_recorded = sum(1 for m in stats.unanswered if markers.get(m, 0) == 1)
    requests_total = sum(stats.counts.values())
    errors = list(stats.problems)
    report = {
        "phase": phase,
        "seconds": round(elapsed, 1),
        "readers": READERS,
        "writers": WRITERS,
        "requests": requests_total,
        "requests_per_second": round(requests_total / elapsed, 1),
        "by_status": {
            f"{kind} {status}": n for (kind, status), n in sorted(stats.counts.items(), key=str)
        },
        "errors": len(errors),
        "error_samples": errors[:5],
        "events_before": events_before,
        "events_after": events_after,
        "writes_acknowledged": len(stats.acknowledged),
        "events_with_this_phase_marker": sum(markers.values()),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "writes_not_acknowledged": len(stats.unanswered),
        "of_which_recorded_whole": unanswered_recorded,
        "recommendations_whose_state_contradicts_history": inconsistent,
        "recovered_by_itself": bool(recovered),
        "health_after": f"{health[0]} {health[1]}",
    }
    if restart:
        report["restart"] = {
            **restart_info,
            "first_503_request_sent_at": stats.first_503 and round(stats.first_503, 1),
            "last_503_request_sent_at": stats.last_503 and round(stats.last_503, 1),
            "responses_503": sum(n for (kind, status), n in stats.counts.items() if status == 503),
        }
    ok = (
        not errors
        and not lost
        and not duplicated
        and not inconsistent
        and recovered
        and events_after - events_before == sum(markers.values())
        and (restart or not stats.unanswered)
    )
    return ok, report


def main():
    for port in (PG_PORT, WEB_PORT):
        if not port_free(port):
            sys.exit(f"port {port} is in use; set LOAD_PG_PORT / LOAD_WEB_PORT")
    root = Path(tempfile.mkdtemp(prefix="assises-load-"))
    instance = Instance(root)
    gunicorn = None
    try:
        print(f"PostgreSQL: throw-away instance in {root}, port {PG_PORT}", flush=True)
        instance.init()
        instance.start()
        subprocess.run(
            [
                pg_bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "assises_load",
            ],
            check=True,
        )
        database_url = f"postgres://postgres@127.0.0.1:{PG_PORT}/assises_load"
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "assises_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(root / "media"),
            "LOG_LEVEL": "WARNING",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "load_document")
        manage(env, "collectstatic", "--noinput")
        setup = json.loads(
            manage(env, "shell", "-c", SETUP % {"writers": WRITERS}).strip().splitlines()[-1]
        )
        references = setup["references"]
        paths = [
            "/",
            "/recommandations/",
            "/recommandations/progression/",
            "/document/",
            "/conclusion/",
        ]
        paths += [f"/recommandations/{reference}/" for reference in references[:10]]

        log = (root / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "assises_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{WEB_PORT}",
                "--workers",
                WORKERS,
                "--threads",
                "4",
                "--timeout",
                "90",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(120):
            if not port_free(WEB_PORT):
                break
            time.sleep(0.5)
        print(f"gunicorn: {WORKERS} workers x 4 threads on port {WEB_PORT}", flush=True)

        results = []
        for phase, restart in (("steady", False), ("restart", True)):
            print(
                f"Phase {phase}: {READERS} readers, {WRITERS} writers, {DURATION:.0f} s"
                + (", PostgreSQL restarted halfway" if restart else ""),
                flush=True,
            )
            ok, report = run_phase(phase, setup["writers"], paths, database_url, instance, restart)
            print(json.dumps(report, indent=2, ensure_ascii=False), flush=True)
            print(f"Phase {phase}: {'OK' if ok else 'FAILED'}", flush=True)
            results.append(ok)
        verify = subprocess.run(
            [PYTHON, "manage.py", "verify_history"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        lines = [line for line in (verify.stdout + verify.stderr).splitlines() if "History" in line]
        print("verify_history:", lines[-1] if lines else verify.returncode)
        results.append(verify.returncode == 0)
        return 0 if all(results) else 1
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        instance.stop()
        keep = BASE_DIR / "test-artifacts" / "load"
        keep.mkdir(parents=True, exist_ok=True)
        for name in ("gunicorn.log", "postgresql.log"):
            if (root / name).exists():
                shutil.copy(root / name, keep / name)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
