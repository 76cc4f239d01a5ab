#!/usr/bin/env bash
# `make test`: lint, then the identity service's suite, then the practice app's suite.
# DATABASE_URL / IDENTITY_DATABASE_URL choose the databases (SQLite when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== lint =="
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --check .; exit 1; }
echo "== identity service (${IDENTITY_DATABASE_URL:-sqlite}) =="
.venv/bin/python -m pytest idp/tests --ds=idp.config.settings -q "$@"
echo "== practice app (${DATABASE_URL:-sqlite}) =="
.venv/bin/python -m pytest portico -q "$@"
