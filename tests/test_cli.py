from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reporting", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_help_lists_commands_and_each_has_help():
    out = _run("--help")
    assert out.returncode == 0
    for command in ("demo", "export"):
        assert command in out.stdout
        sub = _run(command, "--help")
        assert sub.returncode == 0 and "usage:" in sub.stdout


def test_export_home_headline_matches_the_database(demo_path, raw):
    out = _run("export", "home-headline", "--org", "saimaa", "--db", str(demo_path))
    assert out.returncode == 0, out.stderr
    header, row = out.stdout.strip().splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    subs = raw("subscriptions")
    assert values["org_name"] == "Saimaan Ohjelmistotalo Oy"
    assert values["month"] == "2026-10-01"
    expected = raw("charges")
    expected = expected[(expected.org_id == "saimaa") & (expected.invoice_month == "2026-10-01")].amount.sum()
    assert abs(float(values["cost_month"]) - float(expected)) < 0.005
    assert int(values["active_subscriptions"]) <= (subs.org_id == "saimaa").sum()


def test_export_unknown_org_is_a_clear_error(demo_path):
    out = _run("export", "home-headline", "--org", "nobody", "--db", str(demo_path))
    assert out.returncode == 2
    assert out.stderr.strip() == f"error: no organisation 'nobody' in {demo_path}"
