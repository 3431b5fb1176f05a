"""One migration runner for both stores: the analytical DuckDB file and the SQLite state store.

A store's migrations are the files ``NNNN_name.sql`` of one folder under reporting/sql/,
applied in name order, each once: in its own transaction, which also records its name in the
store's bookkeeping table, so a failed migration leaves neither its changes nor its name. The
name is looked up again inside the transaction, because the state store is shared by several
processes that may migrate it at the same moment (the analytical file is migrated by one
writer at a time, on its private copy; the second look costs nothing there).

The stores differ only in what ``Store`` says: the folder, the bookkeeping statements
(reporting/sql/core/schema_migration*.sql, reporting/sql/state/state_migration*.sql), how a
write transaction is opened, and whether the driver runs a whole script in one call (DuckDB)
or one statement per call (sqlite3).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reporting.core.sqlfiles import load_sql, migration_files


@dataclass(frozen=True)
class Store:
    folder: str            # the migrations' folder under reporting/sql/
    bookkeeping: str       # the bookkeeping statements' prefix: <prefix>_table, _applied ...
    record: str            # the statements that test and record one name: <record>_done, _record
    begin: str             # the statement that opens a write transaction
    split: bool            # the driver executes one statement per call


ANALYTICAL = Store("migrations", "core/schema_migrations", "core/schema_migration",
                   "BEGIN TRANSACTION", split=False)
STATE = Store("state/migrations", "state/state_migrations", "state/state_migration",
              "BEGIN IMMEDIATE", split=True)


def apply_migrations(con: Any, store: Store,
                     migrations: Sequence[tuple[str, str]] | None = None) -> list[str]:
    """Apply the pending migrations of ``store`` (``migrations``: (name, text) pairs, by
    default the store's files) to the connection ``con``, which is in autocommit mode.
    Returns the names applied, in order."""
    if migrations is None:
        migrations = migration_files(store.folder)
    con.execute(load_sql(f"{store.bookkeeping}_table"))
    done = {r[0] for r in con.execute(load_sql(f"{store.bookkeeping}_applied")).fetchall()}
    applied = []
    for name, text in migrations:
        if name in done:
            continue
        con.execute(store.begin)
        try:
            if con.execute(load_sql(f"{store.record}_done"), {"name": name}).fetchall():
                con.execute("COMMIT")
                continue
            for statement in statements(text) if store.split else [text]:
                con.execute(statement)
            con.execute(load_sql(f"{store.record}_record"), {"name": name})
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def statements(script: str) -> list[str]:
    """A script's statements, for a driver that runs one per call (SQLite's own parser tells
    where a statement ends, so semicolons in strings, comments and triggers are safe)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        if sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf))
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out
