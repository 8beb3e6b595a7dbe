#!/usr/bin/env bash
# `make test-fast`: what a developer runs while working. Lint, then the unit suites of the claims API (SQLite), the action
# server, the Rasa server's own parts (NLU components, channels, patches) and what the services share; no browser, no
# load, no trained model (the lock store's tests start scripts/postgres.sh's throwaway cluster). The suites run side by
# side (each is one Python process). `make test` (scripts/test.sh) runs this, then the tests that load the trained model
# and the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
unset TEST_DATABASE_URL
step() { printf '\n==> %s\n' "$*"; }
mkdir -p var/log

step "ruff check and ruff format"
.venv/api/bin/ruff check .
.venv/api/bin/ruff format --check .

claims_api() { .venv/api/bin/pytest tests/api -q; }
action_server() { .venv/actions/bin/pytest tests/actions tests/text_rules tests/shared_config -q; }
rasa_server() { .venv/rasa/bin/pytest tests/bot -q -m "not trained_model"; }
declare -A titles=(
  [claims_api]="Claims API tests (SQLite)"
  [action_server]="Action server tests, and what the services share (text_rules/, shared_config/)"
  [rasa_server]="NLU components, channels and Rasa patches (without the trained model)"
)
suites=(claims_api action_server rasa_server)
declare -A jobs
for suite in "${suites[@]}"; do
  "$suite" >"var/log/test-fast-$suite.log" 2>&1 &
  jobs[$suite]=$!
done
failed=0
for suite in "${suites[@]}"; do
  step "${titles[$suite]}"
  if wait "${jobs[$suite]}"; then tail -n 1 "var/log/test-fast-$suite.log"; else cat "var/log/test-fast-$suite.log"; failed=1; fi
done
exit $failed
