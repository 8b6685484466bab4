#!/usr/bin/env bash
# Creates the project's virtual environment (default .venv) with $PYTHON (default python3)
# and installs the pinned Jupyter stack from requirements.txt into it.
# Usage: PYTHON=python3 scripts/setup-venv.sh [.venv]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-.venv}"
python="${PYTHON:-python3}"
cd "$root"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-venv: '$python' not found; install Python 3.11+ or set PYTHON=/path/to/python3" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "setup-venv: $("$python" --version 2>&1) is too old; Python 3.10+ is needed (3.11 tested)" >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup-venv: creating $venv with $("$python" --version 2>&1)"
  if ! "$python" -m venv "$venv"; then
    echo "setup-venv: '$python -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2
    exit 1
  fi
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
echo "setup-venv: $venv ready ($("$venv/bin/jupyter" lab --version 2>/dev/null | sed 's/^/JupyterLab /'))"
