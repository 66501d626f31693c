"""The page cache stays exact across processes: two gunicorn workers and a separate writer."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

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


@pytest.fixture
def site(tmp_path):
    """The site under gunicorn with two workers, on its own SQLite file and file cache."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "assises_site.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "DEBUG": "0",
        "PUBLIC_PAGE_CACHE": "1",
        "REDIS_URL": "",
    }
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
    yield env, url
    server.terminate()
    server.wait(timeout=10)


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
