"""The command line: every command has help, exports give the database's figures, errors are
one sentence with exit code 2. In-process through ``main()``; one test runs the real
``python -m reporting`` to prove its exit code and stderr reach the shell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reporting.core.cli import _command_modules, main

ROOT = Path(__file__).resolve().parent.parent


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_lists_commands_and_each_has_help(capsys):
    top = _help(capsys)
    names = [m.NAME for m in _command_modules()]
    assert {"demo", "export", "serve", "import", "users"} <= set(names)
    for command in names:
        assert command in top
        assert "usage:" in _help(capsys, command)


def test_export_home_headline_matches_the_database(demo_path, raw, capsys):
    assert main(["export", "home-headline", "--org", "saimaa", "--db", str(demo_path)]) == 0
    header, row = capsys.readouterr().out.strip().splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    subs = raw("subscriptions")
    assert values["org_name"] == "Saimaan Ohjelmistotalo Oy"
    assert values["month"] == "2026-10-01"
    expected = raw("charges")
    expected = expected[(expected.org_id == "saimaa") & (expected.invoice_month == "2026-10-01")].amount.sum()
    assert abs(float(values["cost_month"]) - float(expected)) < 0.005
    assert int(values["active_subscriptions"]) <= (subs.org_id == "saimaa").sum()


def test_export_unknown_org_is_a_clear_error(demo_path):
    """The real process: the exit code and the one-line message reach the shell."""
    out = subprocess.run([sys.executable, "-m", "reporting", "export", "home-headline", "--org", "nobody",
                          "--db", str(demo_path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip() == f"error: no organisation 'nobody' in {demo_path}"


def test_serve_turns_off_the_full_garbage_collection_and_the_file_watcher_unless_asked():
    """Streamlit's default collects the whole heap after every script run, under the
    interpreter lock: half of each page run's CPU on the large demo (docs/performance.md);
    its file watcher re-imports the app's modules under running sessions."""
    import tomllib

    from reporting.commands.serve import streamlit_options

    assert streamlit_options(["--server.port", "8600"]) == [
        "--runner.postScriptGC", "false", "--server.fileWatcherType", "none", "--server.port", "8600"]
    # what the command line says wins
    assert streamlit_options(["--runner.postScriptGC", "true"]) == [
        "--server.fileWatcherType", "none", "--runner.postScriptGC", "true"]
    assert streamlit_options(["--runner.postScriptGC=true", "--server.fileWatcherType=auto"]) == [
        "--runner.postScriptGC=true", "--server.fileWatcherType=auto"]
    # a plain `streamlit run app.py` from the project has the same default
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
