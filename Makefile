# provisionkit's front door. `make help` lists the targets; every target that needs tools
# bootstraps .venv from pyproject.toml + constraints.txt when it is missing or stale.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.provisionkit-stamp
# The generator's post-hooks call `ruff`: put the pinned one first on PATH.
export PATH := $(BIN):$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

APIS := mittwald foundry
GENERATED := generated
PORT ?= 8080

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "provisionkit needs Python 3.11 or newer; set PYTHON=python3.11")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[fake,otel,dev,bench]"
	touch $(STAMP)

.PHONY: venv
venv: $(STAMP) ## create or refresh .venv from pyproject.toml (pinned)

# TWINS is where the client twins generated from the operation tables go (a copy of the package
# folder's layout, so check-generated can write them elsewhere and compare).
TWINS := wrapper/provisionkit

.PHONY: generate
generate: $(STAMP) ## regenerate both clients in generated/ from specs/, and the client twins from the operation tables
	@for api in $(APIS); do \
	  rm -rf $(GENERATED)/provisionkit_$${api}_client; \
	  $(BIN)/openapi-python-client generate --path specs/$$api.yaml --config specs/generator/$$api.yaml \
	    --custom-template-path specs/generator/templates --meta none --fail-on-warning \
	    --output-path $(GENERATED)/provisionkit_$${api}_client; \
	done
	$(BIN)/python specs/generator/twins.py $(if $(filter wrapper/provisionkit,$(TWINS)),,$(TWINS))

.PHONY: check-generated
check-generated: $(STAMP) ## fail if generated/ or the client twins differ from what the specs and tables generate
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(MAKE) generate GENERATED=$$tmp/generated TWINS=$$tmp/twins >/dev/null; \
	status=0; diff -r --exclude=__pycache__ $$tmp/generated $(GENERATED) >$$tmp.diff 2>&1 || status=1; \
	for api in $(APIS); do \
	  diff $$tmp/twins/$$api/client.py $(TWINS)/$$api/client.py >>$$tmp.diff 2>&1 || status=1; \
	done; \
	if [ $$status = 0 ]; then \
	  echo "generated/ matches specs/, and the client twins their operation tables"; rm -f $$tmp.diff; \
	else \
	  cat $$tmp.diff; rm -f $$tmp.diff; echo "generated/ or a client twin is stale or hand-edited: run 'make generate' and commit"; exit 1; \
	fi

.PHONY: validate-specs
validate-specs: $(STAMP) ## validate both OpenAPI specs
	$(BIN)/openapi-spec-validator specs/mittwald.yaml specs/foundry.yaml

.PHONY: lint
lint: $(STAMP) ## ruff check + format check, mypy strict on wrapper/ and the drift tool
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --strict specs/drift

# UPSTREAM=<URL or file> compares one API (API=mittwald|foundry) with another copy of the vendor's
# document, e.g. `make drift API=mittwald UPSTREAM=https://api.mittwald.de/v2/openapi.json`.
.PHONY: drift
drift: $(STAMP) ## compare specs/ with the vendors' published descriptions (offline: specs/upstream/)
	$(BIN)/python -m specs.drift $(if $(API),--api $(API)) $(foreach u,$(UPSTREAM),--upstream $(u))

# Prism serves the vendors' own documents for tests/specs/test_vendor_mock.py. Installed with npm
# into an ignored folder, pinned, bounded in time; without npm (or with npm unreachable) the test
# skips and says so, and nothing else depends on it.
PRISM_VERSION := 5.16.0
PRISM_DIR := .cache/prism
PRISM_BIN := $(PRISM_DIR)/node_modules/.bin/prism

.PHONY: prism
prism: ## install Prism (the vendor-spec mock) into .cache/prism when npm is reachable
	@if [ -x $(PRISM_BIN) ] && [ "$$($(PRISM_BIN) --version 2>/dev/null)" = "$(PRISM_VERSION)" ]; then \
	  echo "prism $(PRISM_VERSION) is in $(PRISM_DIR)"; \
	elif ! command -v npm >/dev/null; then \
	  echo "prism: npm not found; tests/specs/test_vendor_mock.py will skip"; \
	elif mkdir -p $(PRISM_DIR) && timeout 300 npm install --prefix $(PRISM_DIR) --no-audit --no-fund \
	    --no-save --loglevel=error @stoplight/prism-cli@$(PRISM_VERSION) >$(PRISM_DIR)/install.log 2>&1; then \
	  echo "prism $(PRISM_VERSION) installed in $(PRISM_DIR)"; \
	else \
	  echo "prism: npm install failed or took over 300 s (see $(PRISM_DIR)/install.log); tests/specs/test_vendor_mock.py will skip"; \
	fi

.PHONY: unit
unit: $(STAMP) ## the unit and integration tests (tests/)
	@mkdir -p reports
	$(BIN)/pytest tests --junitxml=reports/unit.xml -q

