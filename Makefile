# The two set-up commands of the README. Each creates the virtual environment when it is
# missing and installs what it needs when a requirements file changed: `make run` the app's
# requirements.txt only, `make test` requirements-dev.txt (the app's plus pytest, Playwright,
# ruff). A stamp file named after the files' contents records what is installed.
VENV     ?= .venv
PY       := $(VENV)/bin/python
PIP      := $(PY) -m pip --disable-pip-version-check
APP_ID   := $(shell cat requirements.txt | sha1sum | cut -c1-12)
DEV_ID   := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
APP_STAMP := $(VENV)/.installed-app-$(APP_ID)
DEV_STAMP := $(VENV)/.installed-dev-$(DEV_ID)
PORT     ?= 8501
# The suite on two workers (pytest-xdist): its browser and process tests mostly wait, so two
# workers halve the time even on a 2-core machine (docs/architecture.md, "Tests").
PYTEST_ARGS ?= -n 2 --dist worksteal

.PHONY: run test lint chromium nginx postgres java demo venv

venv:
	test -x $(PY) || python3 -m venv $(VENV)

$(APP_STAMP): requirements.txt | venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-app-*
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(APP_STAMP)
	$(PIP) install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $@

# Start the app on the bundled demo data (generated on first run) at http://localhost:8501
run: $(APP_STAMP)
	$(PY) -m reporting demo --if-missing
	$(PY) -m reporting serve --server.port $(PORT)

# Chromium from Debian's packages, for the browser tests
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium from Debian's packages ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# nginx from Debian's packages, for several app processes behind one port
# (python -m reporting serve-cluster, deploy/nginx/fokus.conf) and its browser test. Only the
# binary is used, with a configuration and runtime directory of its own; the package's default
# site (port 80, started by the package where a service manager runs) is not touched.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing nginx from Debian's packages ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; \
	fi

# PostgreSQL from Debian's packages, for the state-store suite on PostgreSQL (tests/test_state_postgres.py
# starts its own throw-away server; no service is enabled)
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing PostgreSQL from Debian's packages ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

# OpenJDK 17 from Debian's packages, for the Spark batch (reporting/spark, tests/test_spark_batch.py)
java:
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "Installing OpenJDK 17 from Debian's packages ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	fi

lint: $(DEV_STAMP)
	$(PY) -m ruff check .

# Run the whole test suite: lint, unit, report, page (AppTest) and browser tests
test: $(DEV_STAMP) chromium nginx postgres java lint
	$(PY) -m pytest $(PYTEST_ARGS)

demo: $(APP_STAMP)
	$(PY) -m reporting demo
