"""The month-grain cost reports read a `monthly` CTE: from the summary table cost_monthly when
it can answer, else computed from the lines. Both sources must give the same table, to the
cent, for every scope and filter (the reports themselves are checked against plain pandas in
tests/test_costs.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import reporting.costs.reports as costs
from reporting.access.scope import Scope
from reporting.core.registry import run_report

LATEST = dt.date(2026, 10, 1)


def _centres(raw, org: str) -> tuple[str, str, str]:
    """A top-level centre with children, one of its children, and a leaf elsewhere."""
    cc = raw("cost_centres")
    cc = cc[cc.org_id == org]
    parents = set(cc.parent_code.dropna())
    top = sorted(c for c in cc[cc.parent_code.isna()].code if c in parents)[0]
    child = sorted(cc[cc.parent_code == top].code)[0]
    leaf = sorted(set(cc.code) - parents - set(cc[cc.parent_code == top].code))[0]
    return top, child, leaf


@pytest.fixture(scope="module")
def cases(raw):
    org = raw("subscriptions").groupby("org_id").size().idxmax()
    top, child, leaf = _centres(raw, org)
    subs = raw("subscriptions")
    plan = subs[subs.org_id == org].plan.value_counts().index[0]
    latest = raw("charges").invoice_month.max()
    month = latest.date() if hasattr(latest, "date") else latest
    year = (dt.date(month.year - 1, month.month, 1), month)
    scopes = {
        "organisation": Scope(org),
        "manager of a top centre": Scope(org, cost_centres=frozenset({top})),
        "manager of two centres": Scope(org, cost_centres=frozenset({child, leaf})),
    }
    filters = {
        "no filter": {},
        "centre filter": {"cost_centres": [child]},
        "service type": {"service_types": ["mobile_voice", "m2m"]},
        "plan": {"plans": [plan]},
        "centre and type": {"cost_centres": [top], "service_types": ["mobile_broadband"]},
        "nothing matches": {"plans": ["no such plan"]},
    }
    calls = [
        ("costs-by-month", {"month_from": year[0], "month_to": year[1]}),
        ("costs-by-month", {}),
        ("costs-trend", {"month_from": dt.date(month.year - 2, month.month, 1), "month_to": month}),
        ("cost-centre-children", {"parent": None, "month_from": month, "month_to": month}),
        ("cost-centre-children", {"parent": top, "month_from": month, "month_to": month}),
        ("cost-centre-children", {"parent": None, "month_from": year[0], "month_to": year[1]}),
        ("cost-overview", {"month": month}),
    ]
    return scopes, filters, calls


def test_the_summary_and_the_lines_give_the_same_tables(demo_db, cases, monkeypatch):
    scopes, filters, calls = cases
    compared = 0
    for scope_name, scope in scopes.items():
        for filter_name, flt in filters.items():
            for report, kw in calls:
                monkeypatch.setattr(costs, "USE_SUMMARY", True)
                summary = run_report(report, demo_db, scope, **kw, **flt)
                monkeypatch.setattr(costs, "USE_SUMMARY", False)
                lines = run_report(report, demo_db, scope, **kw, **flt)
                where = f"{report} {kw} as {scope_name} with {filter_name}"
                pd.testing.assert_frame_equal(summary.reset_index(drop=True), lines.reset_index(drop=True),
                                              check_exact=True, obj=where)
                compared += 1
                if filter_name == "no filter" and report != "cost-centre-children":
                    assert not lines.empty, where
    assert compared == len(scopes) * len(filters) * len(calls)


def test_the_summary_follows_a_write(demo_path, tmp_path):
    """cost_monthly is rebuilt by every write: a line added by hand shows in the summary form."""
    import shutil

    from reporting.core.db import Database, write_transaction

    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_path, db_path)
    db = Database(db_path)
    org = db.rows("SELECT org_id FROM organisations ORDER BY org_id LIMIT 1")[0][0]
    month = db.rows("SELECT max(invoice_month) FROM charges WHERE org_id = ?", [org])[0][0]
    before = run_report("costs-by-month", db, Scope(org), month_from=month, month_to=month)
    with write_transaction(db_path) as con:
        con.execute("INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, amount) "
                    "VALUES (?, ?, NULL, 'one_time', 'Korjaus', 123.45)", [org, month])
    after = run_report("costs-by-month", db, Scope(org), month_from=month, month_to=month)
    db.close()
    assert after.one_time.iloc[0] == pytest.approx(before.one_time.iloc[0] + 123.45)
    assert after.amount.iloc[0] == pytest.approx(before.amount.iloc[0] + 123.45)
