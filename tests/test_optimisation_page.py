"""The optimisation page (AppTest): every persona, figures equal to the report, and a decision
driven through the widgets by key."""

from __future__ import annotations

import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.i18n import fmt_money, fmt_number, t
from reporting.optimisation import decisions
from reporting.optimisation.reports import optimisation, potential
from reporting.ui.navigation import pages_for
from tests.helpers import ANALYST, MAIN_USER_SMALL, OPERATOR, app_as, open_page, open_tab


def _personas(demo_path):
    db = Database(demo_path)
    try:
        return {p.role.value: p for p in demo_personas(db)}
    finally:
        db.close()


def test_page_is_offered_to_its_roles_only(demo_path):
    for role, persona in _personas(demo_path).items():
        offered = "optimisation" in [p.key for p in pages_for(persona.role)]
        assert offered == (role in ("operator", "main_user", "analyst", "manager")), role


@pytest.mark.parametrize("role", ["main_user", "manager", "analyst"])
def test_figures_equal_the_report_in_the_users_scope(app_env, demo_path, role):
    persona = _personas(demo_path)[role]
    at = open_page(app_as(persona.user_id), "optimisation")
    assert not at.exception and not at.error, [e.value for e in at.error]
    db = Database(demo_path)
    expected = optimisation(db, persona.scope())
    db.close()
    assert len(expected)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("opt.kpi.findings", "fi")] == fmt_number(len(expected), "fi")
    assert metrics[t("opt.kpi.saving_month", "fi")] == fmt_money(potential(expected), "fi")
    can_save = bool([b for b in at.button if b.key == "opt_save"])
    assert can_save == (role == "main_user")
    if role != "main_user":
        assert t("opt.decide.readonly", "fi") in [c.value for c in at.caption]


def test_rules_are_stated_with_the_thresholds(app_env):
    at = open_page(app_as(ANALYST, lang="en"), "optimisation")
    at.number_input(key="opt_th_inactive_months").set_value(5).run()
    text = " ".join(m.value for m in at.markdown)
    assert "in the last 5 months" in text
    assert "below 10 % of the plan's allowance" in text


def test_decision_by_widget_keys(app_env, demo_path):
    at = open_page(app_as(MAIN_USER_SMALL), "optimisation")
    assert not at.exception
    db = Database(demo_path)
    before = len(optimisation(db, Scope.organisation("saimaa")))
    pick = at.selectbox(key="opt_finding").value
    sid, rule_key = pick.split("|")
    at.selectbox(key="opt_decision").set_value("keep")
    at.button(key="opt_save").click().run()
    assert [e.value for e in at.error] == [t("opt.err.reason", "fi")]
    assert decisions.latest_decisions("saimaa").empty
    at.text_area(key="opt_reason").input("Varalaite päivystäjälle")
    at.button(key="opt_save").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [t("opt.decide.saved", "fi")]
    stored = decisions.latest_decisions("saimaa")
    assert list(zip(stored.subscription_id, stored.rule, stored.decision, stored.decided_by,
                    strict=True)) == [(sid, rule_key, "keep", MAIN_USER_SMALL)]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("opt.kpi.findings", "fi")] == fmt_number(before - 1, "fi")
    after = optimisation(db, Scope.organisation("saimaa"))
    assert len(after) == before - 1
    assert not ((after.subscription_id == sid) & (after.finding_rule == rule_key)).any()
    db.close()


@pytest.mark.parametrize("decision", ["terminate", "change_plan"])
def test_operator_records_decision_and_follow_up_shows_it(app_env, decision):
    at = open_page(app_as(OPERATOR, org="saimaa"), "optimisation")
    at.multiselect(key="opt_rules").set_value(["oversized"]).run()
    pick = at.selectbox(key="opt_finding").value
    at.selectbox(key="opt_decision").set_value(decision).run()
    if decision == "change_plan":
        assert at.selectbox(key="opt_target").value      # the recommended plan is preselected
    at.button(key="opt_save").click().run()
    assert not at.exception and not at.error
    stored = decisions.latest_decisions("saimaa")
    assert len(stored) == 1 and stored.decision.iloc[0] == decision
    assert f"{stored.subscription_id.iloc[0]}|{stored.rule.iloc[0]}" == pick
    if decision == "change_plan":
        assert stored.target_plan.iloc[0]
    # the follow-up is drawn when its tab is opened
    assert not [d for d in at.dataframe if "followup_stage" in d.value.columns]
    at = open_tab(at, "opt_tab", "opt.tab.followup")
    followup = [d.value for d in at.dataframe if "followup_stage" in d.value.columns]
    assert len(followup) == 2                    # totals and items
    items = followup[1]
    decided = items[(items.subscription_id == stored.subscription_id.iloc[0])
                    & (items.finding_rule == t("opt.rule.oversized", "fi"))]
    assert list(decided.followup_stage) == [t("opt.stage.decided", "fi")]
