# The README's commands. `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install setup lint format demo clean system-packages pdf-check load bench

# Debian packages the PDF dossiers need (WeasyPrint's Pango, fonts) and the tests' pdftotext.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_document
	@$(PY) manage.py check_pdf

# Tells what the PDF dossiers miss on this machine, without stopping the site.
pdf-check: install
	$(PY) manage.py check_pdf

# As root (CI, a fresh Debian machine): installs the system packages the PDF dossiers need.
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "Paquets système présents."; \
	elif [ "$$(id -u)" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "Il manque les paquets Debian : $$missing"; \
		echo "Installez-les : sudo apt-get install -y $$missing"; exit 1; fi

# The site and the background-jobs worker run together; Ctrl-C stops both.
run: setup
	@echo "Le site est servi sur http://$(HOST):$(PORT)/ (tâches de fond : manage.py run_worker)"
	$(PY) manage.py serve $(HOST):$(PORT)

# The demo runs on its own database, so `make run` keeps showing only the real document's data.
# DEBUG is forced on: load_demo refuses to run without it.
DEMO_DATABASE_URL ?= sqlite:///$(CURDIR)/demo.sqlite3
demo: export DATABASE_URL = $(DEMO_DATABASE_URL)
demo: export DEBUG = 1
demo: setup
	$(PY) manage.py load_demo
	@echo "Démonstration (suivi fictif) servie sur http://$(HOST):$(PORT)/"
	@echo "Comptes : coordination (Coordination), partenaire (Partenaires, LEE — CISP) et cpas (Partenaires, CPAS de Bernissart), mot de passe assises-demo"
	$(PY) manage.py serve $(HOST):$(PORT)

# The benchmark (not part of `make test`): 30 × the follow-up on its own PostgreSQL database, the
# production stack (gunicorn + production settings + Redis), each page side by side with the
# floor (a minimal Django view returning the same bytes). Needs PostgreSQL, Redis and wrk.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/assises_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9
BENCH_PORT ?= 8150
BENCH_DURATION ?= 5
# A subset of the pages, by name (make bench BENCH_PAGES=search-varying,partner-recommendation).
BENCH_PAGES ?=
bench: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench: export REDIS_URL = $(BENCH_REDIS_URL)
bench: export CACHE_KEY_PREFIX = assises-bench
bench: export DJANGO_SETTINGS_MODULE = assises_site.settings.bench
bench: export SECRET_KEY = bench-only-secret-key-never-used-elsewhere-0123456789abcdef
bench: export ALLOWED_HOSTS = localhost,testserver
bench: export STATIC_ROOT = $(CURDIR)/staticfiles
bench: export BENCH_FLOOR_DIR = $(CURDIR)/.cache/bench-floor
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "wrk is needed: sudo apt-get install -y wrk"; exit 1; }
	@psql "$(BENCH_DATABASE_URL)" -c 'select 1' >/dev/null 2>&1 \
		|| createdb -h 127.0.0.1 -U postgres "$$(basename $(BENCH_DATABASE_URL))"
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py build_bench_data --scale 30
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py run_bench --port $(BENCH_PORT) --duration $(BENCH_DURATION) --pages "$(BENCH_PAGES)"

# Coverage of the apps is printed and its floor enforced (configured in pyproject.toml). The tests
# run in parallel, one process per core (pytest-xdist; each has its own test database).
TEST_WORKERS ?= auto
test: install
	@$(PY) manage.py check_pdf
	mkdir -p test-artifacts
	$(PY) -m pytest -n $(TEST_WORKERS) --cov --cov-report=term-missing:skip-covered

# Load and faults against gunicorn + a throw-away PostgreSQL (not part of `make test`).
load: install
	$(PY) scripts/load_and_faults.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-artifacts demo.sqlite3
