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
  with every swap; ``Database.data_version(org)`` changes when a write changed that
  organisation (or everything) and is part of every cache key (docs/architecture.md,
  "Caches and data versions").
* The app's own small writes (accounts, grants, decisions, orders, comments, the import log)
  live in a separate SQLite store (``reporting.core.state``) that many processes can write.

The package by concern: ``connection`` (Database, the read-only connection reopened after a
swap), ``fetch`` (bound parameters, results as DataFrames), ``schema`` (migrations, views,
the schema fingerprint) and ``write`` (the writer lock, copy-and-swap, the derived tables
every write brings in step). Everything is importable from ``reporting.core.db``.
"""

from reporting.core.db.connection import (
    Database,
    DatabaseBusy,
    DatabaseError,
    DatabaseMissing,
    FileIdentity,
)
from reporting.core.db.fetch import bind_params, fetch_df
from reporting.core.db.schema import apply_schema, ensure_schema, schema_fingerprint, schema_is_current
from reporting.core.db.write import ROW_GROUP_SIZE, write_transaction, writer_lock

__all__ = [
    "ROW_GROUP_SIZE",
    "Database",
    "DatabaseBusy",
    "DatabaseError",
    "DatabaseMissing",
    "FileIdentity",
    "apply_schema",
    "bind_params",
    "ensure_schema",
    "fetch_df",
    "schema_fingerprint",
    "schema_is_current",
    "write_transaction",
    "writer_lock",
]
