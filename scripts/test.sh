#!/usr/bin/env bash
# Everything `make test` checks, in order; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
MODEL=models/claims.tar.gz
# Rasa's command line on patched Rasa (bot/__main__.py), the Rasa `make run` serves.
RASA=(.venv/rasa/bin/python -m bot)

step() { printf '\n==> %s\n' "$*"; }

mkdir -p var/log

step "Rasa data validation (no warnings allowed)"
.venv/rasa/bin/python -m scripts.validate_data

step "The inner loop (make test-fast): ruff, then the unit suites of the three services and what they share"
scripts/test_fast.sh

step "NLU components and channels with the trained model (openings, emergencies, clarifying buttons, REST, WeChat through Rasa)"
.venv/rasa/bin/pytest tests/bot -q -m trained_model

if pg_url=$(scripts/postgres.sh start 2>var/log/postgres-start.log); then
  step "Claims API tests (PostgreSQL)"
  trap 'scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
  TEST_DATABASE_URL="$pg_url" .venv/api/bin/pytest tests/api -q
  step "Rasa tracker store (PostgreSQL)"
  TEST_DATABASE_URL="$pg_url" .venv/rasa/bin/pytest tests/bot/test_tracker_store.py -q
else
  echo "PostgreSQL is not installed here: skipped the PostgreSQL run (.ci/run installs it)."
fi

step "End-to-end conversations and follow-ups through the running system"
.venv/api/bin/pytest tests/e2e -q

step "Claimant simulator: every scenario outside tests/simulator/known_gaps.yml passes all its variants (docs/simulator.md)"
.venv/api/bin/pytest tests/simulator -q

step "Two Rasa replicas sharing PostgreSQL and Redis: one claimant's quick messages spread over both (docs/scale.md)"
.venv/api/bin/pytest tests/scale -q

step "Load test: 50 Locust claimants for 5 minutes, no failed request and no lost report"
PYTHONPATH=. .venv/api/bin/python scripts/bench_load.py --users 50 --duration 5m

step "Browser tests: web chat and agent console in Chromium"
.venv/api/bin/pytest tests/browser -q

step "Dialogue test stories"
"${RASA[@]}" test core --model "$MODEL" --stories tests --fail-on-prediction-errors --out results/core

step "NLU evaluation on the held-out test sets"
"${RASA[@]}" test nlu --model "$MODEL" --nlu tests/nlu --out results/nlu
.venv/rasa/bin/python scripts/check_nlu.py results/nlu
