"""Browser tests: the real server (`python -m reporting serve`, i.e. `streamlit run app.py` as
`make run` starts it) on a free port, driven by Playwright in the system Chromium (Debian's
package; Playwright's own browser download is not used)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reporting.core.cluster import free_port  # noqa: F401  (the tests' free ports)
from reporting.core.local_server import LocalServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def start_server(db_path: Path, tmp: Path, **extra_env: str) -> LocalServer:
    """The real server on ``db_path`` (reporting.core.local_server), healthy."""
    server = LocalServer(db_path, tmp, env=extra_env)
    server.wait_healthy()
    return server


@pytest.fixture(scope="session")
def server(demo_path, tmp_path_factory):
    srv = start_server(demo_path, tmp_path_factory.mktemp("server"))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it from Debian's packages")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def _script_idle(pg, timeout: float = 30_000) -> None:
    pg.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                  return a && a.getAttribute('data-test-connection-state') === 'CONNECTED'
                         && a.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout)


def wait_for_app(pg, text: str | None = None) -> None:
    """Wait until Streamlit has finished running the script in the browser (and, when given,
    until ``text`` is on the page). A run can trigger another (URL-bound widgets), so the
    idle state must hold twice, half a second apart."""
    pg.wait_for_selector('[data-testid="stApp"]')
    if text:
        pg.get_by_text(text, exact=False).first.wait_for()
    _script_idle(pg)
    time.sleep(0.5)
    _script_idle(pg)
