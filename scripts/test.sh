#!/usr/bin/env bash
# `make test`: lint and the import contracts, then the identity service's suite, then the
# practice app's suite (every test, slow ones included).
# DATABASE_URL / IDENTITY_DATABASE_URL choose the databases (SQLite when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
# Keep compiled bytecode between runs (some environments turn it off): without it every run
# compiles Django, pytest and every plugin again, which is most of a quick loop's time.
unset PYTHONDONTWRITEBYTECODE
echo "== lint =="
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --check .; exit 1; }
echo "== import contracts =="
contracts=$(.venv/bin/lint-imports --no-cache 2>&1) || { echo "$contracts"; exit 1; }
echo "$contracts" | tail -n 1
echo "== identity service (${IDENTITY_DATABASE_URL:-sqlite}) =="
.venv/bin/python -m pytest idp/tests --ds=idp.config.settings -q "$@"
echo "== practice app (${DATABASE_URL:-sqlite}) =="
.venv/bin/python -m pytest portico -q "$@"
