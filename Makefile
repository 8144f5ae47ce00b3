# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    venv, install, migrate, demo data, serve on 127.0.0.1:8000
#   make test   venv, install dev requirements, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# Development defaults; every one can be overridden from the environment.
export DEBUG ?= 1

.PHONY: run test worker lint screenshots messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The compiled catalogues are committed, so a machine without GNU gettext still
# gets Chinese; where msgfmt exists they are rebuilt when a .po file is newer.
messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then \
		for po in locale/*/LC_MESSAGES/*.po; do \
			[ "$$po" -nt "$${po%.po}.mo" ] && msgfmt --check -o "$${po%.po}.mo" "$$po" || true; \
		done; \
	fi

run: $(VENV)/.installed messages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Celery worker with the beat scheduler embedded; needs REDIS_URL.
worker: $(VENV)/.installed
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker."; exit 1; }
	$(BIN)/celery -A communitypolice worker --beat --loglevel=info

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r . -x ./.venv,./tests,./bench -ll
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# A PNG of every page, at phone and desktop size, for every role, in screenshots/.
screenshots: $(VENV)/.installed-dev
	SCREENSHOT_DIR=$(CURDIR)/screenshots $(BIN)/python -m pytest tests/e2e/test_sweep.py -m e2e
	@echo "Screenshots in $(CURDIR)/screenshots/"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
