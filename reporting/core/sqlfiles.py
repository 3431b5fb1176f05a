"""Named SQL files under reporting/sql/, one folder per domain.

    sql/<domain>/<name>.sql   named queries, loaded as load_sql("<domain>/<name>")
    sql/core/views.sql        views and scoped_* table macros of the analytical database
    sql/migrations/           NNNN_name.sql, the analytical (DuckDB) schema
    sql/state/migrations/     NNNN_name.sql, the state store's (SQLite) schema
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
_NAME_RE = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")


@cache
def load_sql(name: str) -> str:
    """The text of ``reporting/sql/<name>.sql`` (``<domain>/<file>``); names are identifiers,
    never user input."""
    if not _NAME_RE.match(name):
        raise ValueError(f"invalid SQL file name {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def migration_files(folder: str = "migrations") -> tuple[tuple[str, str], ...]:
    """(name, text) of every migration in ``reporting/sql/<folder>/``, in name order; each is
    applied once per database (reporting.core.migrations). The default is the analytical
    schema's; the state store's are in ``state/migrations``."""
    if not _NAME_RE.match(folder):
        raise ValueError(f"invalid SQL folder name {folder!r}")
    files = sorted((SQL_DIR / folder).glob("*.sql"))
    return tuple((f.stem, f.read_text(encoding="utf-8")) for f in files)


@cache
def views_sql() -> str:
    return (SQL_DIR / "core" / "views.sql").read_text(encoding="utf-8")
