#!/bin/sh
# Check every API response of a running site against its own OpenAPI schema with schemathesis
# (property-based: it generates many requests per operation). Schemathesis is heavy, so it lives
# in its own virtual environment, outside the project's dependencies.
#   make run                                   # in another terminal
#   scripts/check_api_with_schemathesis.sh     # or: BASE_URL=https://… scripts/check_api_…
# The suite's tests/test_api.py checks the same contract on every endpoint with jsonschema.
set -eu
BASE_URL="${BASE_URL:-http://127.0.0.1:8000}"
VENV="${SCHEMATHESIS_VENV:-.venv-schemathesis}"
test -x "$VENV/bin/schemathesis" || { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet "schemathesis>=4,<5"; }
# The anonymous rate limit would answer 429 long before the run ends: start the site with
# API_ANON_RATE=100000/minute for this check.
exec "$VENV/bin/schemathesis" run "$BASE_URL/api/v1/schema/" --url "$BASE_URL" --checks all --max-examples 20 "$@"
