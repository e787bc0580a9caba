# IIDS-kit. The README's two commands: `make demo` and `make test`.
# Every target first creates or refreshes .venv (nothing is reinstalled when nothing changed).
# `make demo` installs the runtime dependencies plus the demo extra (Faker, which only
# `iids demo` and `iids bench` need); `make test` (and `make setup`, which CI calls) adds the
# demo, test, browser, developer, hub and apps extras. Installs go through uv (pinned
# in constraints.txt, much faster) and fall back to pip when uv cannot be installed or fails.
# uv installs without bytecode by default (pip compiles): --compile-bytecode writes the .pyc
# files once at set-up, otherwise every process (each autograde kernel, every `iids` command)
# compiles pandas, IPython and the rest again wherever .pyc files cannot be written (a
# read-only or shared .venv, PYTHONDONTWRITEBYTECODE): measured 2.3 s instead of 0.7 s CPU
# for importing a kernel's libraries.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.iids-installed
DEMO_STAMP := $(VENV)/.iids-demo
# The extras for tests; a variable, because a comma inside $(call ...) would split the argument.
TEST_EXTRAS := [demo,test,browser,dev,hub,apps]
UV_VERSION := $(shell sed -n 's/^uv==//p' constraints.txt)
# nbgrader calls `alembic` as a subprocess: the venv must be on PATH in every target.
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export MPLBACKEND := Agg

APPS_STAMP := $(VENV)/.iids-apps
# the Voila apps (issue 24): `make wand` (story wall on synthetic demo stories) and
# `make formulier` (story form for a phone, with a session link for VERZAMELAAR)
WAND_POORT ?= 8867
WAND_DEMO ?= demo-wand
FORMULIER_POORT ?= 8866
VERZAMELAAR ?= S000000

.PHONY: setup setup-demo demo test lab bench lock doctor clean help wand formulier

help:
	@echo "make demo   - alles inrichten en de hele programmaronde op synthetische gegevens draaien"
	@echo "make test   - alles inrichten en alle tests draaien"
	@echo "make lab    - JupyterLab (Nederlands) openen op de cursus"
	@echo "make bench  - prestatiemetingen (iids bench)"
	@echo "make wand   - de verhalenwand (Voila) op synthetische verhalen: http://127.0.0.1:8867/"
	@echo "make formulier VERZAMELAAR=S123456 - het verhaalformulier (Voila) met een sessielink"

# install(EXTRAS): the kit, editable, with these extras, at the versions of constraints.txt.
define install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)" >/dev/null 2>&1 \
	    && $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt \
	       -e '.$(1)'; then :; \
	else echo "uv niet beschikbaar: installeren met pip (langzamer)"; \
	  $(BIN)/python -m pip install --quiet --upgrade "pip>=24" \
	  && $(BIN)/python -m pip install --quiet -c constraints.txt -e '.$(1)'; fi
endef

$(DEMO_STAMP): pyproject.toml constraints.txt
	$(call install,[demo])
	@touch $(DEMO_STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(call install,$(TEST_EXTRAS))
	@if command -v npm >/dev/null 2>&1; then npm install --prefix $(VENV)/chp --no-audit --no-fund --silent configurable-http-proxy@5.3.0 >/dev/null 2>&1 || echo "configurable-http-proxy niet geïnstalleerd: de hubtest wordt overgeslagen"; fi
	@touch $(STAMP) $(DEMO_STAMP) $(APPS_STAMP)

$(APPS_STAMP): pyproject.toml constraints.txt
	$(call install,[demo,apps])
	@touch $(APPS_STAMP) $(DEMO_STAMP)

setup: $(STAMP)
	@$(BIN)/iids setup

setup-demo: $(DEMO_STAMP)
	@$(BIN)/iids setup

demo: setup-demo
	$(BIN)/iids demo -o demo-uitvoer

test: setup
	$(BIN)/python -m pytest

# nbgrader's server extensions read nbgrader_config.py from the folder the server starts in:
# start in assignments/ (the course), with the repository as the file browser's root (the
# formgrader needs the course folder below it) and the course's start notebook open. No
# nbgrader_config.py at the repository root, so a demo or vault folder inside the repository
# is not mistaken for a course folder. The student's one workspace (mijn-werk) is then the one at
# the repository root, so the file browser shows it (on the hub it is ~/mijn-werk).
lab: setup-demo
	cd assignments && IIDS_WERKMAP=$(CURDIR)/mijn-werk $(BIN)/jupyter lab --notebook-dir=$(CURDIR) \
	  --ServerApp.default_url=/lab/tree/course/start.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

wand: $(APPS_STAMP)
	@$(BIN)/iids setup
	$(BIN)/iids apps wand --demo $(WAND_DEMO) --poort $(WAND_POORT)

formulier: $(APPS_STAMP)
	@$(BIN)/iids setup
	$(BIN)/iids apps formulier --verzamelaar $(VERZAMELAAR) --poort $(FORMULIER_POORT)

bench: setup
	$(BIN)/iids bench

doctor: setup-demo
	@$(BIN)/iids doctor

# Pin the versions for a new teaching term: resolve afresh, then run `make test`.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test,browser,dev,hub,apps]' uv
	( sed -n '1,2p' constraints.txt; .lock-venv/bin/python -m pip freeze --exclude-editable \
	  | grep -v -E '^(pip|setuptools|wheel)==' ) > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV) demo-uitvoer .pytest_cache
