#!/usr/bin/env bash
# Runs the pytest suites in tests/ with the project's venv (default .venv): kernel protocol,
# robustness, notebooks, browser, Binder. Extra arguments go to pytest (e.g. -k interrupt).
# Fails if pytest fails, and also if no test actually ran (nothing collected, or all skipped).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$(cd "${1:-.venv}" && pwd)"
shift || true
cd "$root"

if [ ! -x "$venv/bin/python" ]; then
  echo "run-pytest: no virtual environment at $venv; run 'make venv' (or 'make kernel')" >&2
  exit 1
fi
mkdir -p target/pytest
report=target/pytest/junit.xml
rm -f "$report"
# The venv's kernels first, whatever else is installed for this user.
export JUPYTER_PATH="$venv/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PATH="$venv/bin:$PATH"

[ $# -gt 0 ] || set -- tests
status=0
"$venv/bin/python" -m pytest -c tests/pytest.ini --rootdir=tests --junitxml="$report" "$@" || status=$?

if [ ! -f "$report" ]; then
  echo "run-pytest: pytest wrote no report ($report): no test ran" >&2
  exit $(( status == 0 ? 1 : status ))
fi
"$venv/bin/python" - "$report" <<'PY' || status=1
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
count = lambda key: sum(int(s.get(key, 0)) for s in suites)
ran = count("tests") - count("skipped")
if ran <= 0:
    print("run-pytest: no test ran (all skipped or none collected)", file=sys.stderr)
    sys.exit(1)
PY
exit "$status"
