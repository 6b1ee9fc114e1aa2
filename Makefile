# The same targets locally and in CI. `make run` and `make test` set everything up themselves.
# Python 3.11: python3.11 when on the PATH, else python3 (checked below)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The committed dist/ is built with this epoch, so that a rebuild is byte-identical.
export SOURCE_DATE_EPOCH ?= 1767225600

.PHONY: setup browser build run serve test lint bench bench-quick clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "souverain needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,dask]"
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium drives the browser tests (Playwright uses it through executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else sudo apt-get update -q && sudo apt-get install -y -q chromium; fi; }

build: setup
	$(BIN)/souverain build

run: setup
	$(BIN)/souverain build
	$(BIN)/souverain serve --no-build

test: setup browser
	$(BIN)/ruff check pipeline tests bench fuzz scripts
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check pipeline tests bench fuzz scripts

bench: setup
	$(BIN)/python bench/run_all.py

bench-quick: setup
	$(BIN)/python bench/run_all.py --quick

clean:
	rm -rf $(VENV) .store .cache
