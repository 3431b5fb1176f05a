"""The app's real server as a child process on a free loopback port: what the browser tests
(tests/e2e/conftest.py) and the page benchmark (benchmarks/bench_pages.py) start. It runs
``python -m reporting serve`` (as ``make run`` does), or ``serve-cluster`` (N processes behind
nginx with sticky sessions) with ``processes`` > 1, headless, its output in a log file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from reporting.core.cluster import free_port

ROOT = Path(__file__).resolve().parents[2]


class LocalServer:
    """The server on ``db`` with its state store under ``tmp``; ``env`` adds to (or
    overrides) the environment."""

    def __init__(self, db: Path, tmp: Path, *, name: str = "streamlit", processes: int = 1,
                 env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        environ = {**os.environ, "REPORTING_DB": str(db), "REPORTING_STATE_DB": str(tmp / "state.sqlite"),
                   **(env or {})}
        if processes > 1:
            command = ["serve-cluster", "--processes", str(processes), "--port", str(self.port),
                       "--address", "127.0.0.1", "--runtime-dir", str(tmp / f"cluster-{name}")]
        else:
            command = ["serve", "--server.port", str(self.port), "--server.address", "127.0.0.1"]
        self._log_fh = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reporting", *command, "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=environ, stdout=self._log_fh, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60) -> None:
        """Until Streamlit's health check answers; the log in the error when it does not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"the server was not healthy in {timeout} s: {self.log.read_text(errors='replace')}")

    def log_tail(self, n: int = 15) -> list[str]:
        self._log_fh.flush()
        return self.log.read_text(errors="replace").splitlines()[-n:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log_fh.close()
