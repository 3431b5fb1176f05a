"""Charge lines carry copies of their subscription's cost centre, service type and plan
(migration 0003). The copies must follow the subscriptions whoever writes, and a database made
before the migration must come out of it with the same figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database, write_transaction
from reporting.core.registry import run_report
from reporting.core.sqlfiles import migration_files
from reporting.ingest.importer import ImportOptions, import_files

GOOD = Path(__file__).parent / "data" / "import" / "good"


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))


def _import(db: Path, *paths: Path):
    result = import_files(db, [(p, p.name) for p in paths], ImportOptions(org_id="acme", org_name="Acme Oy"))
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]


def _expected_by_centre(subscriptions: Path) -> dict[str, float]:
    """Sum of the charges file's lines per the subscriptions file's cost centre (plain pandas)."""
    subs = pd.read_csv(subscriptions, sep=";", dtype=str, keep_default_na=False)
    lines = pd.read_csv(GOOD / "charges.csv", sep=";", dtype=str, keep_default_na=False)
    amount = lines["Summa (alv 0 %)"].str.replace(" ", "").str.replace(",", ".").astype(float)
    centre = lines["Liittymätunnus"].map(dict(zip(subs["Liittymätunnus"], subs["Kustannuspaikka"], strict=True)))
    return amount.groupby(centre).sum().round(2).to_dict()


def test_moving_a_subscription_to_another_centre_moves_its_lines_in_every_report(tmp_path):
    db = tmp_path / "live.duckdb"
    _import(db, GOOD / "cost_centres.csv", GOOD / "subscriptions.csv", GOOD / "charges.csv")
    moved = tmp_path / "subscriptions.csv"
    text = (GOOD / "subscriptions.csv").read_text(encoding="utf-8")
    assert ";Öhman Örjan;1200;" in text
    moved.write_text(text.replace(";Öhman Örjan;1200;", ";Öhman Örjan;1100;"), encoding="utf-8")

    database = Database(db)
    scope = Scope.organisation("acme")

    def by_centre() -> dict[str, float]:
        df = run_report("costs-by-cost-centre", database, scope)
        return {r.cost_centre: round(r.amount, 2) for r in df.itertuples()
                if r.amount and isinstance(r.cost_centre, str)}      # not the unallocated row

    before = by_centre()
    assert before == _expected_by_centre(GOOD / "subscriptions.csv")
    _import(db, moved)                      # a subscriptions file alone: no charge line rewritten by it
    after = by_centre()
    assert after == _expected_by_centre(moved)
    assert after != before

    # scopes follow too: a manager of 1200 no longer sees S002, a manager of 1100 does
    period = {"month_from": dt.date(2026, 1, 1), "month_to": dt.date(2026, 2, 1)}
    lines_1200 = run_report("invoice-lines", database, Scope("acme", cost_centres=frozenset({"1200"})), **period)
    lines_1100 = run_report("invoice-lines", database, Scope("acme", cost_centres=frozenset({"1100"})), **period)
    assert lines_1200.empty                 # S002 was its only subscription
    assert set(lines_1100.subscription_id) == {"S001", "S002", "S004"}
    assert set(lines_1100.cost_centre) == {"1100"}
    database.close()


def test_lines_written_without_the_copies_get_them_before_the_write_commits(tmp_path):
    db = tmp_path / "hand.duckdb"
    with write_transaction(db, fresh=True) as con:
        con.execute("INSERT INTO organisations VALUES ('acme', 'Acme Oy', '1234567-1', 'test')")
        con.execute("INSERT INTO cost_centres VALUES ('acme', 'X', 'Myynti', NULL)")
        con.execute("INSERT INTO subscriptions (org_id, subscription_id, cost_centre, plan, service_type, opened_on) "
                    "VALUES ('acme', 'A', 'X', 'P', 'mobile_voice', DATE '2025-01-01')")
        con.execute("INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, amount) "
                    "VALUES ('acme', DATE '2026-01-01', 'A', 'monthly_fee', 'P', 10), "
                    "       ('acme', DATE '2026-01-01', 'GHOST', 'monthly_fee', 'P', 99)")
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT subscription_id, sub_cost_centre, sub_service_type::VARCHAR, sub_plan "
                           "FROM charges ORDER BY 1").fetchall()
        everything = con.execute("SELECT subscription_id FROM scoped_charges('acme', true, [], true, []) "
                                 "ORDER BY 1").fetchall()
        centre_x = con.execute("SELECT subscription_id FROM scoped_charges('acme', false, ['X'], true, [])").fetchall()
    finally:
        con.close()
    assert rows == [("A", "X", "mobile_voice", "P"), ("GHOST", None, None, None)]
    # a line of an unknown subscription counts in the organisation's total, as on its invoice,
    # and in no cost centre's
    assert everything == [("A",), ("GHOST",)]
    assert centre_x == [("A",)]


def test_a_database_from_before_the_migration_keeps_its_figures(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)")
    for name, text in migration_files():
        if name >= "0003":
            break
        con.execute(text)
        con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    assert "invoice_number" in [r[0] for r in con.execute("DESCRIBE charges").fetchall()]
    con.execute("INSERT INTO organisations VALUES ('acme', 'Acme Oy', '1234567-1', 'test')")
    con.execute("INSERT INTO subscriptions (org_id, subscription_id, cost_centre, plan, service_type, opened_on) "
                "VALUES ('acme', 'A', 'X', 'P', 'mobile_voice', DATE '2025-01-01'), "
                "       ('acme', 'B', 'Y', 'Q', 'm2m', DATE '2025-01-01')")
    old_lines = [("2026-02-01", "B", "12.5"), ("2026-01-01", "A", "10"), ("2026-02-01", "A", "11"),
                 ("2026-01-01", None, "-3")]
    for month, sub, amount in old_lines:
        con.execute("INSERT INTO charges (org_id, invoice_month, invoice_number, subscription_id, category, "
                    "description, amount) VALUES ('acme', ?, 'OLD', ?, ?, 'line', ?)",
                    [month, sub, "discount" if sub is None else "monthly_fee", amount])
    con.close()

    with write_transaction(db):             # applies the pending migration, as the app does on start
        pass

    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = [r[0] for r in con.execute("DESCRIBE charges").fetchall()]
        stored = con.execute("SELECT invoice_month, subscription_id, amount, sub_cost_centre, "
                             "sub_service_type::VARCHAR, sub_plan FROM charges ORDER BY rowid").fetchall()
    finally:
        con.close()
    assert "invoice_number" not in columns
    assert [r[0] for r in stored] == sorted(r[0] for r in stored)       # month order
    assert sorted(stored, key=lambda r: (r[0], r[1] or "")) == [
        (dt.date(2026, 1, 1), None, Decimal("-3"), None, None, None),
        (dt.date(2026, 1, 1), "A", Decimal("10"), "X", "mobile_voice", "P"),
        (dt.date(2026, 2, 1), "A", Decimal("11"), "X", "mobile_voice", "P"),
        (dt.date(2026, 2, 1), "B", Decimal("12.5"), "Y", "m2m", "Q"),
    ]
    database = Database(db)
    lines = run_report("invoice-lines", database, Scope.organisation("acme"),
                       month_from=dt.date(2026, 1, 1), month_to=dt.date(2026, 2, 1))
    database.close()
    assert set(lines.invoice_number) == {"ACME-202601", "ACME-202602"}
    assert lines.amount.sum() == pytest.approx(30.5)


def test_the_hierarchy_follows_a_centre_moved_under_another_parent(tmp_path):
    """cost_centre_tree is rebuilt by every write: a manager of the new parent sees the moved
    centre's lines, a manager of the old parent no longer does."""
    db = tmp_path / "tree.duckdb"
    _import(db, GOOD / "cost_centres.csv", GOOD / "subscriptions.csv", GOOD / "charges.csv")
    moved = tmp_path / "cost_centres.csv"
    moved.write_text("Koodi;Nimi;Ylempi\n2000;Uusi yksikkö;\n1200;Myynti, Åland;2000\n", encoding="utf-8")
    database = Database(db)
    period = {"month_from": dt.date(2026, 1, 1), "month_to": dt.date(2026, 2, 1)}

    def subs_seen(centre: str) -> set[str]:
        df = run_report("invoice-lines", database, Scope("acme", cost_centres=frozenset({centre})), **period)
        return set(df.subscription_id)

    assert "S002" in subs_seen("1000")          # 1200 (S002's centre) is under 1000 in the file
    _import(db, moved)
    assert "S002" not in subs_seen("1000")
    assert subs_seen("2000") == {"S002"}
    database.close()
