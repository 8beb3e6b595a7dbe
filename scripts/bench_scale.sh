#!/usr/bin/env bash
# `make bench-scale`: install the Debian packages of the scaled-out topology when missing, then start it on this
# machine, check it, load it through nginx and stop it (scripts/scale_up.py; settings and figures in docs/scale.md).
#   scripts/bench_scale.sh [--users 10] [--duration 60s] [--serve]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_system_packages.sh nginx
exec .venv/api/bin/python -m scripts.scale_up "$@"
