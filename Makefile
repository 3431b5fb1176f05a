# The two set-up commands of the README. Both create the virtual environment from
# requirements.txt when it is missing or out of date.
VENV   ?= .venv
PY     := $(VENV)/bin/python
REQ_ID := $(shell sha1sum requirements.txt | cut -c1-12)
STAMP  := $(VENV)/.installed-$(REQ_ID)
PORT   ?= 8501

.PHONY: run test lint chromium demo bench-demo

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Start the app on the bundled demo data (generated on first run) at http://localhost:8501
run: $(STAMP)
	$(PY) -m reporting demo --if-missing
	$(PY) -m reporting serve --server.port $(PORT)

# Chromium from Debian's packages, for the browser tests
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium from Debian's packages ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

lint: $(STAMP)
	$(PY) -m ruff check .

# Run the whole test suite: lint, unit, report, page (AppTest) and browser tests
test: $(STAMP) chromium lint
	$(PY) -m pytest

demo: $(STAMP)
	$(PY) -m reporting demo
