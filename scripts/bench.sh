#!/usr/bin/env bash
# `make bench`: set up, then measure (scripts/bench/__main__.py). Needs PostgreSQL (trust on
# 127.0.0.1:5432 by default; BENCH_DATABASE_SERVER to change); installs wrk when it can.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing wrk from the system's packages ..."
  (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }) \
    || echo "wrk could not be installed: the bench loads with its own asyncio generator."
fi
umask 077
mkdir -p var/bench
exec .venv/bin/python -m scripts.bench "$@"
