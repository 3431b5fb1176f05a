"""The analytical database: connections, schema migrations and atomic writes.

Design (docs/architecture.md, "Several processes, one database"):

* Readers (the app, CLI exports) open the DuckDB file **read-only**. Any number of processes
  can do that at once.
* Writers (imports, the demo generator, schema migrations) never write the live file. They
  take an exclusive lock file, copy the live file to a private temporary file, write there in
  one transaction, checkpoint, and swap it in with an atomic rename. A failed or cancelled
  write deletes its temporary file, so the live database is exactly as it was.
* A reader notices the swap (the file's inode changes) at its next query and reopens, so the
  app shows new data at the next interaction without a restart. ``Database.version`` changes
  with every swap and is part of every cache key.
* The app's own small writes (accounts, grants, decisions, orders, comments, the import log)
  live in a separate SQLite store (``reporting.core.state``) that many processes can write.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import threading
import uuid
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reporting.core import config
from reporting.core.migrations import ANALYTICAL, apply_migrations
from reporting.core.sqlfiles import load_sql, migration_files, views_sql

_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class DatabaseError(Exception):
    """A problem the user can act on, stated in one sentence."""


class DatabaseMissing(DatabaseError):
    pass


class DatabaseBusy(DatabaseError):
    pass


@dataclass(frozen=True)
class FileIdentity:
    inode: int
    mtime_ns: int
    size: int


def _identity(path: Path) -> FileIdentity | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return FileIdentity(st.st_ino, st.st_mtime_ns, st.st_size)


def bind_params(sql: str, params: Mapping[str, Any] | Sequence[Any]) -> Any:
    """Keep only the named parameters the statement uses (DuckDB rejects extra ones).
    A sequence is positional (``?``) and passes through."""
    if not isinstance(params, Mapping):
        return list(params)
    used = set(_PARAM_RE.findall(sql))
    missing = used - set(params)
    if missing:
        raise KeyError(f"SQL parameter(s) not supplied: {', '.join(sorted(missing))}")
    return {k: v for k, v in params.items() if k in used}


class Database:
    """One read-only DuckDB connection per process; a cursor per query.

    Thread-safe: Streamlit sessions run in threads, each query gets its own cursor, and the
    reopen after a swap is guarded by a lock.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._fd: int = -1
        self._retired: list[tuple[duckdb.DuckDBPyConnection, int]] = []
        self._identity: FileIdentity | None = None

    # -- connection management -------------------------------------------------------------
    def _open(self) -> None:
        # DuckDB caches database instances by (canonical) path within a process, so
        # reconnecting to the same path after a swap would hand back the old instance. So each
        # generation gets its own in-memory instance that ATTACHes the file read-only, through
        # /proc/self/fd/N of a descriptor we opened: the identity is taken from the very file
        # that was attached (no stat/open race).
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            raise DatabaseMissing(
                f"The database {self.path} does not exist; create it with "
                f"'python -m reporting demo' or load data with 'python -m reporting import'."
            ) from None
        st = os.fstat(fd)
        ident = FileIdentity(st.st_ino, st.st_mtime_ns, st.st_size)
        try:
            con = duckdb.connect(":memory:")
            # large_string Arrow buffers become pandas' string columns without a copy
            con.execute("SET arrow_large_buffer_size = true")
            con.execute(f"ATTACH '/proc/self/fd/{int(fd)}' AS data (READ_ONLY)")
            con.execute("USE data")
        except duckdb.IOException as exc:
            os.close(fd)
            raise DatabaseBusy(
                f"The database {self.path} is locked for writing by another program; "
                f"close it and try again ({_first_line(exc)})."
            ) from exc
        # Retire the previous connection only after the next refresh, so a cursor still
        # running in another thread finishes on the old file, and its fd number is not
        # reused (which would let the instance cache return the old database).
        for old_con, old_fd in self._retired:
            old_con.close()
            os.close(old_fd)
        self._retired = [(self._con, self._fd)] if self._con is not None else []
        self._con, self._fd, self._identity = con, fd, ident

    def refresh(self) -> bool:
        """Reopen when the file was swapped; return True when it was."""
        with self._lock:
            ident = _identity(self.path)
            if self._con is not None and ident == self._identity:
                return False
            self._open()
            return True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        self.refresh()
        with self._lock:
            assert self._con is not None
            cur = self._con.cursor()
        cur.execute("USE data")
        return cur

    @property
    def version(self) -> str:
        """Changes with every swap of the file: put it in every cache key."""
        self.refresh()
        ident = self._identity
        assert ident is not None
        return f"{ident.inode}-{ident.mtime_ns}-{ident.size}"

    def close(self) -> None:
        with self._lock:
            for con, fd in [*self._retired, (self._con, self._fd)]:
                if con is not None:
                    con.close()
                    os.close(fd)
            self._retired = []
            self._con, self._fd, self._identity = None, -1, None

    # -- queries ----------------------------------------------------------------------------
    def query(self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None) -> pd.DataFrame:
        params = bind_params(sql, params or {})
        cur = self.cursor()
        try:
            return fetch_df(cur, sql, params)
        finally:
            cur.close()

    def rows(self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None) -> list[tuple]:
        params = bind_params(sql, params or {})
        cur = self.cursor()
        try:
            return cur.execute(sql, params).fetchall()
        finally:
            cur.close()

    def named(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run the named query ``reporting/sql/<name>.sql``."""
        return self.query(load_sql(name), params)

    def dataset_info(self) -> dict[str, str]:
        return dict(self.rows("SELECT key, value FROM dataset_info"))


# -- results as DataFrames --------------------------------------------------------------------
# DuckDB's ``.df()`` builds a Python object per string cell (about a microsecond each: half a
# second for 100,000 rows of a few text columns). Fetching Arrow and converting column by column
# is several times faster and gives the same dtypes as ``.df()`` (tests/test_db_fetch.py checks
# it): text as pandas' ``str``, DATE as datetime64[us], DECIMAL/HUGEINT as float64, integers and
# booleans with NULLs as the nullable dtypes, ENUM as an ordered categorical. Result types
# outside that list (lists, structs, intervals, times, UUIDs ...) take the ``.df()`` path.

_ARROW_IDS = {"boolean", "tinyint", "smallint", "integer", "bigint", "utinyint", "usmallint",
              "uinteger", "ubigint", "hugeint", "float", "double", "decimal", "date", "timestamp",
              "timestamp with time zone", "varchar", "enum"}
_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_NULLABLE_INT = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                 pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
                 pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype()}


def _column(arr: pa.ChunkedArray, duck_type: Any) -> Any:
    duck_id = duck_type.id
    n, nulls = len(arr), arr.null_count
    t = arr.type
    if duck_id == "varchar":
        if n == 0 or nulls == n:       # .df() gives object columns here (None when all NULL)
            return np.full(n, None, dtype=object)
        return pd.array(arr, dtype=_STR)
    if duck_id == "enum":
        categories = pd.Index(dict(duck_type.children)["values"], dtype=_STR)
        if not pa.types.is_dictionary(t):
            if n and nulls < n:
                return arr.to_pandas()
            return pd.Categorical.from_codes(np.full(n, -1), categories=categories, ordered=True)
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        codes = pc.cast(arr.indices, pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False)
        if arr.dictionary.to_pylist() != list(categories):   # map the result's dictionary to the type's
            remap = np.array([categories.get_loc(v) for v in arr.dictionary.to_pylist()] + [-1])
            codes = remap[codes]
        return pd.Categorical.from_codes(codes, categories=categories, ordered=True)
    if duck_id in ("decimal", "hugeint"):
        # Arrow's decimal-to-double cast is not correctly rounded (33.35 can become
        # 33.350000000000001, which then shows in exports); through the decimal's own text the
        # parse gives the nearest double, as .df() does.
        return pc.cast(pc.cast(arr, pa.string()), pa.float64()).to_numpy(zero_copy_only=False)
    if duck_id == "date":
        return pc.cast(arr, pa.timestamp("us")).to_pandas().to_numpy() if n else np.array([], "datetime64[us]")
    if pa.types.is_integer(t) or pa.types.is_boolean(t):
        if nulls and n:
            return pd.array(arr, dtype=pd.BooleanDtype() if pa.types.is_boolean(t) else _NULLABLE_INT[t])
        return arr.to_numpy(zero_copy_only=False)
    return arr.to_pandas()


# DuckDB warns that Arrow output from an executed statement copies the rows once more; for
# report-sized results that copy is cheaper than planning the query twice (fetch_df).
_ARROW_COPY_NOTE = "Arrow output on a DB-API result makes an extra copy of the rows"
warnings.filterwarnings("ignore", message=re.escape(_ARROW_COPY_NOTE), category=UserWarning, module=__name__)


def fetch_df(cur: duckdb.DuckDBPyConnection, sql: str, params: Any) -> pd.DataFrame:
    """Run a read-only query and return its result as a DataFrame, the way ``.df()`` would."""
    # execute() plans the query once; a relation (cur.sql) plans it to learn its columns and
    # again to run it: 3-5 ms a report query, more than the copy of the rows into Arrow that
    # DuckDB warns about here costs (the warning is filtered, see _ARROW_COPY_NOTE)
    cur.execute(sql, params)
    names = [d[0] for d in cur.description]
    types = [d[1] for d in cur.description]
    if len(set(names)) != len(names) or any(t.id not in _ARROW_IDS for t in types):
        return cur.df()
    table = cur.to_arrow_table()
    return pd.DataFrame({name: _column(table.column(k), t) for k, (name, t) in enumerate(zip(names, types, strict=True))},
                        columns=names)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# -- schema ----------------------------------------------------------------------------------

def schema_fingerprint() -> str:
    h = hashlib.sha256()
    for name, text in migration_files():
        h.update(name.encode())
        h.update(text.encode())
    h.update(views_sql().encode())
    return h.hexdigest()[:16]


def apply_schema(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations (reporting.core.migrations) and re-create the views. Idempotent."""
    applied = apply_migrations(con, ANALYTICAL)
    con.execute(views_sql())
    con.execute(
        "INSERT OR REPLACE INTO dataset_info VALUES ('schema_fingerprint', ?)",
        [schema_fingerprint()],
    )
    return applied


def schema_is_current(path: Path) -> bool:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException:
        return True  # someone is writing it; they apply the schema themselves
    try:
        rows = con.execute(
            "SELECT value FROM dataset_info WHERE key = 'schema_fingerprint'"
        ).fetchall()
    except duckdb.CatalogException:
        return False
    finally:
        con.close()
    return bool(rows) and rows[0][0] == schema_fingerprint()


def ensure_schema(path: str | Path) -> None:
    """Bring an existing database to the code's schema (a swap, so readers are unaffected)."""
    path = Path(path)
    if path.exists() and not schema_is_current(path):
        with write_transaction(path):
            pass


# -- writing ---------------------------------------------------------------------------------

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
    return tuple(con.execute("SELECT count(*), sum(hash(org_id, subscription_id, cost_centre, service_type, plan)) "
                             "FROM subscriptions").fetchall()[0])


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
