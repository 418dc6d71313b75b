# Fact-check site: `make html` builds, `make test` tests. See README.md.
PY_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUTPUT := output
PORT ?= 8000
FILES ?=
export PYTHONPATH := plugins
export SITEURL

.PHONY: html publish check permalinks test serve devserver clean lint format

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PY_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

html: $(STAMP)
	$(PY) -m factcheck build --settings pelicanconf.py --output $(OUTPUT)

publish: $(STAMP)
	$(PY) -m factcheck build --settings publishconf.py --output $(OUTPUT)

check: $(STAMP)
	$(PY) -m factcheck check --settings pelicanconf.py $(FILES)

permalinks: $(STAMP)
	$(PY) -m factcheck permalinks --settings pelicanconf.py

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

serve: $(STAMP)
	$(PY) -m pelican --listen --port $(PORT) --settings pelicanconf.py --output $(OUTPUT)

devserver: $(STAMP)
	$(PY) -m pelican --autoreload --listen --port $(PORT) --settings pelicanconf.py --output $(OUTPUT)

clean:
	rm -rf $(OUTPUT) $(OUTPUT).new $(OUTPUT).old __pycache__ .pytest_cache
