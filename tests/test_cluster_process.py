"""serve-cluster as a process supervisor: an app process that dies is started again on its
port (nginx keeps answering), and when the launcher itself is killed outright its app
processes and nginx stop too, leaving nothing listening."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def _until(what, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(message)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_a_dead_app_process_is_restarted_and_a_killed_launcher_leaves_nothing(demo_path, tmp_path):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx not found; `make nginx` installs it from Debian's packages")
    port = _free_port()
    log = tmp_path / "serve-cluster.log"
    env = {**os.environ, "REPORTING_DB": str(demo_path), "REPORTING_STATE_DB": str(tmp_path / "state.sqlite")}
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "reporting", "serve-cluster", "--processes", "1",
                                 "--port", str(port), "--address", "127.0.0.1", "--runtime-dir", str(tmp_path / "rt")],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    health = f"http://127.0.0.1:{port}/_stcore/health"
    try:
        _until(lambda: "Fokus on" in log.read_text() or proc.poll() is not None, 90, log.read_text())
        assert proc.poll() is None, log.read_text()
        assert _healthy(health)
        kids = _children(proc.pid)
        apps = [p for p in kids if "reporting serve " in _cmdline(p)]
        nginx = [p for p in kids if os.readlink(f"/proc/{p}/exe").endswith("/nginx")]
        assert len(apps) == 1 and len(nginx) == 1, {p: _cmdline(p) for p in kids}

        os.kill(apps[0], signal.SIGKILL)
        _until(lambda: "starting it again" in log.read_text(), 20, log.read_text())
        new_app = _until(lambda: [p for p in _children(proc.pid) if "reporting serve " in _cmdline(p)
                                  and p != apps[0]], 20, "no new app process")[0]
        _until(lambda: _healthy(health), 90, "the restarted process does not answer through nginx")

        os.kill(proc.pid, signal.SIGKILL)                # no chance to clean up itself
        proc.wait(10)
        _until(lambda: not _alive(new_app) and not _alive(nginx[0]), 20,
               f"left running: {[p for p in (new_app, nginx[0]) if _alive(p)]}")
        assert not _healthy(health)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
