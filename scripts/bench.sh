#!/usr/bin/env bash
# `make bench`: understanding of real claimants' questions and NLU accuracy against a baseline (with the ablations),
# the claimant simulator (docs/simulator.md), then turn latency, throughput and memory against a reference assistant.
# ARGS go to bench_nlu.py (default --ablation; e.g. --skip-training); LATENCY_ARGS to bench_latency.py (e.g. --turns 60).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=.
.venv/rasa/bin/python scripts/eval_real.py 2> >(grep -v "Warning\|warn\|^\s*$" >&2)
.venv/rasa/bin/python scripts/bench_nlu.py "${@:---ablation}" 2> >(grep -v "Warning\|warn\|^\s*$" >&2)
.venv/api/bin/python -m scripts.simulate
# shellcheck disable=SC2086  # LATENCY_ARGS is a list of flags
.venv/api/bin/python scripts/bench_latency.py ${LATENCY_ARGS:-}
