#!/usr/bin/env bash
# `make bench`: benchmarks that print figures (no pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
PYTHONPATH=. .venv/rasa/bin/python scripts/bench_nlu.py "$@" 2> >(grep -v "Warning\|warn\|^\s*$" >&2)