# Every supported Python (pyproject's classifiers; tests/unit/test_python_versions.py holds them to
# each other). Each version gets its own .venv-<version> from the same constraints and runs the
# tests that need no network or vendor tools; one not installed here is skipped with a message
# (MATRIX_STRICT=1 fails instead). MATRIX_SKIP leaves one out: .ci/run skips the version `make
# test` already ran everything on.
MATRIX ?= 3.11 3.12 3.13
MATRIX_TESTS ?= tests/unit tests/wrapper tests/fake
PYENV_ROOT ?= $(HOME)/.pyenv

.PHONY: test-matrix
test-matrix: ## the unit, wrapper and fake tests on Python 3.11, 3.12 and 3.13 (MATRIX="3.12" for one)
	@mkdir -p reports; \
	for version in $(MATRIX); do \
	  if [ "$$version" = "$(MATRIX_SKIP)" ]; then echo "test-matrix: $$version skipped (MATRIX_SKIP)"; continue; fi; \
	  python=$$( (ls -d $(PYENV_ROOT)/versions/$$version.*/bin/python 2>/dev/null || true) | sort -V | tail -1); \
	  if [ -z "$$python" ]; then python=$$(command -v python$$version || true); fi; \
	  if [ -z "$$python" ] || ! "$$python" -c 'import sys' >/dev/null 2>&1; then \
	    echo "test-matrix: Python $$version is not installed here: skipped (pyenv install $$version, or put python$$version on PATH)"; \
	    if [ -n "$${MATRIX_STRICT:-}" ]; then exit 1; fi; \
	    continue; \
	  fi; \
	  venv=.venv-$$version; \
	  if [ ! -f $$venv/.provisionkit-stamp ] || [ pyproject.toml -nt $$venv/.provisionkit-stamp ] \
	      || [ constraints.txt -nt $$venv/.provisionkit-stamp ]; then \
	    rm -rf $$venv; \
	    "$$python" -m venv $$venv; \
	    $$venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"; \
	    $$venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[fake,dev]"; \
	    touch $$venv/.provisionkit-stamp; \
	  fi; \
	  echo "test-matrix: Python $$($$venv/bin/python -c 'import platform; print(platform.python_version())')"; \
	  $$venv/bin/pytest $(MATRIX_TESTS) -q -p no:cacheprovider --junitxml=reports/unit-$$version.xml \
	    || failed="$${failed:-} $$version"; \
	done; \
	if [ -n "$${failed:-}" ]; then echo "test-matrix: failed on Python$$failed"; exit 1; fi

.PHONY: conformance
conformance: $(STAMP) ## the packaged contract suite (provisionkit conformance): the fake over a socket (and the mutation harness, contract_tests/test_mutants.py), or live (PROVISIONKIT_TARGET=live)
	@mkdir -p reports
	$(BIN)/pytest contract_tests --junitxml=reports/conformance.xml -q

.PHONY: mutants
mutants: $(STAMP) ## the mutation harness: the suite against the fake drifted one way at a time; fails unless every mutant is caught
	$(BIN)/python -m contract_tests.mutation

.PHONY: conformance-soak
conformance-soak: $(STAMP) ## a longer randomized conformance run; prints its seed (replay: PROVISIONKIT_SEED=N; PROVISIONKIT_MAX_EXAMPLES, default 200)
	@mkdir -p reports
	seed=$${PROVISIONKIT_SEED:-$$(( ($$RANDOM << 15) | $$RANDOM ))}; echo "soak seed $$seed"; \
	PROVISIONKIT_SOAK=1 PROVISIONKIT_SEED=$$seed PROVISIONKIT_MAX_EXAMPLES=$${PROVISIONKIT_MAX_EXAMPLES:-200} \
	  $(BIN)/pytest contract_tests --junitxml=reports/conformance-soak.xml -q

.PHONY: test
test: $(STAMP) ## everything CI runs: specs, drift, lint, Prism (when npm is reachable), unit tests, conformance
	$(MAKE) validate-specs
	$(MAKE) check-generated
	$(MAKE) drift
	$(MAKE) lint
	$(MAKE) prism
	$(MAKE) unit
	$(MAKE) conformance

.PHONY: mock
mock: $(STAMP) ## run the stateful fake of both APIs on http://127.0.0.1:$(PORT)
	$(BIN)/provisionkit mock --port $(PORT)

.PHONY: bench
bench: $(STAMP) ## run the benchmarks and rewrite benchmarks/RESULTS.md (ONLY=readiness: just that section)
	$(BIN)/python -m benchmarks $(ONLY)

.PHONY: clean
clean: ## remove .venv, caches and reports
	rm -rf $(VENV) .venv-3.* reports .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist .cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
