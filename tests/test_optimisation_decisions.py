"""Decisions on optimisation findings: who may record them, that they persist, that a kept
finding stays quiet until its evidence changes, and the follow-up in later months."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core import state
from reporting.core.db import Database, write_transaction
from reporting.optimisation import decisions as dec
from reporting.optimisation.reports import (
    optimisation,
    optimisation_followup,
    optimisation_followup_totals,
)
from tests.test_optimisation_rules import Builder

D = dt.date
MONTHS = [D(2026, m, 1) for m in range(5, 13)]             # May..December
OCT, NOV, DEC = D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)
MAIN = User("u-main", "Maija Pääkäyttäjä", Role.MAIN_USER, org_id="acme")
OPERATOR = User("u-op", "Operaattori", Role.OPERATOR)
SCOPE = Scope.organisation("acme")


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    b = Builder(now="2027-01-15T09:00:00")
    b.sub("A", "Perus 10", fees=MONTHS).use("A", D(2026, 7, 1), "sms", 1)
    b.sub("B", "Perus 10", closed=D(2026, 11, 10), fees=MONTHS[:6]).use("B", D(2026, 6, 1), "sms", 1)
    b.charge("B", NOV, "monthly_fee", 5.97)
    b.sub("G", "Plus 50", fees=MONTHS[:6]).data("G", MONTHS, 4.9, voice=50, sms=10)
    for m in (NOV, DEC):
        b.charge("G", m, "monthly_fee", 17.90)
    b.sub("K", "Max", fees=MONTHS).data("K", MONTHS, 0.5, voice=50, sms=20)
    path = b.write(tmp_path / "t.duckdb")
    db = Database(path)
    yield db
    db.close()


def finding(db, sid, rule_key, month=OCT, **th):
    df = optimisation(db, SCOPE, month=month, **th)
    rows = df[(df.subscription_id == sid) & (df.finding_rule == rule_key)]
    return rows.iloc[0].to_dict() if len(rows) else None


def test_refused_unless_main_user_or_operator(world):
    f = finding(world, "A", "inactive")
    others = [
        User("u-man", "Esihenkilö", Role.MANAGER, org_id="acme", cost_centres=frozenset({"A"})),
        User("u-an", "Analyytikko", Role.ANALYST, org_id="acme"),
        User("u-emp", "Työntekijä", Role.EMPLOYEE, org_id="acme", subscriptions=frozenset({"A"})),
        User("u-main2", "Toisen pääkäyttäjä", Role.MAIN_USER, org_id="other"),
    ]
    for user in others:
        with pytest.raises(dec.DecisionRefused):
            dec.record_decision(world, user, "acme", f, "terminate", finding_month=OCT)
    with pytest.raises(dec.DecisionRefused):      # a subscription outside the organisation
        dec.record_decision(world, MAIN, "acme", {**f, "subscription_id": "NOPE"}, "terminate",
                            finding_month=OCT)
    with pytest.raises(dec.DecisionInvalid) as err:
        dec.record_decision(world, MAIN, "acme", f, "keep", "   ", finding_month=OCT)
    assert err.value.key == "opt.err.reason"
    assert dec.latest_decisions("acme", db=world).empty
    assert dec.record_decision(world, OPERATOR, "acme", f, "review", finding_month=OCT) > 0


def test_decision_persists_with_who_and_when(world):
    f = finding(world, "A", "inactive")
    dec.record_decision(world, MAIN, "acme", f, "keep", "Varalaite päivystykseen", finding_month=OCT)
    state._migrated.clear()                       # as after a restart: a fresh process
    d = dec.latest_decisions("acme", db=world)
    assert len(d) == 1
    row = d.iloc[0]
    assert (row.subscription_id, row.rule, row.decision) == ("A", "inactive", "keep")
    assert row.reason == "Varalaite päivystykseen"
    assert row.decided_by == "u-main" and row.decided_by_name == MAIN.name
    assert row.decided_at.startswith(dt.date.today().isoformat()[:4])
    assert row.fingerprint == f["evidence_fingerprint"] and row.finding_month == OCT


def test_kept_finding_is_not_raised_again_until_evidence_changes(world):
    assert finding(world, "A", "inactive") is not None
    dec.record_decision(world, MAIN, "acme", finding(world, "A", "inactive"), "keep", "Varalaite",
                        finding_month=OCT)
    for month in (OCT, NOV, DEC):                 # the next months' runs honour it
        assert finding(world, "A", "inactive", month) is None
    # K on an unlimited plan: Mini covers its use with 50 % headroom, not with 150 %
    k = finding(world, "K", "oversized")
    assert k["recommended_plan"] == "Mini 2"
    dec.record_decision(world, MAIN, "acme", k, "keep", "Johtajan liittymä", finding_month=OCT)
    assert finding(world, "K", "oversized", NOV) is None
    again = finding(world, "K", "oversized", NOV, headroom_pct=150)
    assert again is not None and again["recommended_plan"] == "Perus 10"
    assert again["finding_status"] == "open" and again["decided_action"] is None


def test_follow_up_terminate_and_change_plan_through_the_months(world):
    b = finding(world, "B", "inactive")
    g = finding(world, "G", "oversized")
    assert g["recommended_plan"] == "Perus 10" and g["saving_month"] == pytest.approx(7.00)
    dec.record_decision(world, MAIN, "acme", b, "terminate", finding_month=OCT)
    dec.record_decision(world, MAIN, "acme", g, "change_plan", "Pienempi riittää", finding_month=OCT)
    assert finding(world, "G", "oversized")["finding_status"] == "change_plan"

    def stages(month):
        fu = optimisation_followup(world, SCOPE, month=month)
        return fu.set_index(["subscription_id", "finding_rule"])

    oct_ = stages(OCT)
    assert oct_.loc[("B", "inactive"), "followup_stage"] == "decided"
    assert oct_.loc[("A", "inactive"), "followup_stage"] == "open"
    nov = stages(NOV)
    assert nov.loc[("B", "inactive"), "followup_stage"] == "carried_out"    # closed 10 Nov
    dec_ = stages(DEC)
    assert dec_.loc[("B", "inactive"), "followup_stage"] == "realised"
    assert dec_.loc[("B", "inactive"), "baseline_cost_month"] == pytest.approx(17.90)
    assert dec_.loc[("B", "inactive"), "realised_saving_month"] == pytest.approx(17.90)
    assert dec_.loc[("G", "oversized"), "followup_stage"] == "decided"      # plan not changed yet

    with write_transaction(world.path) as con:   # the operator changes G's plan
        con.execute("UPDATE subscriptions SET plan = 'Perus 10' WHERE subscription_id = 'G'")
    # the open Database sees the swapped file at its next query
    dec_ = stages(DEC)
    g_row = dec_.loc[("G", "oversized")]
    assert g_row.followup_stage == "realised" and g_row.plan_now == "Perus 10"
    assert g_row.estimated_saving_month == pytest.approx(7.00)
    assert g_row.realised_saving_month == pytest.approx(24.90 - 17.90)

    totals = optimisation_followup_totals(world, SCOPE, month=DEC).set_index("followup_stage")
    assert totals.loc["realised", "followup_items"] == 2
    assert totals.loc["realised", "realised_saving_month"] == pytest.approx(17.90 + 7.00)
    assert totals.loc["realised", "estimated_saving_month"] == pytest.approx(17.90 + 7.00)
    open_items = dec_[dec_.followup_stage == "open"]
    assert totals.loc["open", "followup_items"] == len(open_items) > 0


def test_empty_scope_and_manager_scope(world):
    assert optimisation(world, Scope.none()).empty
    assert optimisation_followup(world, Scope.none()).empty
    only_b = optimisation(world, Scope(org_id="acme", cost_centres=frozenset({"B"})), month=OCT)
    assert only_b.empty                            # every subscription is in centre A
    only_a = optimisation(world, Scope(org_id="acme", cost_centres=frozenset({"A"})), month=OCT)
    assert set(only_a.subscription_id) == {"A", "B", "G", "K"}


def test_evidence_shows_use_against_allowance_and_charges(world):
    from reporting.optimisation.reports import optimisation_evidence

    ev = optimisation_evidence(world, SCOPE, subscription_id="G", month=OCT)
    assert list(ev.month) == [pd.Timestamp(2026, m, 1) for m in range(10, 4, -1)]   # 6-month window
    assert ev.data_use_gb.tolist() == pytest.approx([4.9] * 6)
    assert set(ev.data_allowance_gb) == {50}
    assert ev.data_use_pct.tolist() == pytest.approx([0.098] * 6)
    assert ev.fee_billed.tolist() == pytest.approx([24.90] * 6)
    assert ev.voice_use_min.tolist() == [50] * 6
    assert optimisation_evidence(world, Scope.none(), subscription_id="G").empty
