"""The analytical schema: migrations (reporting.core.migrations), the views and table macros
(reporting/sql/core/views.sql), and the fingerprint that tells whether a file is current."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from reporting.core.migrations import ANALYTICAL, apply_migrations
from reporting.core.sqlfiles import load_sql, migration_files, views_sql


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
    con.execute(load_sql("core/dataset_set"), {"key": "schema_fingerprint", "value": schema_fingerprint()})
    return applied


def schema_is_current(path: Path) -> bool:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException:
        return True  # someone is writing it; they apply the schema themselves
    try:
        rows = con.execute(load_sql("core/dataset_value"), {"key": "schema_fingerprint"}).fetchall()
    except duckdb.CatalogException:
        return False
    finally:
        con.close()
    return bool(rows) and rows[0][0] == schema_fingerprint()


def ensure_schema(path: str | Path) -> None:
    """Bring an existing database to the code's schema (a swap, so readers are unaffected)."""
    # imported here: a write applies the schema, so the write module imports this one
    from reporting.core.db.write import write_transaction

    path = Path(path)
    if path.is_dir():                     # a store root: its catalogue and every tenant's store
        from reporting.core.db.stores import ensure_store_schema

        ensure_store_schema(path)
        return
    if path.exists() and not schema_is_current(path):
        with write_transaction(path):
            pass

