# Wangge — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format bench setup setup-test db demo backup restore

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

db: setup
	@$(PY) scripts/secret.py
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py ensure_partitions

demo: db
	@$(PY) manage.py load_demo --with events

run: demo
	@$(PY) manage.py demo_logins
	@HOST=$(HOST) PORT=$(PORT) exec bash scripts/serve.sh

test: setup-test lint
	@$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: setup-test lint
	@$(PY) -m pytest -q -m "not browser and not slow" $(PYTEST_ARGS)

# ruff (lint + format check) and ESLint on the front end's modules; `make format` rewrites.
lint: setup-test
	@.venv/bin/ruff check --quiet .
	@.venv/bin/ruff format --check --quiet .
	@npx --no-install eslint --quiet .

format: setup-test
	@.venv/bin/ruff check --quiet --fix .
	@.venv/bin/ruff format --quiet .

bench: demo
	@$(PY) bench/run.py $(BENCH)

# Operations (docs/operations.md): one backup file in BACKUP_DIR (var/backups); restore refuses a
# non-empty database unless FORCE=1; DB=name restores into another database (a restore drill).
backup: setup
	@$(PY) manage.py backup

restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/wangge-….tar [DB=name] [FORCE=1]"; exit 2; }
	@$(PY) manage.py restore "$(FILE)" $(if $(DB),--database "$(DB)") $(if $(FORCE),--force)
