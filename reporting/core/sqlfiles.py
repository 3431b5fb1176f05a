"""Named SQL files under reporting/sql/: report queries, migrations and views."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
_NAME_RE = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")


@cache
def load_sql(name: str) -> str:
    """The text of ``reporting/sql/<name>.sql``; names are identifiers, never user input."""
    if not _NAME_RE.match(name):
        raise ValueError(f"invalid SQL file name {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def migration_files() -> tuple[tuple[str, str], ...]:
    """(name, text) of every migration, in name order; each is applied once per database."""
    files = sorted((SQL_DIR / "migrations").glob("*.sql"))
    return tuple((f.stem, f.read_text(encoding="utf-8")) for f in files)


@cache
def views_sql() -> str:
    return (SQL_DIR / "views.sql").read_text(encoding="utf-8")
