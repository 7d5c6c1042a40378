# Two commands on a fresh machine: `make run` starts Microbiz, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format screenshot bench package

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,collector]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/microbiz

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check microbiz ui tests
	$(BIN)/ruff format --check microbiz ui tests

format: $(STAMP)
	$(BIN)/ruff format microbiz ui tests
	$(BIN)/ruff check --fix microbiz ui tests

# The README picture: a demo business in a throw-away folder, rendered offscreen.
screenshot: $(STAMP)
	rm -rf $(VENV)/screenshot-data
	$(BIN)/microbiz --data-dir $(VENV)/screenshot-data demo
	QT_QPA_PLATFORM=offscreen $(BIN)/microbiz --data-dir $(VENV)/screenshot-data \
		--screenshot docs/home.png --page home --size 1100x700

# Speed against floors timed in the same run: 5 years of demo data, and 1,000,000 visits
# for the hours list (both made once and kept in .venv); not part of `make test`.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/perf/bench.py

# The installable app: a one-folder build in build/dist/microbiz/, then run headless to check it.
$(VENV)/.installed-package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $@

package: $(VENV)/.installed-package
	$(BIN)/pyinstaller --noconfirm --log-level WARN \
		--distpath build/dist --workpath build/work build/microbiz.spec
	build/smoke.sh build/dist/microbiz/microbiz
