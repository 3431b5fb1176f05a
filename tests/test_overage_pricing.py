"""Overage pricing has one definition (reporting/sql/core/overage_macros.sql): the demo's invoice
lines and the optimisation rules' estimates must agree, line for line, on hand-built rows."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database, write_transaction
from reporting.core.sqlfiles import load_sql
from reporting.optimisation import rules

MONTH = dt.date(2026, 3, 1)
# plan: (data GB, voice min, messages, € per started GB, € per minute, € per message); None = unlimited
PLANS = {
    "Small": (Decimal("2.00"), 100, 50, Decimal("2.5000"), Decimal("0.0090"), Decimal("0.0500")),
    "Unlimited": (None, None, None, Decimal("0"), Decimal("0"), Decimal("0")),
}
# subscription: (plan, data MB, voice min, messages) in MONTH
USE = {
    "AT": ("Small", Decimal("2048.000"), Decimal("100"), Decimal("50")),      # exactly the allowances
    "JUST": ("Small", Decimal("2048.001"), Decimal("105"), Decimal("51")),    # a started GB; 0.045 € of voice
    "HALF": ("Small", Decimal("4608.000"), Decimal("100.5"), Decimal("49")),  # 2.5 GB over; 0.0045 € of voice
    "MORE": ("Small", Decimal("10240.000"), Decimal("112.5"), Decimal("75")),
    "NOLIMIT": ("Unlimited", Decimal("99999.000"), Decimal("5000"), Decimal("900")),
}


def _cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _expected(plan: str, data_mb: Decimal, voice: Decimal, messages: Decimal) -> Decimal:
    """The operator's pricing, worked out in decimal arithmetic: data by started GB over the
    allowance, voice by the minute and messages each, each taken to the cent (half up)."""
    gb, minutes, sms, per_gb, per_min, each = PLANS[plan]
    total = Decimal(0)
    if gb is not None and data_mb / 1024 > gb:
        total += math.ceil(data_mb / 1024 - gb) * per_gb
    if minutes is not None and voice > minutes:
        total += _cents((voice - minutes) * per_min)
    if sms is not None and messages > sms:
        total += _cents((messages - sms) * each)
    return total


def test_the_expected_figures_are_the_hand_worked_ones():
    assert [_expected(*USE[s]) for s in USE] == [
        Decimal("0"), Decimal("2.5") + Decimal("0.05") + Decimal("0.05"),
        Decimal("7.5"), 8 * Decimal("2.5") + Decimal("0.11") + Decimal("1.25"), Decimal("0")]


@pytest.fixture
def priced_db(tmp_path) -> Database:
    """The hand-built rows, with their invoice lines written by the demo's SQL."""
    path = tmp_path / "overage.duckdb"
    with write_transaction(path, fresh=True) as con:
        con.execute("INSERT INTO organisations VALUES ('acme', 'Acme Oy', '1234567-1', NULL)")
        for plan, (gb, minutes, sms, per_gb, per_min, each) in PLANS.items():
            con.execute("INSERT INTO plans VALUES (?, 'mobile_voice', 10, ?, ?, ?, ?, ?, ?)",
                        [plan, gb, minutes, sms, per_gb, per_min, each])
        for sid, (plan, data_mb, voice, messages) in USE.items():
            con.execute("INSERT INTO subscriptions VALUES ('acme', ?, NULL, NULL, NULL, ?, 'mobile_voice', "
                        "DATE '2025-01-01', NULL)", [sid, plan])
            for usage_type, qty in (("data_mb", data_mb), ("voice_min", voice), ("sms", messages)):
                con.execute("INSERT INTO usage_monthly VALUES ('acme', ?, ?, ?, 'FI', ?, NULL, 31, ?)",
                            [sid, MONTH, usage_type, qty, MONTH + dt.timedelta(days=30)])
        con.register("gen_one_time", pd.DataFrame({
            "org_id": pd.Series(dtype=str), "invoice_month": pd.Series(dtype="datetime64[us]"),
            "subscription_id": pd.Series(dtype=str), "description": pd.Series(dtype=str),
            "amount": pd.Series(dtype=float)}))
        con.execute(load_sql("core/overage_macros"))
        con.execute(load_sql("demo/charges"), {"months": [MONTH]})
        con.unregister("gen_one_time")
    db = Database(path)
    yield db
    db.close()


def test_demo_invoice_lines_and_optimisation_estimates_agree(priced_db):
    scope = Scope.organisation("acme")
    invoiced = {r[0]: Decimal(str(r[1])) for r in priced_db.rows(
        "SELECT subscription_id, coalesce(sum(amount) FILTER (WHERE category = 'usage'), 0) "
        "FROM charges GROUP BY 1")}
    # the optimisation path: the usage as the rules read it, priced on each subscription's plan
    monthly = priced_db.named("optimisation/optimisation_monthly",
                              {**scope.params(), "month_from": MONTH, "month_to": MONTH})
    plans = {p["plan"]: p for p in priced_db.named("optimisation/optimisation_plans").to_dict("records")}
    estimated = {r.subscription_id: rules.overage_cost(plans[USE[r.subscription_id][0]], r.data_gb,
                                                       r.voice_min, r.messages)
                 for r in monthly.itertuples()}
    expected = {sid: _expected(*use) for sid, use in USE.items()}
    assert set(estimated) == set(USE)
    assert invoiced == expected
    assert {sid: Decimal(str(round(v, 2))) for sid, v in estimated.items()} == expected
    # and the rules read the invoiced amount back as the month's usage charges
    assert dict(zip(monthly.subscription_id, monthly.usage_charged, strict=True)) == pytest.approx(
        {sid: float(v) for sid, v in expected.items()})


def test_many_rows_are_priced_in_one_query_in_row_order():
    small = {"data_gb": 2.0, "voice_min": 100.0, "sms": 50.0, "data_overage_per_gb": 2.5,
             "voice_per_min": 0.009, "sms_each": 0.05}
    unlimited = {"data_gb": None, "voice_min": float("nan"), "sms": None, "data_overage_per_gb": 0.0,
                 "voice_per_min": 0.0, "sms_each": 0.0}
    rows = pd.DataFrame([rules._overage_row(small, 4.5, 105, 51), rules._overage_row(unlimited, 500, 5000, 900),
                         rules._overage_row(small, 2.0, 100, 50), rules._overage_row(small, 2.01, 0, 0)])
    assert rules.overage_costs(rows).tolist() == pytest.approx([7.5 + 0.05 + 0.05, 0, 0, 2.5])
    assert rules.overage_costs(rows.iloc[:0]).tolist() == []
