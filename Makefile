# The README's two commands: `make demo` checks the bundled seeds, `make test` runs the suite.
# Both build their own virtual environment, so nothing relies on what was installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/factcheck check seeds/ --all

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/ruff check factcheck tests benchmarks examples scripts

bench: $(STAMP)
	$(BIN)/python -m pytest benchmarks --benchmark-only -q

lint: $(STAMP)
	$(BIN)/ruff check factcheck tests benchmarks examples scripts

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis .benchmarks
