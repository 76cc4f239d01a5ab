.PHONY: run test lint format setup bench

setup:
	@scripts/bootstrap.sh

run: setup
	@scripts/run.sh

test:
	@scripts/bootstrap.sh --with-browser
	@scripts/test.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
