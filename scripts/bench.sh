#!/usr/bin/env bash
# `make bench`: the library benchmark (scripts/bench-lib.sh) and the kernel benchmark
# (tests/bench_kernel.py: ParamLab kernel beside IPython's through jupyter_client's standard
# start_new_kernel, with a timeline of the kernel's start). Each prints its table; the JSON
# results land in target/bench/.
# Usage: scripts/bench.sh [.venv] [extra arguments for bench_kernel.py, e.g. --kernel paramlab-jdk25]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$(cd "${1:-.venv}" && pwd)"
shift || true
cd "$root"
mkdir -p target/bench
export JUPYTER_PATH="$venv/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

echo "== Library: one training step (scripts/bench-lib.sh) =="
scripts/bench-lib.sh "$venv"
echo
echo "== Kernel: start-up and round trips through jupyter_client (tests/bench_kernel.py) =="
"$venv/bin/python" tests/bench_kernel.py "$@"
echo
echo "Results:"
ls -1 target/bench/*.json | sed 's/^/  /'
