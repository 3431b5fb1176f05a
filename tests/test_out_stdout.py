"""``--out -`` is standard output, as for every Unix tool (issue 16, "Also"): the real
``python -m reporting`` process, its stdout parsed; no file named ``-`` is left behind. An
existing folder as ``--out`` gets the export's own file name, distinct for the two CSVs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd

from reporting.access.scope import Scope
from reporting.core.cli import main
from reporting.core.registry import run_report
from reporting.publish.export import file_name

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reporting", *argv], cwd=tmp_path, capture_output=True,
                          timeout=180, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_export_out_dash_writes_standard_output(demo_path, demo_db, tmp_path):
    expected = run_report("costs-by-month", demo_db, Scope.organisation("pohjola"))
    done = run(tmp_path, "export", "costs-by-month", "--org", "pohjola", "--db", str(demo_path), "--out", "-")
    assert done.returncode == 0, done.stderr
    back = pd.read_csv(io.BytesIO(done.stdout))
    assert list(back.columns) == list(expected.columns) and len(back) == len(expected)
    assert back.amount.tolist() == expected.amount.tolist()
    done = run(tmp_path, "export", "costs-by-month", "--org", "pohjola", "--db", str(demo_path),
               "--format", "xlsx", "--out", "-")
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(io.BytesIO(done.stdout)).active
    assert ws.max_row == len(expected) + 1
    assert not (tmp_path / "-").exists()


def test_messages_and_quote_out_dash(demo_path, tmp_path):
    done = run(tmp_path, "messages", "--org", "pohjola", "--db", str(demo_path), "--out", "-")
    assert done.returncode == 0, done.stderr
    outbox = pd.read_csv(io.BytesIO(done.stdout), dtype=str)
    assert {"phone_number", "text"} <= set(outbox.columns) and len(outbox) > 0
    done = run(tmp_path, "quote", "--users", "3", "--subscriptions", "40", "--html", "-")
    assert done.returncode == 0, done.stderr
    html = done.stdout.decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and html.rstrip().endswith("</html>")
    assert not (tmp_path / "-").exists()


def test_an_existing_folder_gets_distinct_csv_names(demo_path, tmp_path):
    for fmt in ("csv", "csv-fi"):
        assert main(["export", "costs-by-month", "--org", "pohjola", "--db", str(demo_path),
                     "--from", "2026-01", "--to", "2026-03", "--format", fmt, "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["costs-by-month_pohjola_2026-01_2026-03.csv", "costs-by-month_pohjola_2026-01_2026-03_fi.csv"]
    assert file_name("tickets", "csv") != file_name("tickets", "csv-fi")
    assert (tmp_path / names[1]).read_bytes().startswith("\ufeff".encode())
