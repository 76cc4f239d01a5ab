#!/usr/bin/env bash
# `make screenshots`: walk every page (the accessibility walk of both apps) and save each one
# at 1280 and 375 px, light and dark, under var/screens/. Runs on the test databases.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf var/screens
mkdir -p var/screens
PORTICO_SCREENSHOTS="$PWD/var/screens" .venv/bin/python -m pytest -q -p no:logging \
  portico/core/tests/test_every_page.py portico/core/tests/test_identity_pages.py \
  -k "accessible" "$@"
echo "Saved $(find var/screens -name '*.png' | wc -l) screenshots under var/screens/"
