"""Writers killed outright (issue 16, point 13): a SIGKILLed import cannot delete its private
copy of the database; the next writer removes every copy whose process is gone, so the disk
holds at most the copies of writers still running, and never touches a live writer's copy."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from reporting.core.db import DatabaseBusy, write_transaction
from reporting.core.db.write import _process_start, remove_stale_copies
from tests.conftest import make_demo

ROOT = Path(__file__).resolve().parents[1]
ENV_KEYS = ("REPORTING_UPLOADS", "REPORTING_STATE_DB")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copies(path: Path) -> list[str]:
    """The private copies (and their logs) of ``path`` on disk."""
    return sorted(n for n in os.listdir(path.parent) if n.startswith(f".{path.name}.") and ".tmp" in n)


def _charges_file(path: Path, lines: int) -> Path:
    rows = "".join(f"2026-10;;kertamaksu;Rivi {i};1;kpl;{i % 100},25\n" for i in range(lines))
    path.write_text("Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)\n"
                    + rows, encoding="utf-8")
    return path


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "REPORTING_UPLOADS": str(tmp_path / "uploads"),
            "REPORTING_STATE_DB": str(tmp_path / "state.sqlite")}


def _import(db: Path, file: Path, tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reporting", "import", str(file), "--org", "pohjola", "--db", str(db)],
        cwd=ROOT, env=_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_when(proc: subprocess.Popen, db: Path, ready, timeout: float = 60) -> list[str]:
    """SIGKILL ``proc`` as soon as ``ready(copies, sizes)`` holds; the copies on disk then."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        names = _copies(db)
        if names and ready(names, db):
            break
        if proc.poll() is not None:
            pytest.fail(f"the import ended before it could be killed: {proc.stderr.read()!r}")
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return _copies(db)


def _mid_copy(names, db) -> bool:
    return True                             # the copy has just appeared: as early as possible


def _mid_write(names, db) -> bool:
    return any(n.endswith(".wal") for n in names)   # DuckDB is writing the copy's log


def _after(delay):
    start = []

    def ready(names, db) -> bool:
        start.append(start[0] if start else time.monotonic())
        return time.monotonic() - start[0] >= delay
    return ready


def test_killed_imports_leave_no_growing_pile_of_copies(tmp_path):
    db = make_demo(tmp_path / "live.duckdb", seed=5)
    size = db.stat().st_size
    big = _charges_file(tmp_path / "charges.csv", 400_000)
    original = _sha(db)
    moments = [_mid_copy, _mid_write, _after(0.3), _mid_copy, _after(1.0), _mid_write, _after(0.1)]
    seen_partial = seen_wal = False
    for n, moment in enumerate(moments, start=1):
        left = _kill_when(_import(db, big, tmp_path), db, moment)
        # the kill left this import's copy (and maybe its log) behind: the test is not vacuous
        bases = {name.removesuffix(".wal") for name in left}
        assert len(bases) == 1, f"kill {n}: the earlier killed imports' copies are still there: {left}"
        base = tmp_path / next(iter(bases))
        seen_partial |= base.exists() and base.stat().st_size < size
        seen_wal |= any(name.endswith(".wal") for name in left)
        # the live database is byte-for-byte what it was, and opens
        assert _sha(db) == original, f"kill {n} changed the live database"
        assert not Path(str(db) + ".wal").exists()
    assert seen_wal, "at least one import was killed while writing its copy"
    # killed before its copy was complete: timing-dependent (the copy takes milliseconds), so
    # not required; the removal does not depend on how far a copy got
    del seen_partial

    done = subprocess.run(
        [sys.executable, "-m", "reporting", "import", str(_charges_file(tmp_path / "small.csv", 3)),
         "--org", "pohjola", "--db", str(db)],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _copies(db) == []
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = con.execute("SELECT sum(amount) FROM charges WHERE org_id = 'pohjola' AND "
                          "invoice_month = DATE '2026-10-01' AND description LIKE 'Rivi %'").fetchall()
    finally:
        con.close()
    assert float(got[0][0]) == pytest.approx(0.25 + 1.25 + 2.25)


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_only_the_copies_of_writers_that_are_gone_are_removed(tmp_path):
    db = tmp_path / "r.duckdb"
    db.write_bytes(b"live")
    alive = _sleeper()
    dead = _sleeper()
    dead.kill()
    dead.wait()
    try:
        start = _process_start(alive.pid)
        assert start
        hexes = iter(f"{i:032x}" for i in range(1, 100))
        live_copy = f".r.duckdb.{alive.pid}-{start}.{next(hexes)}.tmp"
        files = {
            live_copy: True,                                           # a live writer's: kept
            live_copy + ".wal": True,
            f".r.duckdb.{dead.pid}-{start}.{next(hexes)}.tmp": False,  # its process is gone
            f".r.duckdb.{dead.pid}-{start}.{next(hexes)}.tmp.wal": False,
            f".r.duckdb.{alive.pid}-{int(start) - 1}.{next(hexes)}.tmp": False,  # id reused since
            f".r.duckdb.{next(hexes)}.tmp": False,                     # the earlier name: stale
            f".other.duckdb.{dead.pid}-{start}.{next(hexes)}.tmp": True,  # another database's
            f".r.duckdb.{dead.pid}-{start}.notours.tmp": True,         # not a copy's name
            "r.duckdb.lock": True,
        }
        for name in files:
            (tmp_path / name).write_bytes(b"x")
        removed = remove_stale_copies(db)
        assert sorted(p.name for p in removed) == sorted(n for n, keep in files.items() if not keep)
        for name, keep in files.items():
            assert (tmp_path / name).exists() == keep, name
        assert db.read_bytes() == b"live"
    finally:
        alive.kill()
        alive.wait()


def test_a_zombie_writer_is_gone(tmp_path):
    """A killed writer whose parent has not reaped it yet is dead: its copy goes."""
    db = tmp_path / "z.duckdb"
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while _process_start(zombie.pid) is not None and time.monotonic() < deadline:
        time.sleep(0.01)                    # exited, not waited for: a zombie
    try:
        name = f".z.duckdb.{zombie.pid}-1.{'a' * 32}.tmp"
        (tmp_path / name).write_bytes(b"x")
        assert [p.name for p in remove_stale_copies(db)] == [name]
    finally:
        zombie.wait()


def test_a_live_concurrent_writers_copy_is_never_touched(tmp_path):
    """A second writer is refused before it looks at any copy; the first writer's copy stays
    and its write completes."""
    db = make_demo(tmp_path / "busy.duckdb", seed=3)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from reporting.core.db import write_transaction
            with write_transaction(Path({str(db)!r})) as con:
                con.execute("UPDATE organisations SET name = 'Kirjoitettu' WHERE org_id = 'pohjola'")
                print("holding", flush=True)
                sys.stdin.readline()
        """)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "holding"
        theirs = _copies(db)
        assert theirs and all(f".{holder.pid}-" in n for n in theirs)
        with pytest.raises(DatabaseBusy), write_transaction(db):
            pass
        done = subprocess.run(
            [sys.executable, "-m", "reporting", "import", str(_charges_file(tmp_path / "c.csv", 3)),
             "--org", "pohjola", "--db", str(db)],
            cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "Another import" in done.stderr
        assert _copies(db) == theirs
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert _copies(db) == []
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT name FROM organisations WHERE org_id = 'pohjola'").fetchall() == [("Kirjoitettu",)]
    finally:
        con.close()
