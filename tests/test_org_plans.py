"""Plans from an organisation's own subscriptions file stay that organisation's (issue 16,
point 2): every report of the registry gives another organisation identical frames after a
hostile subscriptions import, the importing organisation's own findings never recommend its
self-made plans, and an operator-run subscriptions import does not change the catalogue
either (only a plans file does)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.db import Database
from reporting.core.registry import all_reports, run_report
from reporting.ingest.importer import ImportOptions, import_files
from tests.test_access_matrix import Case, allowed, filter_sets

HOSTILE = Path(__file__).parent / "data" / "import" / "hostile" / "subscriptions_own_plans.csv"
MADE_UP = {"Halpa 0,50", "Halpa 0,50 laajakaista",
           "<img src=x onerror=alert(1)><b>Rajaton</b> [klik](https://evil.example)",
           "<script>alert(1)</script>M2M"}
ORG_A = "kaarna"                     # imports the hostile file
OTHERS = ("pohjola", "saimaa")       # must not notice


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))


def _table(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _import(db: Path, files: list[Path], *, operator: bool) -> None:
    result = import_files(db, [(f, f.name) for f in files],
                          ImportOptions(ORG_A, allow_plans=operator))
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]


def _every_report(db: Database, raw, org: str) -> dict[str, pd.DataFrame]:
    case = Case(f"operator-{org}", User("op", "Op", Role.OPERATOR), org)
    allow = allowed(raw, case.scope)
    frames = {}
    for name, spec in all_reports().items():
        for i, filters in enumerate(filter_sets(raw, spec, case, allow)[:2]):
            frames[f"{name}#{i} {filters}"] = spec.func(db, case.scope, **filters)
    return frames


def test_a_hostile_import_changes_no_other_organisations_figures(demo_path, raw, tmp_path):
    """A main user's import (the page's way: no plans file allowed)."""
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_path, db_path)
    catalogue = _table(db_path, "SELECT * FROM plans ORDER BY plan")
    before_db = Database(db_path)
    try:
        before = {org: _every_report(before_db, raw, org) for org in OTHERS}
        before_plans = before_db.named("optimisation/optimisation_plans")
    finally:
        before_db.close()
    # not vacuous: the other organisations have findings that recommend a plan, and the made-up
    # plans undercut the catalogue (a 0,50 € plan; a 9,95 € unlimited one)
    for org in OTHERS:
        found = next(v for k, v in before[org].items() if k.startswith("optimisation#0"))
        assert found.recommended_plan.notna().any(), org
    assert before_plans.monthly_fee.min() > 0.50

    _import(db_path, [HOSTILE], operator=False)

    assert _table(db_path, "SELECT * FROM plans ORDER BY plan") == catalogue
    own = _table(db_path, "SELECT org_id, plan, monthly_fee FROM org_plans ORDER BY plan")
    assert {p for _, p, _ in own} == MADE_UP and {o for o, _, _ in own} == {ORG_A}
    after_db = Database(db_path)
    try:
        compared = 0
        for org in OTHERS:
            after = _every_report(after_db, raw, org)
            assert after.keys() == before[org].keys()
            for key, frame in before[org].items():
                pd.testing.assert_frame_equal(after[key], frame, obj=f"{org}: {key}")
                compared += 1
        assert compared >= 2 * len(all_reports())
        # nor does the plans-to-change-to list of the importing organisation grow
        plans = run_report("optimisation-plans", after_db, Scope.organisation(ORG_A))
        assert not set(plans.plan) & MADE_UP
    finally:
        after_db.close()


def test_own_findings_never_recommend_a_self_made_plan(demo_path, raw, tmp_path):
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_path, db_path)
    db = Database(db_path)
    try:
        before = run_report("optimisation", db, Scope.organisation(ORG_A))
    finally:
        db.close()
    # one of the organisation's oversized subscriptions, moved onto a plan of its own with the
    # same allowance and a dearer fee (40,00 €): judged against its own plan, offered the
    # catalogue's plans only
    catalogue = raw("plans").set_index("plan")
    finite = set(catalogue.index[catalogue.data_gb.notna()])
    oversized = before[(before.finding_rule == "oversized") & before.plan.isin(finite)]
    assert len(oversized), "the demo organisation has an oversized subscription on a fixed allowance"
    target = oversized.iloc[0]
    allowance = float(catalogue.loc[target.plan, "data_gb"])
    sub = raw("subscriptions").set_index(["org_id", "subscription_id"]).loc[(ORG_A, target.subscription_id)]
    moved = tmp_path / "moved.csv"
    moved.write_text(
        "subscription_id;phone_number;user_name;cost_centre;plan;service_type;monthly_fee;"
        "data_allowance_gb;opened_on;closed_on\n"
        f"{target.subscription_id};{sub.phone_number};{sub.user_name};{sub.cost_centre};"
        f"Kaarnan oma;{sub.service_type};40,00;{allowance:.2f};{sub.opened_on:%Y-%m-%d};\n",
        encoding="utf-8")
    _import(db_path, [HOSTILE, moved], operator=False)

    db = Database(db_path)
    try:
        after = run_report("optimisation", db, Scope.organisation(ORG_A))
        details = run_report("subscription-details", db, Scope.organisation(ORG_A),
                             subscription=target.subscription_id).iloc[0]
        other = run_report("subscription-details", db, Scope.organisation("pohjola"),
                           subscription="HOSTILE-1")
    finally:
        db.close()
    assert not set(after.recommended_plan.dropna()) & (MADE_UP | {"Kaarnan oma"})
    changes = after[after.finding_rule.isin(["oversized", "undersized", "roaming"])]
    assert set(changes.recommended_plan) <= set(catalogue.index) | _packages()
    # subscriptions without a user name are nobody's duplicates (a NaN name used to group them)
    dup = after[after.finding_rule == "duplicate"]
    assert not (dup.subscription_id.str.startswith("HOSTILE").any()
                or dup.recommended_plan.str.startswith("HOSTILE").any())
    # the moved subscription: still oversized, judged on its own plan's fee, offered the same
    # catalogue plan as before (the cheaper catalogue plans are the same set)
    row = after[(after.subscription_id == target.subscription_id) & (after.finding_rule == "oversized")].iloc[0]
    assert row.plan == "Kaarnan oma"
    assert row.recommended_plan == target.recommended_plan
    assert row.current_cost_month == pytest.approx(40.00)
    new_fee = float(catalogue.loc[target.recommended_plan, "monthly_fee"])
    assert row.saving_month == pytest.approx(round(40.00 - new_fee, 2))
    # its own plan is shown for its own organisation, with its own fee and allowance
    assert details.plan == "Kaarnan oma" and details.monthly_fee == pytest.approx(40.00)
    assert details.data_gb == pytest.approx(allowance)
    assert other.empty


def test_an_operator_run_subscriptions_import_leaves_the_catalogue_alone(demo_path, tmp_path):
    """The operator importing an organisation's subscriptions file: its new plans are that
    organisation's own too; the catalogue changes only through a plans file."""
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_path, db_path)
    catalogue = _table(db_path, "SELECT * FROM plans ORDER BY plan")
    _import(db_path, [HOSTILE], operator=True)
    assert _table(db_path, "SELECT * FROM plans ORDER BY plan") == catalogue
    assert {r for r in _table(db_path, "SELECT org_id, plan FROM org_plans")} == {(ORG_A, p) for p in MADE_UP}
    plans_file = tmp_path / "plans.csv"
    plans_file.write_text("plan;service_type;monthly_fee;data_gb\nOperaattorin uusi;puhe;12,34;3\n",
                          encoding="utf-8")
    _import(db_path, [plans_file], operator=True)
    assert ("Operaattorin uusi", 12.34) in {(p, float(f)) for p, f in
                                             _table(db_path, "SELECT plan, monthly_fee FROM plans")}


def _packages() -> set[str]:
    from reporting.optimisation.catalogue import roaming_packages
    return {p.package for p in roaming_packages()}


def test_an_own_plan_is_known_in_its_organisation_only(demo_path, tmp_path):
    """A later file of the same organisation may name its own plan without a fee; another
    organisation's file may not (the plan is not in the catalogue for it)."""
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_path, db_path)
    _import(db_path, [HOSTILE], operator=False)
    again = tmp_path / "again.csv"
    again.write_text("subscription_id;plan;service_type;opened_on\nHOSTILE-9;Halpa 0,50;puhe;2024-02-01\n",
                     encoding="utf-8")
    _import(db_path, [again], operator=False)
    assert _table(db_path, "SELECT plan FROM subscriptions WHERE subscription_id = 'HOSTILE-9'") == [("Halpa 0,50",)]
    before = _table(db_path, "SELECT count(*) FROM subscriptions")
    result = import_files(db_path, [(again, again.name)], ImportOptions("pohjola", allow_plans=False))
    assert result.status != "loaded"
    assert [p.code for f in result.files for p in f.problems] == ["unknown_plan"]
    assert _table(db_path, "SELECT count(*) FROM subscriptions") == before
