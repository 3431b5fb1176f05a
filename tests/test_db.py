"""The write/swap design: readers never block, a failed write changes nothing, a second
writer is refused in one sentence, readers see new data at their next query."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from reporting.core.db import Database, DatabaseBusy, DatabaseMissing, ensure_schema, write_transaction
from tests.conftest import make_demo

ROOT = Path(__file__).resolve().parent.parent


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_db(tmp_path, demo_path) -> Path:
    path = tmp_path / "db.duckdb"
    path.write_bytes(demo_path.read_bytes())
    return path


def test_failed_write_leaves_the_file_byte_identical(small_db):
    before = _sha(small_db)
    with pytest.raises(RuntimeError), write_transaction(small_db) as con:
        con.execute("DELETE FROM charges")
        con.execute("INSERT INTO organisations VALUES ('x', 'X Oy', '0112038-9', NULL)")
        raise RuntimeError("simulated failure half-way")
    assert _sha(small_db) == before
    assert not list(small_db.parent.glob(".*.tmp")), "temporary copy removed"


def test_successful_write_swaps_and_reader_sees_it_at_next_query(small_db):
    db = Database(small_db)
    n_before = db.rows("SELECT count(*) FROM organisations")[0][0]
    version = db.version
    with write_transaction(small_db) as con:
        con.execute("INSERT INTO organisations VALUES ('x', 'X Oy', '0112038-9', NULL)")
    assert db.rows("SELECT count(*) FROM organisations")[0][0] == n_before + 1
    assert db.version != version
    db.close()


def test_second_writer_is_refused_with_one_sentence(small_db):
    with write_transaction(small_db):
        with pytest.raises(DatabaseBusy) as err, write_transaction(small_db):
            pass
    msg = str(err.value)
    assert "Another import or demo generation is writing" in msg and msg.count(".") <= 3


def test_missing_database_says_how_to_create_it(tmp_path):
    with pytest.raises(DatabaseMissing, match="python -m reporting demo"):
        Database(tmp_path / "nope.duckdb").rows("SELECT 1")


def test_schema_changes_are_applied_to_an_existing_database_by_a_swap(small_db):
    """A database written by an older version (its views differ) is brought up to date."""
    con = duckdb.connect(str(small_db))
    con.execute("DROP VIEW cost_centre_paths")
    con.execute("UPDATE dataset_info SET value = 'older' WHERE key = 'schema_fingerprint'")
    con.close()
    ensure_schema(small_db)
    db = Database(small_db)
    assert db.rows("SELECT count(*) FROM cost_centre_paths")[0][0] > 0
    version = db.version
    ensure_schema(small_db)  # idempotent: nothing to do, no swap
    assert db.version == version
    db.close()


def test_cli_demo_runs_while_another_process_reads(tmp_path):
    """Two real processes: a reader holds the database open read-only and keeps querying
    while `python -m reporting demo` replaces the data; the reader sees the new data."""
    path = make_demo(tmp_path / "live.duckdb", seed=3)
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from reporting.core.db import Database
            db = Database({str(path)!r})
            first = db.rows("SELECT value FROM dataset_info WHERE key = 'seed'")[0][0]
            print("first", first, flush=True)
            deadline = time.time() + 60
            while time.time() < deadline:
                seed = db.rows("SELECT value FROM dataset_info WHERE key = 'seed'")[0][0]
                if seed != first:
                    print("second", seed, flush=True)
                    break
                time.sleep(0.1)
        """)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert reader.stdout.readline().split() == ["first", "3"]
    done = subprocess.run(
        [sys.executable, "-m", "reporting", "demo", "--seed", "4", "--db", str(path),
         "--today", "2026-11-27"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out, _ = reader.communicate(timeout=60)
    assert out.split() == ["second", "4"]


def test_cli_writer_refused_while_another_writes(tmp_path):
    path = make_demo(tmp_path / "busy.duckdb", seed=3)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from reporting.core.db import write_transaction
            with write_transaction(__import__('pathlib').Path({str(path)!r})):
                print("holding", flush=True)
                time.sleep(30)
        """)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        t0 = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "reporting", "demo", "--db", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert time.monotonic() - t0 < 30, "refused at once, not after waiting"
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("error: Another import or demo generation is writing")
    assert len(done.stderr.strip().splitlines()) == 1
