"""The deployment: compose file, image entry point and production settings agree and start.

No Docker engine is needed: the compose file and the Dockerfile are read as text, and what the
container runs at start (``docker/entrypoint.sh``) is run here directly, against a throwaway
PostgreSQL database, with the production settings.
"""

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_DIR = BASE_DIR / "assises_site" / "settings"
COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
ENV_EXAMPLE = BASE_DIR / ".env.example"
DOCKERFILE = BASE_DIR / "Dockerfile"
ENTRYPOINT = BASE_DIR / "docker" / "entrypoint.sh"

PRODUCTION_SETTINGS = "assises_site.settings.production"
# What the production settings cannot do without: they refuse to load without the first two,
# and without the third the site would run on a SQLite file inside the container.
REQUIRED_BY_PRODUCTION = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"

_SETTINGS_READS = [
    re.compile(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""),
    re.compile(r"""os\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""env_bool\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""env_list\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""dj_database_url\.config\([^)]*?\benv\s*=\s*["']([A-Z][A-Z0-9_]*)["']"""),
]
_SHELL_READS = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
_INTERPOLATION = re.compile(r"\$\{([^}]*)\}")


def settings_variables():
    """Names of the environment variables that the settings modules read."""
    names = set()
    for module in SETTINGS_DIR.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        for pattern in _SETTINGS_READS:
            names.update(pattern.findall(source))
    return names


def entrypoint_variables():
    """Names of the environment variables that the entry point script itself reads."""
    return set(_SHELL_READS.findall(ENTRYPOINT.read_text(encoding="utf-8")))


def load_compose():
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def service_environment(service):
    """A compose service's environment as a dict, whether written as a mapping or a list."""
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        pairs = (item.split("=", 1) if "=" in item else (item, None) for item in environment)
        environment = dict(pairs)
    return {name: ("" if value is None else str(value)) for name, value in environment.items()}


def random_secret_key(length=60):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def production_env(**overrides):
    """This process's environment minus every variable the settings read, plus ``overrides``.

    Whatever the developer or CI has exported (DEBUG, DATABASE_URL, ...) cannot leak into the
    subprocess: it sees the production settings' defaults and what the test sets, nothing else.
    """
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own, never a deployment's.
    dropped = settings_variables() | entrypoint_variables() | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env["DJANGO_SETTINGS_MODULE"] = PRODUCTION_SETTINGS
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env


