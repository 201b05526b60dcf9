# Two commands: `make run` serves the registry on SQLite; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
FIXTURES := fixtures/seed.json fixtures/cited_facts.json
DEMO_FIXTURES := fixtures/demo.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv migrate fixtures demo lint format check clean

# The open-data downloads are built before the server starts, so the first reader of /data/
# gets files, not "being prepared" (later changes are rebuilt in the background).
run: migrate fixtures demo
	$(PY) manage.py build_open_data
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py create_roles

fixtures: migrate
	$(PY) manage.py loaddata $(FIXTURES)

demo: fixtures
	$(PY) manage.py loaddata $(DEMO_FIXTURES)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Tests run in parallel, one worker per core (pytest-xdist; TEST_WORKERS=0 runs them in one process).
TEST_WORKERS ?= auto

test: lint check
	$(PY) -m pytest -n $(TEST_WORKERS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Rebuild fixtures/*.json from fixtures/sources/ (see its README.md); commit the result.
fixtures-build: venv
	$(PY) manage.py build_fixtures
