#!/usr/bin/env bash
# Prepares a fresh CI machine (Debian/Ubuntu) for `make test`: a JDK 17 with its sources, Maven, ss,
# Debian's Chromium (for the browser tests), a CJK font (so Chromium draws the Chinese edition's
# figures and the book's Chinese pages with real glyphs, not empty boxes) and Python's venv module. Installs only what is missing and
# skips apt entirely when everything is present. Needs root to install; otherwise it says what
# to install.
set -euo pipefail

missing=()
# JDK: javac 17 or newer on PATH
if ! command -v javac >/dev/null 2>&1 ||
   ! javac -version 2>&1 | awk '{split($2, v, "."); exit !(v[1] >= 17)}'; then
  missing+=(openjdk-17-jdk-headless)
fi
# JDK sources: the kernel's inspect (Shift+Tab) reads javadoc from the JDK's lib/src.zip, which
# Debian ships in a separate package (openjdk-N-source); without it src.zip is a dangling link and
# inspect shows bare signatures.
jdk_home=""
if command -v javac >/dev/null 2>&1; then
  jdk_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
fi
if [[ " ${missing[*]-} " == *" openjdk-17-jdk-headless "* ]]; then
  missing+=(openjdk-17-source)
elif [[ "$jdk_home" =~ ^/usr/lib/jvm/java-([0-9]+)-openjdk ]] && [ ! -s "$jdk_home/lib/src.zip" ]; then
  missing+=("openjdk-${BASH_REMATCH[1]}-source")
fi
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# ss (socket statistics): tests/test_stop_on_error.py waits until the kernel has read queued requests
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
# A font with Chinese glyphs (Noto Sans CJK, as tests/test_browser.py checks Chromium uses); fontconfig
# lists it for the language zh. Without fc-list (no fontconfig yet) the font package brings it.
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  missing+=(fonts-noto-cjk)
fi
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
elif ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "ci-prepare: JDK (with sources), Maven, Chromium, ss, a CJK font and python venv present; nothing to install"
  exit 0
fi

echo "ci-prepare: missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "ci-prepare: not root, so cannot install them. Run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "ci-prepare: installed ${missing[*]}"
