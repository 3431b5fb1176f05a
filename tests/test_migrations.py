"""The one migration runner of both stores (reporting.core.migrations): each migration once, by
name, in a transaction that also records the name."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from reporting.core import state
from reporting.core.migrations import ANALYTICAL, STATE, apply_migrations
from reporting.core.sqlfiles import migration_files

GOOD = [("0001_a", "CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);\n"),
        ("0002_b", "CREATE TABLE b (y INTEGER);\n-- a comment; with a semicolon\nINSERT INTO b VALUES (2), (3);\n")]
BROKEN = [GOOD[0], ("0002_b", "CREATE TABLE b (y INTEGER);\nINSERT INTO b VALUES (2);\nINSERT INTO nope VALUES (3);\n")]


def _duckdb(tmp_path):
    return duckdb.connect(str(tmp_path / "a.duckdb"))


def _sqlite(tmp_path):
    return sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)


STORES = [pytest.param(ANALYTICAL, _duckdb, "schema_migrations", id="analytical"),
          pytest.param(STATE, _sqlite, "state_migrations", id="state")]


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables" if isinstance(con, duckdb.DuckDBPyConnection)
        else "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}


@pytest.mark.parametrize("store, connect, table", STORES)
def test_each_migration_is_applied_once_by_name(tmp_path, store, connect, table):
    con = connect(tmp_path)
    assert apply_migrations(con, store, GOOD) == ["0001_a", "0002_b"]
    assert apply_migrations(con, store, GOOD) == []
    assert sorted(r[0] for r in con.execute(f"SELECT name FROM {table}").fetchall()) == ["0001_a", "0002_b"]
    assert con.execute("SELECT count(*) FROM a").fetchall()[0][0] == 1
    assert con.execute("SELECT sum(y) FROM b").fetchall()[0][0] == 5
    # a new migration later is the only one applied
    assert apply_migrations(con, store, [*GOOD, ("0003_c", "CREATE TABLE c (z INTEGER);")]) == ["0003_c"]
    con.close()


@pytest.mark.parametrize("store, connect, table", STORES)
def test_a_failed_migration_leaves_neither_its_changes_nor_its_name(tmp_path, store, connect, table):
    con = connect(tmp_path)
    with pytest.raises((duckdb.Error, sqlite3.Error)):
        apply_migrations(con, store, BROKEN)
    # the one before it stays applied; the failed one's table and name are not there
    assert [r[0] for r in con.execute(f"SELECT name FROM {table}").fetchall()] == ["0001_a"]
    assert "a" in _tables(con) and "b" not in _tables(con)
    # the connection is usable again and the fixed migration is applied at the next run
    assert apply_migrations(con, store, GOOD) == ["0002_b"]
    con.close()


def test_a_migration_another_process_applied_meanwhile_is_skipped(tmp_path):
    """The state store is shared: between this runner's first look and its transaction,
    another process may apply and record the same migration."""
    path = tmp_path / "s.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    apply_migrations(con, STATE, [])             # the bookkeeping table only

    class Racing:
        def __init__(self, inner):
            self.inner = inner

        def execute(self, sql, *args):
            if sql == STATE.begin:              # the other process gets there first
                other = sqlite3.connect(path, isolation_level=None)
                other.executescript("CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (7);"
                                    "INSERT INTO state_migrations (name) VALUES ('0001_a');")
                other.close()
            return self.inner.execute(sql, *args)

    assert apply_migrations(Racing(con), STATE, GOOD[:1]) == []
    assert con.execute("SELECT x FROM a").fetchall() == [(7,)]
    con.close()


def test_the_real_migrations_of_both_stores_apply_to_empty_stores(tmp_path):
    con = duckdb.connect(str(tmp_path / "a.duckdb"))
    names = [n for n, _ in migration_files()]
    assert apply_migrations(con, ANALYTICAL) == names and names[0] == "0001_core"
    assert apply_migrations(con, ANALYTICAL) == []
    con.close()
    with state.connect(tmp_path / "s.sqlite") as scon:
        recorded = [r[0] for r in scon.execute("SELECT name FROM state_migrations ORDER BY name")]
    assert recorded == [n for n, _ in migration_files("state/migrations")] and "0800_accounts" in recorded


def test_migration_folders_are_names_not_paths():
    with pytest.raises(ValueError):
        migration_files("../outside")
