#!/usr/bin/env bash
# `make check`: the quick loop while working. Lint, the import contracts, and every test not
# marked slow (browser journeys, the real identity service, fuzzing, the generated walls:
# `make test` runs those too). The identity service's suite and the practice app's run side by
# side: they share nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
# Keep compiled bytecode between runs (some environments turn it off): without it every run
# compiles Django, pytest and every plugin again, which is most of a quick loop's time.
unset PYTHONDONTWRITEBYTECODE
.venv/bin/ruff check . -q
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --check .; exit 1; }
contracts=$(.venv/bin/lint-imports --no-cache 2>&1) || { echo "$contracts"; exit 1; }
echo "$contracts" | tail -n 1
idp_log=$(mktemp)
trap 'rm -f "$idp_log"' EXIT
.venv/bin/python -m pytest idp/tests --ds=idp.config.settings -q -m "not slow" "$@" >"$idp_log" 2>&1 &
idp=$!
portico_status=0
# On SQLite the test database is built from the models instead of replaying every migration
# (core/tests/test_migrations.py fails when a model has no migration; `make test` migrates).
# PostgreSQL's row-level security comes from migrations, so there they run as always.
from_models=()
case "${DATABASE_URL:-sqlite}" in sqlite*) from_models=(--nomigrations) ;; esac
# The practice app's tests are split over two worker processes (pytest-xdist): on two cores
# the three processes finish together instead of the practice app running alone at the end.
.venv/bin/python -m pytest portico -q -m "not slow" "${from_models[@]}" -n "${CHECK_WORKERS:-2}" "$@" ||
  portico_status=$?
idp_status=0
wait "$idp" || idp_status=$?
echo "== identity service: $(tail -n 1 "$idp_log")"
[ "$idp_status" = 0 ] || cat "$idp_log"
exit $(( portico_status || idp_status ))
