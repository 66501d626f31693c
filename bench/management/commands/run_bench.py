"""``manage.py run_bench``: every page under gunicorn, side by side with the floor (`make bench`).

Run it with the bench settings (``assises_site.settings.bench``), on a database filled by
``build_bench_data``. It starts gunicorn itself, measures each page with wrk, and then the same
bytes served by a minimal Django view under the same gunicorn (the floor), page after page.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.builder import BENCH_PREFIX, COORDINATOR
from recommendations.models import Recommendation
from themes.models import Theme

FILTERED = "/recommandations/?stage=transmise&answer=refusee&sort=soutien"
ANONYMOUS_TARGET = 0.5
HEAVY_TARGET = 0.1
MAX_BYTES = 100_000

# The words the varying search cycles through, with a counter so that no two requests are alike.
SEARCH_WORDS = [
    "formation",
    "accompagnement",
    "emploi",
    "stagiaires",
    "insertion",
    "jeunes",
    "cpas",
    "forem",
    "orientation",
    "financement",
    "partenariat",
    "qualité",
    "mobilité",
    "logement",
    "santé",
    "confiance",
    "temps",
    "projet",
    "entreprise",
    "stage",
    "évaluation",
    "réseau",
    "compétences",
    "public",
    "conseiller",
    "suivi",
    "administratif",
    "contrat",
    "valeur",
    "humaine",
    "travail",
    "éducation",
    "respect",
    "égalitaire",
    "demandeurs",
    "besoins",
    "moyens",
    "terrain",
    "politique",
]

# Every request of the varying search is one no request before it made, so the page cache can
# never answer it: each wrk thread has its own number, each run its own token (wrk's Lua starts
# every thread, and every run, with the same random numbers: a counter and math.random alone
# repeated the same addresses, half of them then served from the cache).
LUA_SEARCH = """
local words = {%(words)s}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local word = words[(counter %% #words) + 1]
  local unique = "%(run)s-" .. thread_number .. "-" .. counter
  return wrk.format(nil, "/recommandations/?q=" .. word .. "&n=" .. unique)
end
"""


def search_script(run=None):
    """The wrk script of the varying search, its words percent-encoded as a browser sends them.

    ``run`` tells this run's addresses from every other run's (a fresh token by default).
    """
    return LUA_SEARCH % {
        "words": ", ".join(f'"{quote(word)}"' for word in SEARCH_WORDS),
        "run": run or uuid.uuid4().hex,
    }


def wrk_run(url, headers, duration, connections, threads, script=None):
    """Requests per second and the p50 and p99 latencies (ms) wrk measured for one URL."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    done, elapsed = re.search(r"(\d+) requests in ([\d.]+\w+),", output).groups()
    seconds = _ms(elapsed) / 1000
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    # An answer that is not a page (an error, a refusal, a time-out) is not counted as served:
    # wrk's own « Requests/sec » counts it, and a quick error would flatter the site.
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(errors.group(1)) if errors else 0
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors += sum(int(n) for n in socket.groups()) if socket else 0
    return (
        max(int(done) - errors, 0) / seconds,
        _ms(percentiles["50"]),
        _ms(percentiles["99"]),
        errors,
    )


def _ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


class Command(BaseCommand):
    help = "Mesure chaque page sous gunicorn, à côté d’une vue Django minimale (le plancher)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
        parser.add_argument("--duration", type=int, default=5)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument(
            "--pages",
            default="",
            help="Only these pages, by name, separated by commas (all by default).",
        )

    def handle(self, *args, port, duration, connections, threads, pages, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install -y wrk")
        if Recommendation.objects.count() < 990:
            raise CommandError("Too little data: run `manage.py build_bench_data` first.")
        floor_dir = Path(settings.BENCH_FLOOR_DIR)
        floor_dir.mkdir(parents=True, exist_ok=True)
        wanted = {name.strip() for name in pages.split(",") if name.strip()}
        pages = [page for page in self.pages() if not wanted or page[0] in wanted]
        unknown = wanted - {page[0] for page in pages}
        if unknown:
            raise CommandError(f"Unknown page names: {', '.join(sorted(unknown))}")
        base = f"http://127.0.0.1:{port}"
        server = self.start(port)
        try:
            rows = []
            for page in pages:
                rows.append(self.measure(page, base, floor_dir, duration, connections, threads))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        self.report(rows, duration, connections)

    def pages(self):
        """(name, path, cookie, target, lua words) of each page measured."""
        crowded = (
            Recommendation.objects.annotate(n=Count("comments")).order_by("-n", "reference").first()
        )
        typical = Recommendation.objects.exclude(pk=crowded.pk).order_by("-pk").first()
        theme = Theme.objects.order_by("position").first()
        User = get_user_model()
        partner = User.objects.filter(username__startswith=f"{BENCH_PREFIX}partenaire").first()
        coordinator = User.objects.get(username=COORDINATOR)
        anonymous = ANONYMOUS_TARGET
        pages = [
            ("home", "/", None, anonymous),
            ("document", "/document/", None, anonymous),
            ("theme", theme.get_absolute_url(), None, anonymous),
            ("list", "/recommandations/", None, anonymous),
            ("list-filtered", FILTERED, None, anonymous),
            ("search-link", "/recommandations/?q=formation", None, anonymous),
            ("recommendation", typical.get_absolute_url(), None, anonymous),
            ("recommendation-500-comments", crowded.get_absolute_url(), None, anonymous),
            ("progress", "/recommandations/progression/", None, anonymous),
            ("search-varying", "/recommandations/?q=formation&n=0", None, HEAVY_TARGET),
        ]  # fmt: skip
        url = typical.get_absolute_url()
        pages.append(("partner-recommendation", url, self.session(partner), HEAVY_TARGET))
        pages.append(("coordinator-recommendation", url, self.session(coordinator), None))
        return pages

    def session(self, user):
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def start(self, port):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "assises_site.settings.bench"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "assises_site.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--error-logfile", "-"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _attempt in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__floor__/none/", timeout=2)
            except urllib.error.HTTPError:
                return server
            except OSError:
                time.sleep(0.1)
        server.kill()
        raise CommandError("gunicorn did not start.")

    def headers(self, cookie):
        headers = {"X-Forwarded-Proto": "https", "Host": "localhost"}
        if cookie:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
        return headers

    def queries(self, path, cookie):
        """SQL queries the page runs when it is not in the cache."""
        client = Client()
        if cookie:
            client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        with override_settings(PUBLIC_PAGE_CACHE=False), CaptureQueriesContext(connection) as run:
            response = client.get(path, secure=True, headers={"host": "localhost"})
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        return len(run.captured_queries)

    def measure(self, page, base, floor_dir, duration, connections, threads):
        name, path, cookie, target = page
        headers = self.headers(cookie)
        request = urllib.request.Request(base + path, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        (floor_dir / f"{name}.html").write_bytes(body)
        # Site and floor in turns, twice, so that a burst of load elsewhere on the machine
        # weighs on both alike; each figure is the better of its two runs.
        site_runs, floor_runs = [], []
        for _round in range(2):
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
                script = None
                if name == "search-varying":
                    lua.write(search_script())
                    lua.flush()
                    script = lua.name
                site_runs.append(
                    wrk_run(base + path, headers, duration, connections, threads, script)
                )
            floor_runs.append(
                wrk_run(f"{base}/__floor__/{name}/", headers, duration, connections, threads)
            )
        site, floor = max(site_runs), max(floor_runs)
        self.stdout.write(f"  {name}: {site[0]:.0f} req/s, floor {floor[0]:.0f}")
        return {
            "name": name,
            "site": site,
            "floor": floor,
            "bytes": len(body),
            "queries": self.queries(path, cookie),
            "target": target,
        }

    def report(self, rows, duration, connections):
        workers = os.environ.get("GUNICORN_WORKERS", "default")
        gthreads = os.environ.get("GUNICORN_THREADS", "default")
        self.stdout.write(
            f"\nwrk {duration} s, {connections} connections; gunicorn workers={workers} "
            f"threads={gthreads}\n"
        )
        self.stdout.write(
            "| page | req/s | p50 ms | p99 ms | bytes | SQL (uncached) | floor req/s "
            "| site / floor | errors | target | ok |"
        )
        self.stdout.write("|---|---|---|---|---|---|---|---|---|---|---|")
        failures = 0
        for row in rows:
            rate, p50, p99, errors = row["site"]
            ratio = rate / row["floor"][0] if row["floor"][0] else 0
            target = row["target"]
            ok = (target is None or ratio >= target) and row["bytes"] <= MAX_BYTES and not errors
            failures += not ok
            self.stdout.write(
                f"| {row['name']} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {row['bytes']:,} "
                f"| {row['queries']} | {row['floor'][0]:.0f} | {ratio:.2f} | {errors} "
                f"| {f'≥ {target:.2f}' if target else '—'} | {'yes' if ok else 'NO'} |"
            )
        self.stdout.write(
            f"\n{failures} page(s) below target." if failures else "\nAll targets met."
        )
