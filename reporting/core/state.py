"""The app's own store: small writes made while people read reports (accounts, grants,
audit log, optimisation decisions, orders, documentation comments, the import log).

SQLite in WAL mode by default, PostgreSQL when ``REPORTING_STATE_URL`` is set (several hosts;
reporting/core/state_pg.py translates the statements): many processes (the app, CLI commands) can read and write it at once,
independently of the analytical DuckDB file that imports swap. Migrations are the files in
reporting/sql/state/migrations/, applied once each, tracked by name, on every open. The
statements the modules run are named files too, reporting/sql/state/<domain>/<name>.sql
(``sql("access/account_by_id")``), with values bound as ``:name`` parameters.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from reporting.core import config
from reporting.core.migrations import STATE, apply_migrations
from reporting.core.sqlfiles import load_sql

_migrated: set[str] = set()
_migrate_lock = threading.Lock()


def sql(name: str) -> str:
    """The state-store statement ``reporting/sql/state/<name>.sql``."""
    return load_sql(f"state/{name}")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=15, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA busy_timeout=15000")
    return con


def migrate(con: sqlite3.Connection) -> list[str]:
    """Apply the state store's pending migrations; returns their names."""
    return apply_migrations(con, STATE)


@contextlib.contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A short-lived connection to the state store, migrated on first use in this process.
    With ``REPORTING_STATE_URL`` set it is the PostgreSQL store that every host shares
    (reporting.core.state_pg), whatever ``path`` says: a deployment has one state store."""
    url = config.state_url()
    if url:
        from reporting.core import state_pg

        pg = state_pg.connect(url)
        try:
            yield pg  # type: ignore[misc]
        finally:
            pg.close()
        return
    path = Path(path or config.state_path())
    con = _connect(path)
    try:
        key = str(path.resolve())
        if key not in _migrated:
            with _migrate_lock:
                migrate(con)
                _migrated.add(key)
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def begin(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an open connection: committed on success, rolled back on any
    exception. For a loop of many small transactions (reporting.core.outbox): opening and
    closing a connection each time costs more than the transaction (the last connection's
    close checkpoints the WAL)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def transaction(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed on success, rolled back on any exception."""
    with connect(path) as con, begin(con):
        yield con
