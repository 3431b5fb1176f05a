"""The page benchmark runs end to end (issue 19): ``bench --pages --quick`` starts the real server
on the small demo, drives Chromium through every page of one persona per role, three concurrent
sessions (two in Chromium, one over the websocket protocol) and the shared deep link, and reports a settle time for each, with no errors.

Slow (a server, Chromium, every page): ``pytest -m slow tests/test_bench_pages_smoke.py``. It
asserts that the figures exist and that nothing failed, never how fast anything was."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.ui.navigation import pages_for

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SESSION_STEPS = 8       # overview, the drill-down and three levels down, usage, optimisation, messages


def test_quick_page_benchmark_times_every_page_of_every_role_without_errors(demo_path, tmp_path):
    db_path = tmp_path / "demo.duckdb"
    shutil.copy(demo_path, db_path)
    out_json = tmp_path / "pages.json"
    proc = subprocess.run(
        [sys.executable, "-m", "reporting", "bench", "--pages", "--quick", "--no-naive", "--no-apptest",
         "--db", str(db_path), "--json", str(out_json)],
        cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = json.loads(out_json.read_text())

    db = Database(db_path)
    try:
        users = demo_personas(db)
    finally:
        db.close()
    roles = {u.role.value for u in users}
    measured = out["roles"]
    assert {entry["role"] for entry in measured.values()} == roles      # one persona per role at least
    for uid, entry in measured.items():
        user = next(u for u in users if u.user_id == uid)
        expected = {p.key for p in pages_for(user.role)}
        assert set(entry["pages"]) == expected, uid
        for key, cell in entry["pages"].items():
            assert cell["first"] is not None and cell["first"] > 0, (uid, key)
            assert cell["second"] is not None and cell["second"] > 0, (uid, key)
        assert entry["fresh_first_page_ms"] is not None
    sessions = out["sessions"]["3"]          # two in Chromium, one over the websocket protocol
    assert sessions["browsers"] == 2
    assert sessions["count"] == 2 * SESSION_STEPS and not sessions["errors"]
    assert sessions["protocol"]["runs"] >= SESSION_STEPS and sessions["protocol"]["count"] == sessions["protocol"]["runs"]
    assert out["deep_link"]["first"] is not None and out["deep_link"]["again"] is not None
    assert out["errors"] == [], out["errors"]
    assert max(out["memory_peak_mb"].values()) > 0
    assert out["functions_ms"]                # the report functions were timed in the same run
