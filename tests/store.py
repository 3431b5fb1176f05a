"""A test's direct look into the state store the code under test uses: the SQLite file, or the
PostgreSQL database when the state suite runs there (tests/test_state_postgres.py). Reads and
writes through reporting.core.state, so the statements are translated the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class StoreConnection:
    """Like the sqlite3 connection the tests used: execute, commit (autocommit: nothing to do)
    and close."""

    def __init__(self, path: Path | str | None) -> None:
        from reporting.core import state

        self._cm = state.connect(Path(path) if path else None)
        self._con = self._cm.__enter__()
        self.row_factory: Any = None

    def execute(self, sql: str, params: Any = None):
        return self._con.execute(sql, params) if params is not None else self._con.execute(sql)

    def commit(self) -> None:
        pass

    def close(self) -> None:
        self._cm.__exit__(None, None, None)


def open_store(path: Path | str | None = None) -> StoreConnection:
    return StoreConnection(path)
