"""Writing: one writer at a time (a lock file), on a private copy that is swapped in with an
atomic rename on success and deleted on failure; every write brings the derived tables in step
before it commits."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb

from reporting.core import config
from reporting.core.db.connection import DatabaseBusy
from reporting.core.db.schema import apply_schema
from reporting.core.sqlfiles import load_sql


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseBusy(
                f"Another import or demo generation is writing {path}; "
                f"try again when it has finished."
            ) from None
        yield
    finally:
        os.close(fd)


ROW_GROUP_SIZE = 16_384


def _sql_quote(text: str) -> str:
    """A server-generated path inside a SQL string literal (ATTACH takes no parameters)."""
    return text.replace("'", "''")


def _subscriptions_fingerprint(con: duckdb.DuckDBPyConnection) -> tuple:
    """Changes when any subscription's attributes copied onto charge lines change."""
    return tuple(con.execute(load_sql("core/subscriptions_fingerprint")).fetchall()[0])


@contextlib.contextmanager
def write_transaction(
    path: str | Path, *, fresh: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a private copy of the database; swap it in on success.

    ``fresh=True`` starts from an empty database instead of a copy (the demo generator).
    On any exception the copy is discarded and the live file is untouched.
    """
    path = Path(path)
    with writer_lock(path):
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        wal = Path(str(path) + ".wal")
        if wal.exists():
            raise DatabaseBusy(
                f"The database {path} has an unfinished write-ahead log ({wal.name}); "
                f"open it once with DuckDB to recover it, then try again."
            )
        try:
            if path.exists() and not fresh:
                shutil.copyfile(path, tmp)
            # Row groups of 16,384 rows instead of DuckDB's 122,880: the zone maps then narrow a
            # subscription's or a month's rows to a few groups (a subscription's drill-down
            # reads a twentieth of what it did); whole-table scans cost the same.
            con = duckdb.connect(":memory:")
            con.execute(f"ATTACH '{_sql_quote(str(tmp))}' AS data (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
            con.execute("USE data")
            try:
                con.execute(f"SET memory_limit = '{config.writer_memory_limit()}'")
                apply_schema(con)
                con.execute("BEGIN TRANSACTION")
                try:
                    subscriptions_before = _subscriptions_fingerprint(con)
                    yield con
                    # what is derived from the hierarchy and the subscriptions follows whatever
                    # this transaction wrote
                    con.execute(load_sql("core/derive_cost_centre_tree"))
                    con.execute(load_sql("core/stamp_charges"),
                                {"all": _subscriptions_fingerprint(con) != subscriptions_before})
                    con.execute(load_sql("core/derive_cost_monthly"))
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("CHECKPOINT data")
            finally:
                con.close()
            os.replace(tmp, path)
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
