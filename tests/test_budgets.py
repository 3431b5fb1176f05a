"""Budgets (issue 18): the `budgets` import kind, budget vs actual of a closed month, the
month-end forecast of the open month, the year to date, scopes, and the budget sheet's
writer. Every expected figure is worked out by hand from the small files below."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.budgets.store import BudgetError, editor_sheet, save_year, sheet_budgets, year_sheet
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.ingest.importer import import_files
from reporting.ingest.model import ImportOptions

ORG = "bud"
TODAY = dt.date(2026, 11, 15)

FILES = {
    "cost_centres.csv": "code;name;parent\nA;Alpha;\nA1;Alpha One;A\nB;Beta;\n",
    "plans.csv": "plan;service_type;monthly_fee\nBud P10;mobile_voice;10.00\nBud P20;mobile_voice;20.00\n",
    "subscriptions.csv": (
        "subscription_id;user_name;cost_centre;plan;service_type;opened_on;closed_on\n"
        "s1;Aino;A1;Bud P10;mobile_voice;2025-01-01;\n"
        "s2;Bertta;B;Bud P20;mobile_voice;2025-01-01;\n"
        "s3;Cecilia;A;Bud P10;mobile_voice;2025-01-01;2026-10-20\n"),
    # September and October are invoiced; November is the open month
    "charges.csv": (
        "invoice_month;subscription_id;category;description;amount;cost_centre\n"
        "2026-09;s1;monthly_fee;P10;10.00;\n"
        "2026-09;s2;monthly_fee;P20;20.00;\n"
        "2026-09;s3;monthly_fee;P10;10.00;\n"
        "2026-10;s1;monthly_fee;P10;10.00;\n"
        "2026-10;s1;roaming;Roaming;12.345;\n"
        "2026-10;s2;monthly_fee;P20;20.00;\n"
        "2026-10;s3;monthly_fee;P10;10.00;\n"
        "2026-10;;service;Palvelu;7.50;B\n"),
    # November so far: the organisation's daily rows reach the 10th; s1 roamed for 1.50 + 2.25
    "usage.csv": (
        "usage_date;subscription_id;usage_type;quantity;country;amount\n"
        "2026-11-02;s1;data_mb;100;SE;1.50\n"
        "2026-11-05;s1;data_mb;50;US;2.25\n"
        "2026-11-10;s2;voice_min;30;FI;\n"),
    "budgets.csv": (
        "cost_centre;month;year;budget\n"
        ";;2026;1200\n"          # the organisation: 100 a month
        "A;;2026;600\n"          # A: 50 a month ...
        "A;2026-10;;30\n"        # ... but 30 in October
        "B;2026-11;;25\n"),
}


def write(folder: Path, files: dict[str, str]) -> list[tuple[Path, str]]:
    out = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append((path, name))
    return out


@pytest.fixture(scope="module")
def bud_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bud")
    path = folder / "bud.duckdb"
    result = import_files(path, write(folder, FILES), ImportOptions(org_id=ORG, org_name="Bud Oy", today=TODAY))
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    return path


@pytest.fixture
def bud_db(bud_path):
    db = Database(bud_path)
    yield db
    db.close()


def rows(df: pd.DataFrame) -> dict:
    return {(None if not isinstance(r.cost_centre, str) else r.cost_centre): r for r in df.itertuples()}


def near(value, expected: str) -> bool:
    return abs(Decimal(str(value)) - Decimal(expected)) < Decimal("0.000001")


def cents(value, expected: str) -> bool:
    """``value`` to the cent is ``expected`` rounded half up once (an actual cost: the sum of
    lines as stored, rounded where shown; docs/reports.md)."""
    exact = Decimal(expected).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP) == exact


def test_closed_month_budget_vs_actual(bud_db):
    df = run_report("budget-vs-actual", bud_db, Scope.organisation(ORG), month=dt.date(2026, 10, 1))
    got = rows(df)
    assert set(got) == {None, "A"}                      # B has no October budget
    org, a = got[None], got["A"]
    # October: 10 + 12.345 + 20 + 10 + 7.50 = 59.845; A (A1 + A): s1 22.345 + s3 10 = 32.345
    assert org.month_closed and cents(org.actual, "59.845") and org.forecast == org.actual
    assert near(org.budget, "100") and org.budget_source == "year"
    assert cents(org.difference, "-40.15") and abs(org.used_pct - org.actual) < 1e-9 and org.status == "under"
    assert near(a.budget, "30") and a.budget_source == "month"
    assert cents(a.actual, "32.345") and a.status == "over" and abs(a.used_pct - a.actual / 30 * 100) < 1e-9
    # the year to date: A = 9 months x 50 + 30; actual September 20 + October 32.345
    assert near(a.budget_ytd, "480") and cents(a.actual_ytd, "52.345")
    assert near(org.budget_ytd, "1000") and cents(org.actual_ytd, "99.845")


def test_open_month_forecast_is_fixed_fees_plus_usage_run_rate(bud_db):
    df = run_report("budget-vs-actual", bud_db, Scope.organisation(ORG), month=dt.date(2026, 11, 1))
    got = rows(df)
    assert set(got) == {None, "A", "B"}
    org, a, b = got[None], got["A"], got["B"]
    assert not org.month_closed and pd.isna(org.actual)
    assert (org.days_billed, org.days_in_month) == (10, 30)
    # open in November: s1 (10) and s2 (20); s3 closed in October. Usage so far 3.75 x 30 / 10
    assert near(org.forecast_fixed, "30") and near(org.forecast_variable_to_date, "3.75")
    assert near(org.forecast, "41.25") and near(org.budget, "100") and near(org.difference, "-58.75")
    # the year to date of an open month: September and October actual (40 + 59.845) + the forecast
    assert cents(org.actual_ytd, str(Decimal("99.845") + Decimal("41.25"))) and near(org.budget_ytd, "1100")
    assert near(a.forecast, "21.25") and near(a.budget, "50") and a.budget_source == "year"
    assert near(b.forecast, "20") and near(b.budget, "25") and near(b.used_pct, "80") and b.status == "under"
    # B is budgeted for November only: its year to date is November's forecast against November's
    # budget, not September's and October's actual (20 + 27.50) on top
    assert near(b.budget_ytd, "25") and cents(b.actual_ytd, "20")


def test_default_month_is_the_open_month_and_months_offered(bud_db):
    scope = Scope.organisation(ORG)
    assert rows(run_report("budget-vs-actual", bud_db, scope))[None].month_closed == False  # noqa: E712
    months = run_report("budget-months", bud_db, scope)
    assert list(months.month)[:3] == [dt.date(2026, 11, 1), dt.date(2026, 10, 1), dt.date(2026, 9, 1)]
    assert list(months.open)[:2] == [True, False]
    assert months.has_budget.all()                               # the organisation's year budget
    # B has November's budget only: after October's invoice, September and October have none
    manager_b = Scope(org_id=ORG, cost_centres=frozenset({"B"}))
    b = run_report("budget-months", bud_db, manager_b)
    assert dict(zip(b.month, b.has_budget, strict=True)) == {
        dt.date(2026, m, 1): m == 11 for m in range(11, 0, -1)}


def test_scopes_see_only_their_budgets(bud_db):
    month = dt.date(2026, 11, 1)
    manager_b = Scope(org_id=ORG, cost_centres=frozenset({"B"}))
    assert set(rows(run_report("budget-vs-actual", bud_db, manager_b, month=month))) == {"B"}
    manager_a1 = Scope(org_id=ORG, cost_centres=frozenset({"A1"}))     # A is above A1: not visible
    assert run_report("budget-vs-actual", bud_db, manager_a1, month=month).empty
    employee = Scope(org_id=ORG, subscriptions=frozenset({"s1"}))
    assert run_report("budget-vs-actual", bud_db, employee, month=month).empty
    assert run_report("budgets", bud_db, employee).empty
    assert sorted(run_report("budgets", bud_db, manager_b).cost_centre) == ["B"]
    other = Scope.organisation("pohjola")
    assert run_report("budgets", bud_db, other).empty


def test_bad_budget_files_name_row_and_column_and_change_nothing(bud_path, tmp_path):
    before = bud_path.read_bytes()
    bad = write(tmp_path, {"budgets_bad.csv": (
        "Kustannuspaikka;Kuukausi;Vuosi;Budjetti\n"
        "A;2026-12;2026;10\n"        # both month and year
        "Z;2026-12;;10\n"            # no such centre
        "B;;;10\n"                   # neither
        "B;2026-12;;-5\n")})         # negative
    result = import_files(bud_path, bad, ImportOptions(org_id=ORG, today=TODAY))
    assert result.status != "loaded"
    messages = [p.message("fi") for p in result.files[0].problems]
    assert any("rivi 2, sarake Kuukausi" in m and "joko kuukausi tai vuosi" in m for m in messages), messages
    assert any("rivi 3" in m and "”Z”" in m for m in messages), messages
    assert any("rivi 4" in m and "joko kuukausi tai vuosi" in m for m in messages), messages
    assert any("rivi 5" in m and "budjetti -5.00 on negatiivinen" in m for m in messages), messages
    assert bud_path.read_bytes() == before


def test_reimport_replaces_the_same_budget_and_keeps_the_others(bud_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(bud_path, path)
    files = write(tmp_path, {"b.csv": "Kustannuspaikka;Kuukausi;Budjetti\nB;11/2026;40,50\n"})
    assert import_files(path, files, ImportOptions(org_id=ORG, today=TODAY)).status == "loaded"
    db = Database(path)
    try:
        listed = run_report("budgets", db, Scope.organisation(ORG))
        assert len(listed) == 4
        b = listed[listed.cost_centre == "B"].iloc[0]
        assert (b.period_kind, pd.Timestamp(b.period_start).date(), Decimal(str(b.budget))) == \
            ("month", dt.date(2026, 11, 1), Decimal("40.5"))
    finally:
        db.close()


def test_sheet_round_trip_and_writer_rules(bud_path, tmp_path):
    path = tmp_path / "sheet.duckdb"
    shutil.copyfile(bud_path, path)
    main = User("m", "Main", Role.MAIN_USER, org_id=ORG)
    manager = User("g", "Manager", Role.MANAGER, org_id=ORG, cost_centres=frozenset({"B"}))
    db = Database(path)
    try:
        sheet = year_sheet(db, ORG, 2026)
        assert pd.isna(sheet.cost_centre.iloc[0]) and list(sheet.cost_centre[1:4]) == ["A", "A1", "B"]
        assert sheet.year_budget.iloc[0] == 1200 and sheet.m10.iloc[1] == 30 and sheet.m11.iloc[3] == 25
        assert editor_sheet(manager, db, ORG, 2026) is None
        edited = sheet.astype(object)                                   # as the editor returns text
        edited.loc[edited.cost_centre == "B", "m12"] = "1 234,5"        # typed the Finnish way
        edited.loc[edited.cost_centre == "A", "year_budget"] = None     # removed
        budgets = sheet_budgets(edited, 2026)
        assert save_year(path, main, ORG, 2026, budgets) == 4
        with pytest.raises(BudgetError) as err:
            save_year(path, manager, ORG, 2026, budgets)
        assert err.value.key == "budgets.error.not_allowed"
        bad = sheet.astype(object)
        bad.loc[bad.cost_centre == "B", "m01"] = "-1"
        with pytest.raises(BudgetError) as err:
            sheet_budgets(bad, 2026)
        assert err.value.key == "budgets.error.out_of_range" and err.value.values["centre"] == "B"
    finally:
        db.close()
    db = Database(path)
    try:
        after = year_sheet(db, ORG, 2026)
        assert after.m12.iloc[3] == 1234.5 and pd.isna(after.year_budget.iloc[1]) and after.m10.iloc[1] == 30
        # October for A now has its month budget only; November for A none (no year budget)
        nov = rows(run_report("budget-vs-actual", db, Scope.organisation(ORG), month=dt.date(2026, 11, 1)))
        assert "A" not in nov and set(nov) == {None, "B"}
    finally:
        db.close()


def test_cli_export_of_budget_vs_actual(bud_path, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "bva.csv"
    env_root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "reporting", "export", "budget-vs-actual", "--org", ORG,
                           "--month", "2026-10", "--out", str(out)],
                          capture_output=True, text=True, cwd=env_root,
                          env={**__import__("os").environ, "REPORTING_DB": str(bud_path)})
    assert done.returncode == 0, done.stderr
    df = pd.read_csv(out)
    org = df[df.cost_centre.isna()].iloc[0]
    assert cents(org.actual, "59.845") and cents(org.budget, "100")


def test_sheet_cells_in_both_languages():
    sheet = pd.DataFrame([{"cost_centre": "B", "cost_centre_name": "Beta", "year_budget": "1 234,50",
                           **{f"m{m:02d}": "" for m in range(1, 13)}}])
    assert sheet_budgets(sheet, 2026, "fi")[0].amount == Decimal("1234.50")
    sheet.loc[0, "year_budget"] = "1,234.5"
    assert sheet_budgets(sheet, 2026, "en")[0].amount == Decimal("1234.50")
    sheet.loc[0, "year_budget"] = "12,5"
    assert sheet_budgets(sheet, 2026, "fi")[0].amount == Decimal("12.50")
    sheet.loc[0, "year_budget"] = "kymmenen"
    with pytest.raises(BudgetError) as err:
        sheet_budgets(sheet, 2026, "fi")
    assert err.value.key == "budgets.error.not_a_number" and err.value.values["column"] == "year_budget"
