#!/usr/bin/env bash
# `make test-scale` (.ci/run calls it after `make test`): two real Rasa replicas sharing PostgreSQL and Redis, one
# claimant's quick messages spread over both, every message kept once and in order (tests/scale, docs/scale.md).
# Separate from `make test` because starting two replicas takes minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
trap 'scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
.venv/api/bin/pytest tests/scale -q
