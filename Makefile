# IIDS-kit. The README's two commands: `make demo` and `make test`.
# Every target first creates or refreshes .venv (nothing is reinstalled when nothing changed).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.iids-installed
# nbgrader calls `alembic` as a subprocess: the venv must be on PATH in every target.
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export MPLBACKEND := Agg

.PHONY: setup demo test lab bench lock doctor clean help

help:
	@echo "make demo   - alles inrichten en de hele programmaronde op synthetische gegevens draaien"
	@echo "make test   - alles inrichten en alle tests draaien"
	@echo "make lab    - JupyterLab (Nederlands) openen op de cursus"
	@echo "make bench  - prestatiemetingen (iids bench)"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,hub]'
	@if command -v npm >/dev/null 2>&1; then npm install --prefix $(VENV)/chp --no-audit --no-fund --silent configurable-http-proxy@5.3.0 >/dev/null 2>&1 || echo "configurable-http-proxy niet geïnstalleerd: de hubtest wordt overgeslagen"; fi
	@touch $(STAMP)

setup: $(STAMP)
	@$(BIN)/iids setup

demo: setup
	$(BIN)/iids demo --out demo-uitvoer

test: setup
	$(BIN)/python -m pytest

# nbgrader's server extensions read nbgrader_config.py from the folder the server starts in:
# start in assignments/ (the course), with the repository as the file browser's root (the
# formgrader needs the course folder below it) and the course's start notebook open. No
# nbgrader_config.py at the repository root, so a demo or vault folder inside the repository
# is not mistaken for a course folder.
lab: setup
	cd assignments && $(BIN)/jupyter lab --notebook-dir=$(CURDIR) \
	  --ServerApp.default_url=/lab/tree/course/start.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup
	$(BIN)/iids bench

doctor: setup
	@$(BIN)/iids doctor

# Pin the versions for a new teaching term: resolve afresh, then run `make test`.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev,hub]'
	( sed -n '1,2p' constraints.txt; .lock-venv/bin/python -m pip freeze --exclude-editable \
	  | grep -v -E '^(pip|setuptools|wheel)==' ) > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV) demo-uitvoer .pytest_cache
