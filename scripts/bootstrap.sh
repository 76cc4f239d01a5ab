#!/usr/bin/env bash
# Install what Portico needs into .venv from the committed lock. Safe to run again: it only adds
# what is missing. Needs Python 3.12+ somewhere on the machine (PATH or pyenv) and a package index.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local c
  for c in "${PORTICO_PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  for c in "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    if [ -x "$c" ] && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

PY=$(find_python) || { echo "Portico needs Python 3.12 or newer; none was found (set PORTICO_PYTHON)." >&2; exit 1; }

if command -v uv >/dev/null 2>&1; then
  UV=$(command -v uv)
else
  if [ ! -x .tools/bin/uv ]; then
    echo "Installing uv into .tools/ ..."
    "$PY" -m venv .tools
    .tools/bin/pip install --quiet uv
  fi
  UV=.tools/bin/uv
fi

"$UV" sync --frozen --python "$PY" --quiet

# Browser journeys run in the system's Chromium (Playwright drives it; it never downloads one).
if [ "${1:-}" = "--with-browser" ] && [ -z "${PORTICO_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium from the system's packages ..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need Chromium: install your system's 'chromium' package, or set PORTICO_CHROMIUM." >&2
    exit 1
  fi
fi

# The virus-scan tests run a real ClamAV daemon (Debian's clamav-daemon) on a signature file
# they write themselves; nothing starts it as a service and no signatures are downloaded.
if [ "${1:-}" = "--with-browser" ] && ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ClamAV from the system's packages ..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav-daemon >/dev/null
  else
    echo "Virus-scan tests need clamd: install your system's 'clamav-daemon' package." >&2
    exit 1
  fi
fi
