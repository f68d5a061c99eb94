# Quick start: `make run` and `make test`. Both create .venv and install what
# they need on a machine that has only python3 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := sample_data/hongshan-2024-department.toml

.PHONY: run test test-fast bench dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q model scoring exchange tui jixiao
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/jixiao $(SAMPLE)

# The whole suite (CI).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist worksteal

# While working: every module, without the slow tier (tests/conftest.py says
# what is slow: Pilot tests but one per screen, snapshots, property tests,
# fuzzers, killed processes, the wheel). Within 90 s on 2 cores.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist worksteal -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The test suite on Windows CPython under Wine in code page 936, set up under
# .wine-lane/ (docs/install.md, "The Windows lane"); as root it installs Wine.
.PHONY: test-windows
test-windows: $(STAMP)
	$(BIN)/python offline/wine_lane.py test

# Only the storage and command-line tests on Windows (offline/wine_lane.py
# STORAGE_TESTS; docs/install.md gives their time and which one CI runs).
.PHONY: test-windows-storage
test-windows-storage: $(STAMP)
	$(BIN)/python offline/wine_lane.py storage

# The offline bundle (docs/install.md): dist/wheelhouse/ with the wheels for
# Windows and Linux, CPython 3.11-3.13, install.bat, install.sh and
# dist/jixiao-VERSION-offline.zip. Needs the package index for the downloads.
dist: $(STAMP)
	$(BIN)/python offline/make_dist.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info dist
