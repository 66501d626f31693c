"""The page cache stays exact across processes: two gunicorn workers and a separate writer.

On the embedded file cache (``make run``) and on Redis (production, docker-compose.yml), which
``.ci/run`` starts when it is not running.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def shell(env, code):
    manage(env, "shell", "-c", code)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip():
    """A client of the test Redis, or a skip when none answers (``.ci/run`` starts one)."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


@pytest.fixture(params=["file", "redis"])
def site(request, tmp_path):
    """The site under gunicorn with two workers, on its own SQLite file, and its cache in files
    or in Redis (under a prefix of its own, removed afterwards)."""
    prefix = f"assises-test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "assises_site.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "DEBUG": "0",
        "PUBLIC_PAGE_CACHE": "1",
        "REDIS_URL": "",
        "CACHE_KEY_PREFIX": prefix,
    }
    redis = None
    if request.param == "redis":
        redis = redis_or_skip()
        env["REDIS_URL"] = REDIS_URL
    manage(env, "migrate", "--noinput")
    shell(
        env,
        "from tests.factories import RecommendationFactory;"
        "RecommendationFactory(reference='R1.01', title='Titre avant la correction')",
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "assises_site.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/recommandations/R1.01/"
    for _attempt in range(100):
        try:
            fetch(url)
            break
        except OSError:
            time.sleep(0.1)
    if redis is not None:  # the pages are kept in Redis indeed, not in files
        assert list(redis.scan_iter(f"{prefix}:pages:*"))
        assert not (tmp_path / "pages").exists()
    yield env, url
    server.terminate()
    server.wait(timeout=10)
    if redis is not None:
        for key in redis.scan_iter(f"*{prefix}*"):
            redis.delete(key)


def test_a_write_from_another_process_shows_on_every_worker_at_once(site):
    env, url = site
    statuses = {fetch(url)[0] for _request in range(10)}
    assert statuses == {"hit"}
    shell(
        env,
        "from recommendations.models import Recommendation;"
        "r = Recommendation.objects.get(reference='R1.01');"
        "r.title = 'Titre après la correction'; r.save()",
    )
    pages = [fetch(url) for _request in range(10)]
    assert all("Titre après la correction" in page for _status, page in pages)
    assert not any("Titre avant la correction" in page for _status, page in pages)
    assert [status for status, _page in pages].count("miss") == 1


def test_the_menu_and_the_filters_follow_a_write_from_another_process_on_every_worker(site):
    """Each worker keeps the menu's themes and the filters' recipients until the next write;
    a write in another process shows in them on every worker's next page."""
    env, url = site
    search = url.replace("/R1.01/", "/?q=titre&n=")
    before = [fetch(f"{search}before-{number}")[1] for number in range(10)]
    assert all("R1.01" in page for page in before)
    assert not any("Ministère de l’Audit" in page for page in before)
    assert not any("Un thème renommé" in page for page in before)
    shell(
        env,
        "from tests.factories import RecipientFactory; from themes.models import Theme;"
        "RecipientFactory(name='Ministère de l’Audit');"
        "Theme.objects.update(title='Un thème renommé')",
    )
    after = [fetch(f"{search}after-{number}")[1] for number in range(10)]
    assert all("Ministère de l’Audit" in page for page in after)
    assert all("Un thème renommé" in page for page in after)
