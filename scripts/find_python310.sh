#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or explain how to get one and fail.
set -euo pipefail
candidates=("${PYTHON310:-}" "$(command -v python3.10 || true)")
if command -v pyenv >/dev/null 2>&1; then
  candidates+=("$(pyenv root)"/versions/3.10.*/bin/python3.10)
fi
candidates+=("${HOME}"/.pyenv/versions/3.10.*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
for candidate in "${candidates[@]}"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
cat >&2 <<'MSG'
未找到 Python 3.10。Rasa 3.6 只支持 Python 3.8–3.10，本项目统一使用 3.10。
请安装后重试，例如：
  pyenv install 3.10.13
或把已有解释器告诉我们：
  PYTHON310=/path/to/python3.10 make run
(Python 3.10 not found: Rasa 3.6 needs it. Install it, e.g. `pyenv install 3.10.13`, or set PYTHON310.)
MSG
exit 1
