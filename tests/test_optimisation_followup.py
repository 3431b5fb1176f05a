"""The optimisation follow-up reads at a glance (issue 14, points 7 and 12): decided items
first, filters by stage, search; no 'None' and no raw timestamps on the page."""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.db import Database
from reporting.i18n import t
from reporting.optimisation import decisions
from reporting.optimisation.reports import optimisation, optimisation_followup
from reporting.ui.readable import local_time_text, readable
from tests.helpers import MAIN_USER, app_as, open_page, open_tab

ORG = "pohjola"
SCOPE = Scope.organisation(ORG)
MAIN = User(MAIN_USER, "Pääkäyttäjä", Role.MAIN_USER, org_id=ORG, is_demo=True)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture
def decided(app_env, demo_path):
    """Three decisions in the test's state store, one after another (distinct times)."""
    db = Database(demo_path)
    found = optimisation(db, SCOPE)
    month = found.judged_month.iloc[0].date()
    picks = [found.iloc[i].to_dict() for i in (5, 40, 90)]
    for row, choice in zip(picks, ("terminate", "review", "keep"), strict=True):
        decisions.record_decision(db, MAIN, ORG, row, choice, "Varalaite", finding_month=month)
        time.sleep(0.01)
    yield db, picks, month
    db.close()


def test_decided_items_first_latest_decision_first(decided):
    db, picks, _ = decided
    fu = optimisation_followup(db, SCOPE)
    done = fu[fu.followup_stage != "open"]
    assert len(done) == 3
    assert list(fu.followup_stage[:3]) == list(done.followup_stage)        # before any open row
    assert (fu.followup_stage[3:] == "open").all()
    # the latest decision (the third, kept) first
    expected = [(p["subscription_id"], p["finding_rule"]) for p in reversed(picks)]
    assert list(zip(done.subscription_id, done.finding_rule, strict=True)) == expected


def test_filter_by_stage_and_search(decided):
    db, picks, _ = decided
    everything = optimisation_followup(db, SCOPE)
    only = optimisation_followup(db, SCOPE, stages=("review", "kept"))
    assert sorted(only.followup_stage) == ["kept", "review"]
    open_rows = optimisation_followup(db, SCOPE, stages=("open",))
    assert len(open_rows) == (everything.followup_stage == "open").sum()
    # a search for a person's name finds their items only, whatever the case
    name = everything.user_name.dropna().iloc[0]
    word = name.split()[-1].upper()
    hits = optimisation_followup(db, SCOPE, search=word)
    expected = everything[everything.user_name.fillna("").str.casefold().str.contains(
        word.casefold(), regex=False) | everything.subscription_id.str.casefold().str.contains(
        word.casefold(), regex=False) | everything.cost_centre.fillna("").str.casefold().str.contains(
        word.casefold(), regex=False)]
    assert 0 < len(hits) < len(everything)
    assert list(hits.subscription_id) == list(expected.subscription_id)
    # the text is taken as typed, not as a pattern
    assert optimisation_followup(db, SCOPE, search=".*").empty
    sid = picks[0]["subscription_id"]
    assert set(optimisation(db, SCOPE, search=sid.lower()).subscription_id) == {sid}


def _cells_missing(at) -> list[tuple[str, str]]:
    out = []
    for frame in at.dataframe:
        value = frame.value
        out += [(frame.key, c) for c in value.columns if value[c].isna().any()]
    return out


def _followup(at) -> pd.DataFrame:
    return next(f.value for f in at.dataframe
                if {"followup_stage", "subscription_id"} <= set(f.value.columns))


