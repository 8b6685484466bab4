#!/usr/bin/env bash
# `make bench`: a class on JupyterHub. N students (default 16) log in at once and each runs
# notebook 02 cell by cell through the hub's proxy and the kernel websocket
# (deploy/jupyterhub/loadtest.py). Prints time per student, makespan, memory per student,
# failures, and how many students a server of C cores and G GB takes as measured here;
# writes target/bench/hub.json. Installs JupyterHub and its proxy first (scripts/setup-hub.sh).
# Usage: scripts/bench-hub.sh [.venv] [--students 32] [--notebook notebooks/03-...] [--heap 768m]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$(cd "${1:-.venv}" && pwd)"
shift || true
cd "$root"
scripts/setup-hub.sh "$venv"
exec "$venv/bin/python" deploy/jupyterhub/loadtest.py --venv "$venv" --students "${PARAMLAB_HUB_BENCH_STUDENTS:-16}" "$@"
