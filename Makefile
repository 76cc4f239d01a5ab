.PHONY: run test check lint format setup bench screenshots

setup:
	@scripts/bootstrap.sh

run: setup
	@scripts/run.sh

test:
	@scripts/bootstrap.sh --with-browser
	@scripts/test.sh

# The quick loop: lint, import contracts and every test not marked slow (under 30 s on 2 idle cores).
check: setup
	@scripts/check.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Every page of both apps, and each state after a success or a refusal, at 1280 and 375 px in
# the light and the dark theme, saved as PNG under var/screens/<width>-<theme>/.
# Portico's speed as ratios measured side by side in one run, on PostgreSQL: printed, and
# written to var/bench/bench.md and bench.json (about 12 minutes on a 2-core machine, 5 of them the soak; see README "Benchmarks").
bench:
	@scripts/bench.sh

screenshots:
	@scripts/bootstrap.sh --with-browser
	@scripts/screenshots.sh
