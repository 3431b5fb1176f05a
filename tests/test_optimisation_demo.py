"""The optimisation reports on the demo database against plain pandas over the raw tables,
and the generic CLI export of the ``optimisation`` report."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.cli import main
from reporting.optimisation.reports import (
    optimisation,
    optimisation_by_cost_centre,
    optimisation_by_rule,
    potential,
)

NOW = pd.Timestamp(2026, 10, 1)          # the demo's latest complete month (tests/conftest.py)
ORGS = ("pohjola", "kaarna", "saimaa")


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))


def expected_inactive(raw, org: str, months: int = 3) -> set[str]:
    subs = raw("subscriptions")
    subs = subs[subs.org_id == org]
    start = NOW - pd.DateOffset(months=months - 1)
    end = NOW + pd.offsets.MonthEnd(0)
    open_ = subs[(subs.opened_on <= start) & (subs.closed_on.isna() | (subs.closed_on > end))]
    um = raw("usage_monthly")
    used = set(um[(um.org_id == org) & (um.month >= start) & (um.month <= NOW)
                  & (um.quantity > 0)].subscription_id)
    ch = raw("charges")
    fee = ch[(ch.org_id == org) & (ch.invoice_month == NOW) & (ch.category == "monthly_fee")]
    billed = set(fee.groupby("subscription_id").amount.sum().loc[lambda s: s > 0].index)
    return (set(open_.subscription_id) - used) & billed


@pytest.mark.parametrize("org", ORGS)
def test_inactive_equals_pandas(demo_db, raw, org):
    df = optimisation(demo_db, Scope.organisation(org))
    assert set(df.judged_month) == {NOW}
    got = set(df[df.finding_rule == "inactive"].subscription_id)
    assert got == expected_inactive(raw, org)
    plans = raw("plans").set_index("plan").monthly_fee.astype(float)
    inactive = df[df.finding_rule == "inactive"]
    assert (inactive.saving_month.values == pytest.approx(plans[inactive.plan].values))


def test_inactive_share_matches_the_generator(demo_db, raw):
    subs = raw("subscriptions")
    open_now = subs[subs.closed_on.isna() | (subs.closed_on > NOW + pd.offsets.MonthEnd(0))]
    found = sum(len(expected_inactive(raw, o)) for o in ORGS)
    assert 0.04 <= found / len(open_now) <= 0.09           # the generator plants ~6.5 %


def test_oversized_evidence_and_savings_against_raw_tables(demo_db, raw):
    df = optimisation(demo_db, Scope.organisation("pohjola"))
    over = df[df.finding_rule == "oversized"]
    assert len(over) > 10
    plans = raw("plans").set_index("plan")
    um = raw("usage_monthly")
    window = um[(um.org_id == "pohjola") & (um.month >= NOW - pd.DateOffset(months=2))
                & (um.month <= NOW) & um.amount.isna() & (um.usage_type == "data_mb")]
    gb = window.groupby(["subscription_id", "month"]).quantity.sum().astype(float) / 1024
    for r in over.itertuples():
        cur, new = plans.loc[r.plan], plans.loc[r.recommended_plan]
        assert cur.service_type == new.service_type
        assert r.saving_month == pytest.approx(float(cur.monthly_fee) - float(new.monthly_fee))
        assert r.saving_year == pytest.approx(12 * r.saving_month)
        allowance = float(cur.data_gb) if pd.notna(cur.data_gb) else float(
            plans[(plans.service_type == cur.service_type) & plans.data_gb.notna()].data_gb.max())
        use = gb.get(r.subscription_id, pd.Series(dtype=float))
        assert (use / allowance < 0.10).all()
        assert r.peak_data_gb == pytest.approx(use.max() if len(use) else 0.0, abs=1e-3)


def test_totals_add_up(demo_db):
    scope = Scope.organisation("kaarna")
    df = optimisation(demo_db, scope)
    by_rule = optimisation_by_rule(demo_db, scope)
    by_cc = optimisation_by_cost_centre(demo_db, scope)
    assert by_rule.finding_count.sum() == by_cc.finding_count.sum() == len(df)
    assert by_rule.saving_month.sum() == pytest.approx(df.saving_month.sum(), abs=0.01)
    assert by_cc.saving_year.sum() == pytest.approx(df.saving_year.sum(), abs=0.05)
    for r in by_rule.itertuples():
        assert r.saving_month == pytest.approx(df[df.finding_rule == r.finding_rule].saving_month.sum())
    assert potential(df) <= df.saving_month.sum() + 1e-9


def test_manager_scope_sees_only_its_centres(demo_db, raw):
    cc = raw("cost_centres")
    top = cc[(cc.org_id == "pohjola") & cc.parent_code.isna()].code.iloc[0]
    kids = set(cc[(cc.org_id == "pohjola") & (cc.parent_code == top)].code) | {top}
    df = optimisation(demo_db, Scope(org_id="pohjola", cost_centres=frozenset({top})))
    assert len(df) and set(df.cost_centre) <= kids


def test_cli_export(demo_path, demo_db, tmp_path):
    out = tmp_path / "opt.csv"
    assert main(["export", "optimisation", "--org", "saimaa", "--month", "2026-09",
                 "--db", str(demo_path), "--out", str(out)]) == 0
    exported = pd.read_csv(out)
    expected = optimisation(demo_db, Scope.organisation("saimaa"), month=dt.date(2026, 9, 1))
    assert len(exported) == len(expected) > 0
    assert list(exported.columns) == list(expected.columns)
    assert set(exported.judged_month) == {"2026-09-01"}
    assert exported.saving_month.sum() == pytest.approx(expected.saving_month.sum())
