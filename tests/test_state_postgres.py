"""The state-store suite on PostgreSQL (issue 20, point 4): the same tests that run on the
embedded SQLite store run again with ``REPORTING_STATE_URL`` naming a PostgreSQL database, one
new database per test (tests/conftest.py ``_state_on_postgres``), on a server of Debian's
postgresql package started here on a free port. Skipped, saying why, only where PostgreSQL
cannot be installed; ``make test`` installs it when missing (``make postgres``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pg_server import pg_bin, start_postgres

ROOT = Path(__file__).resolve().parents[1]

# every module whose tests write or read the state store: accounts, sign-in, grants, the audit
# log, decisions, orders, alerts and their e-mails, the SMS outbox, live events, documents
STATE_SUITE = [
    "tests/test_auth.py", "tests/test_users.py", "tests/test_users_cli.py", "tests/test_credentials.py",
    "tests/test_optimisation_decisions.py", "tests/test_orders.py", "tests/test_alerts.py",
    "tests/test_monthly_mail.py", "tests/test_sms_gateway.py", "tests/test_live_events.py",
    "tests/test_customer_docs.py", "tests/test_docs.py", "tests/test_messages.py", "tests/test_budgets.py",
]


@pytest.fixture(scope="module")
def pg():
    if pg_bin() is None:
        pytest.skip("PostgreSQL is not installed and could not be (make postgres)")
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


def test_every_migration_applies_on_postgresql_and_matches_sqlite_tables(pg, tmp_path, monkeypatch):
    import psycopg

    from reporting.core import state

    url = pg.create_database()
    monkeypatch.setenv("REPORTING_STATE_URL", url)
    with state.connect() as con:
        applied = [r[0] for r in con.execute("SELECT name FROM state_migrations ORDER BY name").fetchall()]
    from reporting.core.sqlfiles import migration_files

    assert set(name for name, _ in migration_files("state/migrations")) <= set(applied)
    monkeypatch.delenv("REPORTING_STATE_URL")
    sqlite_columns = {}
    with state.connect(tmp_path / "s.sqlite") as con:
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%'").fetchall():
            sqlite_columns[table] = [r[1] for r in con.execute(f"PRAGMA table_info({table})").fetchall()]
    with psycopg.connect(url) as con:
        pg_columns = {}
        for table, column in con.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position").fetchall():
            pg_columns.setdefault(table, []).append(column)
    # the same tables with the same columns in the same order on both stores
    assert pg_columns == sqlite_columns


def test_state_suite_passes_on_postgresql(pg):
    """Run the state-store tests in a child pytest against PostgreSQL."""
    import psycopg

    template = "fokus_template"
    with psycopg.connect(pg.url(), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{template}"')
        con.execute(f'CREATE DATABASE "{template}"')
    # migrate the template once; each test copies it
    env = {**os.environ, "REPORTING_STATE_URL": pg.url(template)}
    subprocess.run([sys.executable, "-c", "from reporting.core import state\n"
                    "with state.connect() as c: pass"], cwd=ROOT, env=env, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "REPORTING_"))}
    env.update(FOKUS_TEST_PG_TEMPLATE=template, FOKUS_TEST_PG_ADMIN=pg.url())
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                          "-p", "no:randomly", *STATE_SUITE],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    tail = (run.stdout + run.stderr)[-6000:]
    assert run.returncode == 0, tail
    assert " passed" in run.stdout, tail
