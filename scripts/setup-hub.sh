#!/usr/bin/env bash
# Installs what a class on JupyterHub needs on top of the project's environment (make kernel):
# JupyterHub and its idle culler from deploy/jupyterhub/requirements.txt into the venv, and
# JupyterHub's proxy (configurable-http-proxy, node >= 20) from deploy/jupyterhub/package-lock.json
# into deploy/jupyterhub/node_modules. `make lab` does not run this: learners don't need a hub.
# Usage: scripts/setup-hub.sh [.venv]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$root/.venv}"
hub="$root/deploy/jupyterhub"

[ -x "$venv/bin/python" ] || { echo "setup-hub: no virtual environment at $venv; run 'make venv' first" >&2; exit 1; }
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$hub/requirements.txt"

command -v node >/dev/null 2>&1 || { echo "setup-hub: node not found; configurable-http-proxy needs Node.js 20 or newer" >&2; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup-hub: node $(node --version) is too old; configurable-http-proxy needs Node.js 20 or newer" \
       "(Debian 12 ships 18: use NodeSource's or nvm's node 20)" >&2
  exit 1
fi
# npm ci: exactly the committed lockfile; skipped when node_modules was installed from this lockfile.
stamp="$hub/node_modules/.package-lock.json"
if [ ! -x "$hub/node_modules/.bin/configurable-http-proxy" ] || [ "$hub/package-lock.json" -nt "$stamp" ]; then
  (cd "$hub" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup-hub: JupyterHub $("$venv/bin/jupyterhub" --version), configurable-http-proxy $("$hub/node_modules/.bin/configurable-http-proxy" --version)"
