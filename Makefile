.PHONY: run test check lint format setup bench

setup:
	@scripts/bootstrap.sh

run: setup
	@scripts/run.sh

test:
	@scripts/bootstrap.sh --with-browser
	@scripts/test.sh

# The quick loop: lint, import contracts and every test not marked slow (about 30 s).
check: setup
	@scripts/check.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
