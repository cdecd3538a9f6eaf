# One command to set up and run the demo, one to set up and run the tests (README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/tocsin run examples/ --db tocsin.db
	$(BIN)/tocsin incidents --db tocsin.db

# Browser tests need Debian's chromium and chromedriver, the PostgreSQL tests Debian's postgresql:
# installed here when missing (needs root; without it, set TOCSIN_NO_BROWSER=1 and/or
# TOCSIN_NO_POSTGRES=1 to skip those tests).
test: install
	@if [ -z "$$TOCSIN_NO_BROWSER" ]; then sh scripts/ensure-chromium.sh; fi
	@if [ "$$TOCSIN_NO_POSTGRES" != "1" ]; then sh scripts/ensure-postgres.sh; fi
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/tocsin

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) tocsin.db tocsin.db-wal tocsin.db-shm
