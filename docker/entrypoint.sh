#!/bin/sh
# Container start: bring the schema up to date, load the document (idempotent, so every
# restart is safe), then hand the process over to gunicorn so it receives the stop signals.
# The Dockerfile sets DJANGO_SETTINGS_MODULE to the production settings.
set -eu

cd "$(dirname "$0")/.."

python manage.py migrate --noinput
python manage.py load_document

exec gunicorn assises_site.wsgi:application --bind "0.0.0.0:${PORT:-8000}" --workers "${GUNICORN_WORKERS:-3}" --access-logfile -
