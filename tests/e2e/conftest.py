"""Browser tests: the real server (`python -m reporting serve`, i.e. `streamlit run app.py` as
`make run` starts it) on a free port, driven by Playwright in the system Chromium (Debian's
package; Playwright's own browser download is not used)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_fh = open(log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reporting", "serve",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self._log_fh, stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"streamlit not healthy in {timeout}s: {self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log_fh.close()


def start_server(db_path: Path, tmp: Path, **extra_env: str) -> StreamlitServer:
    env = {**os.environ, "REPORTING_DB": str(db_path),
           "REPORTING_STATE_DB": str(tmp / "state.sqlite"), **extra_env}
    server = StreamlitServer(env, tmp / "streamlit.log")
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
