#!/usr/bin/env bash
# Create (or update) one service's virtual environment from its pinned requirements.
# Usage: scripts/make_venv.sh NAME REQUIREMENTS_FILE
# The constraints.txt beside the requirements pins every transitive dependency too.
set -euo pipefail
name=$1
requirements=$2
constraints="$(dirname "$requirements")/constraints.txt"
venv=".venv/${name}"
log="var/log/install-${name}.log"
mkdir -p var/log
python=$(scripts/find_python310.sh)
[ -x "${venv}/bin/python" ] || "$python" -m venv "$venv"
echo "正在安装 ${name} 的依赖 (installing ${name} dependencies), 日志 (log): ${log}"
if ! "${venv}/bin/python" -m pip install --disable-pip-version-check -r "$requirements" -c "$constraints" >"$log" 2>&1; then
  grep -v "is ignored" "$log" | tail -n 15 >&2
  echo "安装 ${name} 的依赖失败，完整日志见 ${log}。请检查网络或磁盘空间后重新运行。" >&2
  echo "(Installing ${name} dependencies failed; full log in ${log}.)" >&2
  exit 1
fi
touch "${venv}/.installed"
