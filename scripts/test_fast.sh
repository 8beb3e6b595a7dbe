#!/usr/bin/env bash
# `make test-fast`: what a developer runs while working. Lint, then the unit suites of the claims API (SQLite), the action
# server and the Rasa server's own parts (NLU components, channels, patches); no browser, no load, no PostgreSQL.
# `make test` (scripts/test.sh) runs the full suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
unset TEST_DATABASE_URL
step() { printf '\n==> %s\n' "$*"; }

step "ruff check and ruff format"
.venv/api/bin/ruff check .
.venv/api/bin/ruff format --check .

step "Claims API tests (SQLite)"
.venv/api/bin/pytest tests/api -q

step "What the services share: Chinese text rules (text_rules/), development secrets (shared_config/)"
.venv/api/bin/pytest tests/text_rules tests/shared_config -q

step "Action server tests"
.venv/actions/bin/pytest tests/actions -q

step "NLU components, channels and Rasa patches"
.venv/rasa/bin/pytest tests/bot -q
