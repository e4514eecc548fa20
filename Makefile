# The two set-up commands of the README:
#   make run    install what is missing, build the index from the sample library, serve the app
#   make test   install what is missing, run the whole test suite (browser tests included)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast lint index clean

run: $(STAMP)
	$(BIN)/rxsearch reindex
	$(BIN)/rxsearch serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	PYTHON=$(PYTHON) .ci/install-system-deps browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Everything but the browser tests, for a quick loop while developing.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

index: $(STAMP)
	$(BIN)/rxsearch reindex

lint: $(STAMP)
	$(BIN)/ruff check .

$(STAMP): pyproject.toml
	PYTHON=$(PYTHON) .ci/install-system-deps build
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# whoosh-reloaded (used before) and whoosh3 both install the "whoosh" package: remove the
	# old one first, or the two would overwrite each other's files.
	$(BIN)/python -m pip uninstall --quiet --yes whoosh-reloaded 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
