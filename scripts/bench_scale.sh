#!/usr/bin/env bash
# `make bench-scale`: install the Debian packages of the scaled-out topology when missing, then start it on this
# machine, check it, load it through nginx and stop it (scripts/scale_up.py; settings and figures in docs/scale.md).
#   scripts/bench_scale.sh [--users 10] [--duration 60s] [--serve]
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec .venv/api/bin/python -m scripts.scale_up "$@"