def test_page_shows_no_missing_cells_nor_raw_timestamps(decided):
    _, picks, _ = decided
    at = open_page(app_as(MAIN_USER), "optimisation")
    assert not at.exception
    assert _cells_missing(at) == []            # Streamlit draws a missing cell as "None"
    texts = [c.value for c in at.caption] + [m.value for m in at.markdown]
    frames = [f.value.to_csv() for f in at.dataframe]
    assert not any(ISO.search(x) for x in texts + frames)
    # the follow-up's decided rows come first, in words (its tab opened: lazy tabs)
    at = open_tab(at, "opt_tab", "opt.tab.followup")
    assert not at.exception
    assert _cells_missing(at) == []
    assert not any(ISO.search(f.value.to_csv()) for f in at.dataframe)
    fu = _followup(at)
    assert list(fu.followup_stage[:3]) == [t("opt.stage.kept", "fi"), t("opt.stage.review", "fi"),
                                           t("opt.stage.decided", "fi")]
    assert (fu.decided_at[3:] == "–").all()
    # stage filter and search through the widgets
    at.multiselect(key="opt_fu_stages").set_value(["review"]).run()
    fu = _followup(at)
    assert list(fu.followup_stage) == [t("opt.stage.review", "fi")]
    at.multiselect(key="opt_fu_stages").set_value([]).run()
    at.text_input(key="opt_fu_search").input(picks[0]["subscription_id"]).run()
    fu = _followup(at)
    assert set(fu.subscription_id) == {picks[0]["subscription_id"]}


def test_decision_caption_in_local_time(decided):
    _, picks, _ = decided
    pick = picks[0]                              # terminated: still a finding, now decided
    at = open_page(app_as(MAIN_USER), "optimisation")
    at.text_input(key="opt_search").input(pick["subscription_id"]).run()
    at.selectbox(key="opt_finding").set_value(f"{pick['subscription_id']}|{pick['finding_rule']}").run()
    stored = decisions.latest_decisions(ORG)
    when = stored[stored.subscription_id == pick["subscription_id"]].decided_at.iloc[0]
    assert ISO.search(str(when))                 # the store keeps ISO text (UTC)
    caption = next(c.value for c in at.caption if c.value.startswith("Voimassa oleva päätös"))
    assert local_time_text(when, "fi") in caption and not ISO.search(caption)


def test_readable_values():
    assert local_time_text("2026-12-02T02:29:47.588Z", "fi") == "2.12.2026 klo 4.29"   # UTC+2
    assert local_time_text("2026-07-02 02:29:47", "en") == "2 Jul 2026 05:29"          # UTC+3
    df = pd.DataFrame({"a": [1.5, None], "b": [pd.Timestamp("2026-11-27"), pd.NaT],
                       "c": ["x", None], "d": [1, 2], "e": pd.array([True, pd.NA], "boolean")})
    shown, left = readable(df, "fi", {"a": "money", "d": "num0"})
    assert list(shown.a) == ["1,50\u00a0€", "–"] and list(shown.b) == ["27.11.2026", "–"]
    assert list(shown.c) == ["x", "–"] and list(shown.e) == ["Kyllä", "–"]
    assert list(shown.d) == [1, 2] and left == {"d": "num0"}     # complete columns stay numbers


def test_open_estimate_counts_each_subscription_once_like_the_findings(app_env, demo_path, raw):
    """The follow-up's open stage and the findings' potential are one figure: a subscription
    found by two rules is one saving (its largest), not two (the page showed 2 232,66 € open
    beside 2 162,86 € of findings)."""
    from reporting.optimisation.reports import optimisation_followup_totals, optimisation_kpis

    db = Database(demo_path)
    try:
        found = optimisation(db, SCOPE)
        totals = optimisation_followup_totals(db, SCOPE).set_index("followup_stage")
        kpis = optimisation_kpis(db, SCOPE).iloc[0]
    finally:
        db.close()
    twice = found.subscription_id.duplicated(keep=False)
    assert twice.any(), "the demo has a subscription found by two rules"
    once = {}
    for r in found.itertuples():
        once[r.subscription_id] = max(once.get(r.subscription_id, 0.0), float(r.saving_month))
    expected = round(sum(once.values()), 2)
    assert expected < round(float(found.saving_month.astype(float).sum()), 2)
    assert totals.at["open", "followup_items"] == len(found)
    assert totals.at["open", "estimated_saving_month"] == pytest.approx(expected, abs=0.005)
    assert float(kpis.saving_month) == pytest.approx(expected, abs=0.005)
