"""The read-only connection: one per process, a cursor per query, reopened after a swap
(the design is in reporting/core/db/__init__.py)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from reporting.core.db.fetch import bind_params, fetch_df
from reporting.core.sqlfiles import load_sql

GLOBAL_VERSION = "*"      # the data_versions row of the part every cache key carries
TENANTS_OPEN = 32         # tenants' stores a catalogue keeps open for for_org


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



class Database:
    """One read-only DuckDB connection per process; a cursor per query.

    Thread-safe: Streamlit sessions run in threads, each query gets its own cursor, and the
    reopen after a swap is guarded by a lock.
    """

    def __init__(self, path: str | Path, org_id: str | None = None):
        """``path``: a database file, or a store root (one store per organisation,
        reporting/core/db/stores.py), where ``org_id`` names the organisation whose store is
        opened (none: the catalogue). A single file holds every organisation: ``org_id`` does
        not change what it opens."""
        from reporting.core.db.stores import reader_path

        self.path = reader_path(path, org_id)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._fd: int = -1
        self._retired: list[tuple[duckdb.DuckDBPyConnection, int]] = []
        self._identity: FileIdentity | None = None
        # the data_versions table of the file identity it was read from (data_version)
        self._versions: tuple[FileIdentity, dict[str, str] | None] | None = None
        self._info: tuple[FileIdentity | None, dict[str, str]] | None = None     # dataset_info
        # a catalogue's tenants' stores (for_org), the most recently asked last
        self._tenants: OrderedDict[str, Database] = OrderedDict()

    def for_org(self, org_id: str | None) -> Database:
        """The Database that holds ``org_id``'s rows: this one, or when this is the catalogue
        of a store root (reporting/core/db/stores.py), that organisation's store, opened once
        and closed with this one. What takes a Database and works through several
        organisations (the daily alerts and deliveries, the monthly reports, ``run_report``)
        asks for each organisation's here."""
        from reporting.core.db.stores import is_catalogue

        if not org_id or not is_catalogue(self.path):
            return self
        with self._lock:
            db = self._tenants.get(org_id)
            if db is None:
                db = self._tenants[org_id] = Database(self.path.parent, org_id)
            self._tenants.move_to_end(org_id)
            # at most TENANTS_OPEN stay open (a pass through every organisation of a root must
            # not hold an instance of each); one handed out still works until it is dropped
            while len(self._tenants) > TENANTS_OPEN:
                self._tenants.popitem(last=False)
        return db

    def __del__(self) -> None:
        # an unreferenced Database (a tenant's store let go by for_org) closes its file
        try:
            self.close()
        except Exception:       # interpreter shutdown: nothing left to close with
            pass

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
            # This connection reads its one file and nothing else: no other database (another
            # organisation's store, reporting/core/db/stores.py), no file, no extension, and
            # the setting cannot be switched back by any query that runs on it.
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
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

    def _data_versions(self) -> tuple[FileIdentity, dict[str, str] | None]:
        """(file identity, {org_id: version}) of the attached file, read once per identity;
        None for the versions when the file has no data_versions table (an older schema)."""
        self.refresh()
        with self._lock:
            ident, con, memo = self._identity, self._con, self._versions
            assert ident is not None and con is not None
            if memo is not None and memo[0] == ident:
                return memo
            cur = con.cursor()
        try:
            cur.execute("USE data")
            try:
                versions: dict[str, str] | None = dict(cur.execute(load_sql("core/data_versions")).fetchall())
            except duckdb.CatalogException:
                versions = None
        finally:
            cur.close()
        memo = (ident, versions)
        with self._lock:
            if self._identity == ident:
                self._versions = memo
        return memo

    def data_version(self, org_id: str | None) -> str:
        """The version a cache key of a result for ``org_id`` must carry: the database's path
        (two copies of one file never share keys), the organisation's data version and the
        global part (reporting/core/db/write.py says what changes them), so an import into
        another organisation leaves it alone. ``None`` (the operator, every organisation):
        changes with every write. No query per call: the table is read once per file swap."""
        ident, versions = self._data_versions()
        where = os.path.abspath(self.path)
        if org_id is None or versions is None:
            return f"{where}|{ident.inode}-{ident.mtime_ns}-{ident.size}"
        return f"{where}|{versions.get(org_id, '0')}|{versions.get(GLOBAL_VERSION, '0')}"

    def close(self) -> None:
        with self._lock:
            tenants, self._tenants = list(self._tenants.values()), OrderedDict()
        for tenant in tenants:
            tenant.close()
        with self._lock:
            for con, fd in [*self._retired, (self._con, self._fd)]:
                if con is not None:
                    con.close()
                    os.close(fd)
            self._retired = []
            self._con, self._fd, self._identity = None, -1, None
            self._versions = None
            self._info = None

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
        """Every fact of the data set (reporting/sql/core/dataset_info.sql): read once per
        file identity (a write swaps the file), a fresh dict per call."""
        self.refresh()
        with self._lock:
            ident, memo = self._identity, self._info
        if memo is not None and memo[0] == ident:
            return dict(memo[1])
        info = dict(self.rows(load_sql("core/dataset_info")))
        with self._lock:
            if self._identity == ident:
                self._info = (ident, info)
        return dict(info)



def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

