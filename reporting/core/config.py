"""Settings from environment variables, with defaults that work from a fresh clone."""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
LANGUAGES = ("fi", "en")


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The analytical database: ``--db``, else ``REPORTING_DB``, else data/reporting.duckdb."""
    if override:
        return Path(override)
    env = os.environ.get("REPORTING_DB")
    return Path(env) if env else DATA_DIR / "reporting.duckdb"


def state_url() -> str | None:
    """``REPORTING_STATE_URL``: the state store on PostgreSQL (``postgresql://...``), shared by
    every host; unset (the default), the state store is the SQLite file of ``state_path``."""
    url = os.environ.get("REPORTING_STATE_URL", "").strip()
    if not url:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        raise ValueError("REPORTING_STATE_URL must be a postgresql:// URL")
    return url


def state_path(database: Path | None = None) -> Path:
    """The app's own store (accounts, grants, decisions ...): ``REPORTING_STATE_DB``, else
    beside the analytical database as ``<name>.state.sqlite``."""
    env = os.environ.get("REPORTING_STATE_DB")
    if env:
        return Path(env)
    database = Path(database or db_path())
    from reporting.core.db.stores import root_of  # a store root's files share one state store

    database = root_of(database) or database
    return database.with_name(database.stem + ".state.sqlite")


def default_language() -> str:
    lang = os.environ.get("REPORTING_LANG", "fi").lower()
    return lang if lang in LANGUAGES else "fi"


def demo_mode_allowed() -> bool:
    """Demo personas are offered only when the data is demo data and this is not switched off."""
    return os.environ.get("REPORTING_DEMO", "1") != "0"


def background_warming() -> bool:
    """The app warms the shared caches in a background thread after a start or an import
    (reporting/ui/warm.py) unless REPORTING_WARM=0 (the test suite switches it off)."""
    return os.environ.get("REPORTING_WARM", "1") != "0"


def writer_memory_limit() -> str:
    value = os.environ.get("REPORTING_WRITER_MEMORY", "8GB")
    if not re.fullmatch(r"\d+(\.\d+)?\s*(MB|GB|MiB|GiB)", value):
        raise ValueError(f"REPORTING_WRITER_MEMORY must look like 8GB, not {value!r}")
    return value