def run_manage(args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


# --- The compose file, the image and the settings agree ----------------------------------------


def test_compose_web_environment_is_read_by_the_settings():
    web = load_compose()["services"]["web"]
    environment = service_environment(web)
    known = settings_variables() | entrypoint_variables()

    unread = sorted(set(environment) - known)
    assert not unread, (
        f"docker-compose.yml sets {unread} for the web service, but neither the settings "
        f"nor docker/entrypoint.sh read them"
    )
    missing = sorted(REQUIRED_BY_PRODUCTION - set(environment))
    assert not missing, f"docker-compose.yml does not give the web service {missing}"
    assert settings_variables() >= REQUIRED_BY_PRODUCTION

    # The secrets have no default: compose refuses to start without them.
    for name in ("SECRET_KEY", "ALLOWED_HOSTS"):
        assert environment[name].startswith(f"${{{name}:?"), (
            f"{name} must be required in docker-compose.yml (${{{name}:?message}})"
        )
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["DEBUG"].strip().lower() in {"0", "false", "no", "off"}


def test_compose_services_and_interpolations():
    compose = load_compose()
    db = compose["services"]["db"]
    web = compose["services"]["web"]

    assert str(db["image"]).startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert set(service_environment(db)) >= {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
    db_volume = db["volumes"][0].split(":")[0]
    assert db_volume in compose["volumes"], "the database must live in a named volume"

    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(str(port).endswith(":8000") for port in web["ports"])
    media_root = service_environment(web)["MEDIA_ROOT"]
    assert any(str(volume).endswith(f":{media_root}") for volume in web["volumes"])

    # Every ${...} is well formed, and every variable it names is documented in .env.example.
    text = "\n".join(
        line
        for line in COMPOSE_FILE.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    for expression in _INTERPOLATION.findall(text):
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)(?::?[-?].*)?", expression)
        assert match, f"malformed interpolation ${{{expression}}} in docker-compose.yml"
        name = match.group(1)
        assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), (
            f"{name}, used by docker-compose.yml, is not documented in .env.example"
        )


def test_entrypoint_migrates_loads_the_document_then_execs_gunicorn():
    assert os.access(ENTRYPOINT, os.X_OK), "docker/entrypoint.sh must be executable"
    lines = [
        line.strip()
        for line in ENTRYPOINT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert lines[0] == "set -eu" or lines[0].startswith("set -e"), "a failing step must stop it"

    def index_of(fragment):
        found = [i for i, line in enumerate(lines) if fragment in line]
        assert found, f"docker/entrypoint.sh does not run {fragment!r}"
        return found[0]

    migrate = index_of("python manage.py migrate --noinput")
    load = index_of("python manage.py load_document")
    gunicorn = index_of("exec gunicorn assises_site.wsgi:application")
    assert migrate < load < gunicorn == len(lines) - 1
    command = lines[gunicorn].replace('"', "")
    assert "--bind 0.0.0.0:${PORT:-8000}" in command
    assert "--workers ${GUNICORN_WORKERS:-3}" in command
    assert "--access-logfile -" in command


def test_dockerfile_builds_the_production_image():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert "requirements/base.txt" in text
    assert "requirements/dev.txt" not in text
    assert f"DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS}" in text
    assert "collectstatic --noinput" in text
    assert re.search(r"^EXPOSE 8000$", text, re.MULTILINE)
    users = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}, "the site must not run as root"
    assert re.search(r'^CMD \["/app/docker/entrypoint\.sh"\]$', text, re.MULTILINE)
    ignored = (BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".env"} <= set(ignored)


# --- The production settings --------------------------------------------------------------------


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = production_env(
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="assises.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "?: (security" not in output, output


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": random_secret_key(), "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": random_secret_key(), "DEBUG": "1"}, "DEBUG must be off"),
    ],
    ids=["no-secret-key", "short-secret-key", "no-allowed-hosts", "debug-on"],
)
def test_production_settings_refuse_an_unsafe_environment(tmp_path, overrides, message):
    env = production_env(
        ALLOWED_HOSTS="assises.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.update(overrides)
    result = run_manage(["check"], env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr, result.stderr
    assert message in result.stderr, result.stderr


# --- The container's start, against PostgreSQL ------------------------------------------------


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path, headers, timeout=15):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _tail(path, lines=60):
    if not path.exists():
        return "(no output)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def _entrypoint(env, log_path, port, boot_timeout=240):
    """Run docker/entrypoint.sh until the port answers; stop its process group on exit."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [str(ENTRYPOINT)],
            cwd=BASE_DIR,
            env={**env, "PORT": str(port)},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + boot_timeout
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"docker/entrypoint.sh exited with {process.returncode} before serving:\n"
                    f"{_tail(log_path)}"
                )
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if time.monotonic() > deadline:
                pytest.fail(
                    f"nothing answered on port {port} after {boot_timeout}s:\n{_tail(log_path)}"
                )
            time.sleep(0.5)
        yield process
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _postgres_server():
    """Connection parameters of a PostgreSQL server's maintenance database, or None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_POSTGRES_URL
    config = dj_database_url.parse(url)
    return {
        "host": config.get("HOST") or "127.0.0.1",
        "port": int(config.get("PORT") or 5432),
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or "",
    }


@pytest.fixture
def smoke_database():
    """A throwaway PostgreSQL database, dropped afterwards; its URL is yielded."""
    import psycopg2
    from psycopg2 import sql

    server = _postgres_server()
    where = f"{server['user']}@{server['host']}:{server['port']}"
    try:
        admin = psycopg2.connect(dbname="postgres", connect_timeout=5, **server)
    except psycopg2.OperationalError as error:
        reason = f"the production smoke test needs a PostgreSQL server; none answers at {where}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: {error}")
        pytest.skip(f"{reason}: {error}".strip())
    admin.autocommit = True
    name = f"assises_smoke_{secrets.token_hex(6)}"
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        password = f":{server['password']}" if server["password"] else ""
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


@pytest.mark.postgres
@pytest.mark.timeout(600)
def test_production_start_serves_the_site(smoke_database, tmp_path):
    venv_bin = Path(sys.executable).parent
    env = production_env(
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="localhost",
        DATABASE_URL=smoke_database,
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_WORKERS="2",
        # The entry point calls `python` and `gunicorn`: the ones of this virtualenv.
        PATH=f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    # What the Dockerfile does at build time.
    collected = run_manage(["collectstatic", "--noinput"], env)
    assert collected.returncode == 0, collected.stdout + collected.stderr

    log_path = tmp_path / "entrypoint.log"
    https = {"Host": "localhost", "X-Forwarded-Proto": "https"}

    # The first start migrates an empty database and loads the document.
    port = _free_port()
    with _entrypoint(env, log_path, port):
        status, headers, body = _get(port, "/", https)
        page = body.decode("utf-8", errors="replace")
        assert status == 200, f"GET / answered {status}:\n{page[:2000]}\n{_tail(log_path)}"
        assert "Assises" in page
        assert headers.get("Content-Security-Policy"), "no Content-Security-Policy header"
        assert headers.get("Strict-Transport-Security"), "no Strict-Transport-Security header"

        found = re.search(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", page)
        assert found, "the page does not link bootstrap.min.css through its hashed static URL"
        status, headers, body = _get(port, found.group(0), https)
        assert status == 200, f"{found.group(0)} answered {status}"
        assert headers.get("Content-Type", "").startswith("text/css")
        assert body

        # Plain HTTP (no X-Forwarded-Proto from the proxy) is sent to HTTPS.
        status, headers, _ = _get(port, "/", {"Host": "localhost"})
        assert status == 301
        assert headers["Location"] == "https://localhost/"

    # A restart (docker compose restart) runs the same steps on the now-filled database.
    port = _free_port()
    with _entrypoint(env, log_path, port):
        status, _, body = _get(port, "/", https)
        assert status == 200, f"GET / after a restart answered {status}:\n{_tail(log_path)}"
        assert "Assises" in body.decode("utf-8", errors="replace")
