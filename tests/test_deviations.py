"""Cost deviations: a hand-built organisation with known answers (thresholds, the reason in
words) and the demo data recomputed with plain pandas."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database, write_transaction
from reporting.core.registry import run_report

M = [dt.date(2026, m, 1) for m in (5, 6, 7, 8)]   # three history months and the month looked at


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("dev") / "dev.duckdb"
    with write_transaction(path, fresh=True) as con:
        con.execute("INSERT INTO organisations VALUES ('acme', 'Acme Oy', '1234567-1', 'test')")
        con.execute("INSERT INTO cost_centres VALUES ('acme', 'X', 'Myynti', NULL), ('acme', 'Y', 'Tuotanto', NULL)")
        con.execute("INSERT INTO plans (plan, service_type, monthly_fee) VALUES ('P', 'mobile_voice', 20)")
        for sub, cc in (("A", "X"), ("B", "X"), ("C", "Y"), ("D", "Y")):
            con.execute("INSERT INTO subscriptions (org_id, subscription_id, cost_centre, plan, service_type, "
                        "opened_on) VALUES ('acme', ?, ?, 'P', 'mobile_voice', DATE '2025-01-01')", [sub, cc])

        def line(month, sub, category, description, amount, quantity=1, unit="kk", country=None):
            con.execute("INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, "
                        "quantity, unit, amount, country) VALUES ('acme', ?, ?, ?, ?, ?, ?, ?, ?)",
                        [month, sub, category, description, quantity, unit, amount, country])

        for m in M:
            line(m, "A", "monthly_fee", "P", 20)
            line(m, "B", "monthly_fee", "P", 20)
            line(m, "C", "monthly_fee", "P", 20)
            line(m, "D", "monthly_fee", "P", 200)
        # A: roaming in Switzerland in the last month: +182 €, 2.4 GB
        line(M[3], "A", "roaming", "Verkkovierailu data, CH", 182, 2.4, "GB", "CH")
        # C: +30 € is +150 % but under the 50 € floor
        line(M[3], "C", "one_time", "SIM-kortin vaihto", 30, 1, "kpl")
        # D: +60 € is over the floor but only +30 %
        line(M[3], "D", "usage", "Data kiintiön ylitys", 60, 15, "GB")
    db = Database(path)
    yield db
    db.close()


def test_flags_only_what_passes_both_thresholds(small_db):
    got = run_report("cost-deviations", small_db, Scope.organisation("acme"), month=M[3], lang="en")
    flagged = set(zip(got.level, got.subscription_id.fillna(got.cost_centre), strict=True))
    assert flagged == {("subscription", "A"), ("cost_centre", "X")}
    a = got[got.subscription_id == "A"].iloc[0]
    assert (a.amount, a.avg_prev_3, a.change_amount) == (202.0, 20.0, 182.0)
    assert a.change_share == pytest.approx(9.1)
    assert a.reason == "+€182 roaming data in Switzerland, 2.4 GB"
    assert (a.driver_category, a.driver_country, a.driver_quantity, a.driver_unit, a.driver_change_amount) == \
        ("roaming", "CH", 2.4, "GB", 182.0)
    x = got[got.level == "cost_centre"].iloc[0]
    assert (x.cost_centre, x.cost_centre_name, x.amount, x.avg_prev_3) == ("X", "Myynti", 222.0, 40.0)
    fi = run_report("cost-deviations", small_db, Scope.organisation("acme"), month=M[3])
    # (the whole-euro money format uses a plain space, the two-decimal one a no-break space)
    assert fi[fi.subscription_id == "A"].reason.iloc[0].replace("\xa0", " ") == "+182 € verkkovierailu data, Sveitsi, 2,4 Gt"


def test_thresholds_are_configurable(small_db):
    got = run_report("cost-deviations", small_db, Scope.organisation("acme"), month=M[3],
                     min_share=0.25, min_amount=25, lang="en")
    subs = set(got.subscription_id.dropna())
    assert subs == {"A", "C", "D"}
    d = got[got.subscription_id == "D"].iloc[0]
    assert d.reason == "+€60 data over allowance, 15.0 GB"
    c = got[got.subscription_id == "C"].iloc[0]
    assert c.reason == "+€30 one-off charge: SIM-kortin vaihto"


def test_no_history_no_flag_and_scope(small_db):
    # the first month has no history: nothing can deviate from it
    assert run_report("cost-deviations", small_db, Scope.organisation("acme"), month=M[0]).empty
    # an employee of C does not see A's deviation
    got = run_report("cost-deviations", small_db, Scope(org_id="acme", subscriptions=frozenset({"C"})),
                     month=M[3], min_share=0.25, min_amount=25)
    assert set(got.subscription_id.dropna()) == {"C"}


def _cents(x):
    """A line's amount exactly as stored (summed exactly, rounded once: docs/reports.md)."""
    return Decimal(repr(float(x)))


def test_demo_deviations_match_pandas(demo_db, raw):
    org, month = "kaarna", pd.Timestamp(2026, 10, 1)
    ch = raw("charges")
    ch = ch[(ch.org_id == org) & (pd.to_datetime(ch.invoice_month) >= month - pd.DateOffset(months=3))
            & (pd.to_datetime(ch.invoice_month) <= month)].copy()
    subs = raw("subscriptions").set_index(["org_id", "subscription_id"]).loc[org].cost_centre
    ch["centre"] = ch.subscription_id.map(subs).where(ch.subscription_id.notna(), ch.cost_centre)
    ch["cents"] = ch.amount.map(_cents)
    expected = {}
    for level, key in (("subscription", "subscription_id"), ("cost_centre", "centre")):
        per = ch[ch[key].notna()].groupby([key, "invoice_month"]).cents.sum().unstack(fill_value=None)
        for entity, row in per.iterrows():
            history = [v for m, v in row.items() if pd.Timestamp(m) < month and v is not None and not pd.isna(v)]
            if not history:
                continue
            now = row.get(month.to_pydatetime(), None) if month.to_pydatetime() in row.index else None
            now = Decimal("0") if now is None or pd.isna(now) else now
            now = now.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            avg = (sum(history, Decimal("0")) / len(history)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            change = now - avg
            if abs(change) >= 50 and (avg == 0 or abs(change) >= Decimal("0.5") * abs(avg)):
                expected[(level, entity)] = (float(now), float(avg))
    got = run_report("cost-deviations", demo_db, Scope.organisation(org), month=month.date())
    got_map = {(r.level, r.subscription_id if r.level == "subscription" else r.cost_centre):
               (r.amount, r.avg_prev_3) for r in got.itertuples()}
    assert expected, "the demo month should have deviations"
    assert got_map.keys() == expected.keys()
    for k, (now, avg) in expected.items():
        assert got_map[k] == (pytest.approx(now, abs=0.001), pytest.approx(avg, abs=0.001))
    assert got.reason.str.len().gt(0).all()


def test_a_limited_list_is_the_head_of_the_full_one(demo_db):
    """The cost overview shows the largest deviations only (limit): the same entities, rows
    and reasons as the first ones of the full report."""
    org = demo_db.rows("SELECT org_id FROM organisations ORDER BY org_id LIMIT 1")[0][0]
    full = run_report("cost-deviations", demo_db, Scope(org))
    assert len(full) > 5
    head = run_report("cost-deviations", demo_db, Scope(org), limit=5)
    pd.testing.assert_frame_equal(head, full.head(5))
    assert list(head.change_amount.abs()) == sorted(head.change_amount.abs(), reverse=True)
