#!/usr/bin/env bash
# `make test-fast`: what a developer runs while working. Lint, then the unit suites of the claims API (SQLite), the action
# server, the Rasa server's own parts (NLU components, channels, patches) and what the services share; no browser, no
# load, no PostgreSQL. The suites run side by side (each is one Python process); `make test` (scripts/test.sh) runs
# them too, then the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
unset TEST_DATABASE_URL
step() { printf '\n==> %s\n' "$*"; }
mkdir -p var/log

step "ruff check and ruff format"
.venv/api/bin/ruff check .
.venv/api/bin/ruff format --check .

declare -A suites=(
  ["Claims API tests (SQLite)"]=".venv/api/bin/pytest tests/api -q"
  ["Action server tests, and what the services share (text_rules/, shared_config/)"]=".venv/actions/bin/pytest tests/actions tests/text_rules tests/shared_config -q"
  ["NLU components, channels and Rasa patches"]=".venv/rasa/bin/pytest tests/bot -q"
)
declare -A jobs logs
for name in "${!suites[@]}"; do
  logs[$name]=$(mktemp var/log/test-fast.XXXXXX)
  ${suites[$name]} >"${logs[$name]}" 2>&1 &
  jobs[$name]=$!
done
failed=0
for name in "${!suites[@]}"; do
  step "$name"
  if wait "${jobs[$name]}"; then tail -n 1 "${logs[$name]}"; else cat "${logs[$name]}"; failed=1; fi
  rm -f "${logs[$name]}"
done
exit $failed
