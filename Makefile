# The README's commands. `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install setup lint format demo clean load

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_document

run: setup
	@echo "Le site est servi sur http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The demo runs on its own database, so `make run` keeps showing only the real document's data.
# DEBUG is forced on: load_demo refuses to run without it.
DEMO_DATABASE_URL ?= sqlite:///$(CURDIR)/demo.sqlite3
demo: export DATABASE_URL = $(DEMO_DATABASE_URL)
demo: export DEBUG = 1
demo: setup
	$(PY) manage.py load_demo
	@echo "Démonstration (suivi fictif) servie sur http://$(HOST):$(PORT)/"
	@echo "Comptes : coordination (Coordination) et partenaire (Partenaires, LEE — CISP), mot de passe assises-demo"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

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
