#!/usr/bin/env bash
# Installs helm into .tools/bin/helm, built from the Go module proxy (`go install`, the only way this
# project's machines may fetch it): tests/test_hub.py renders deploy/kubernetes/values.yaml with the
# Zero to JupyterHub chart (tests/fixtures/z2jh-4.4.0). Skipped when that version is installed already.
# The build takes about five minutes of two cores the first time; Go keeps its module and build
# caches (~/go/pkg/mod, ~/.cache/go-build), so another clone on the same machine links it in seconds.
#
#   scripts/setup-helm.sh                # install if missing, then print its path
#   scripts/setup-helm.sh --background   # start the build and return at once (make test, so it
#                                        # overlaps the JUnit tests); a later call waits for it
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=v3.21.4
tools="$root/.tools"
helm="$tools/bin/helm"
stamp="$tools/bin/.helm-$version"  # written after a build of exactly this version succeeded
log="$tools/helm-build.log"
mkdir -p "$tools/bin"

if [ "${1:-}" = --background ]; then
  if [ ! -f "$stamp" ]; then
    nohup "$0" >/dev/null 2>&1 &
    echo "setup-helm: building helm $version in the background (log: $log)"
  fi
  exit 0
fi

# One build at a time: a second call waits here until the first one has finished.
exec 9>"$tools/helm.lock"
flock 9
if [ -f "$stamp" ] && [ -x "$helm" ]; then
  echo "$helm"
  exit 0
fi

go_bin="$(command -v go || true)"
[ -n "$go_bin" ] || { [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go; }
if [ -z "$go_bin" ]; then
  echo "setup-helm: no Go toolchain (go on PATH or /usr/local/go/bin/go); helm $version needs Go 1.24 or newer:" \
       "install it from https://go.dev/dl/ (Debian 12's golang-go 1.19 is too old)" >&2
  exit 1
fi
echo "setup-helm: go install helm.sh/helm/v3/cmd/helm@$version with $("$go_bin" version) (log: $log)" >&2
if ! GOBIN="$tools/bin" GOFLAGS=-buildvcs=false "$go_bin" install "helm.sh/helm/v3/cmd/helm@$version" >"$log" 2>&1; then
  echo "setup-helm: the build failed; the end of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
rm -f "$tools"/bin/.helm-v*
touch "$stamp"
echo "$helm"
