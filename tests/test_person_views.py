"""Employee and manager views designed for the person (issue 14, point 9): the employee's
month like a phone operator's app (data used of the allowance on a labelled bar, days left,
cost so far, roaming), a 0 % change without an arrow, the manager's centres and people."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.costs.employee import days_left
from reporting.demo.personas import demo_personas
from reporting.i18n import country_name, fmt_money
from tests.helpers import app_as, open_page

ORG = "pohjola"
OCT = dt.date(2026, 10, 1)


def _persona(demo_path, role: str):
    db = Database(demo_path)
    try:
        return next(p for p in demo_personas(db) if p.role.value == role)
    finally:
        db.close()


def test_days_left_in_the_billing_period():
    assert days_left(OCT, dt.date(2026, 11, 27)) == 0          # October is over
    assert days_left(dt.date(2026, 11, 1), dt.date(2026, 11, 27)) == 3
    assert days_left(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == 0
    assert days_left(dt.date(2026, 12, 1), dt.date(2026, 11, 27)) == 31   # not begun


def test_employee_sees_the_month_like_an_operator_app(app_env, demo_path, raw):
    employee = _persona(demo_path, "employee")
    (sid,) = employee.subscriptions
    usage = raw("usage_daily")
    mine = usage[(usage.subscription_id == sid) & (usage.usage_date >= "2026-10-01")
                 & (usage.usage_date <= "2026-10-31")]
    data_gb = float(mine[mine.usage_type == "data_mb"].quantity.astype(float).sum()) / 1024
    plans = raw("plans").set_index("plan")
    sub = raw("subscriptions").set_index("subscription_id").loc[sid]
    allowance = float(plans.at[sub.plan, "data_gb"])
    share = round(100 * data_gb / allowance)
    left = f"{allowance - data_gb:.1f}".replace(".", ",")
    abroad = sorted(set(mine[mine.country != "FI"].country))

    at = open_page(app_as(employee.user_id), "my_usage")
    assert not at.exception
    used = f"{data_gb:.1f}".replace(".", ",") + f" / {allowance:.0f} Gt"
    assert f"### {used}" in [m.value for m in at.markdown]      # in full, not in a narrow tile
    bars = [p.proto.text for p in at.get("progress")]
    assert bars == [f"{share}\u00a0% käytetty · {left} Gt jäljellä"]
    captions = [c.value for c in at.caption]
    assert "Kausi päättyi 31.10.2026" in captions             # the data's now is 27.11.2026
    metrics = {m.label: m.value for m in at.metric}
    assert "Kauden kulut (alv 0 %)" in metrics                # the period is over: not "so far"
    if abroad:
        names = ", ".join(country_name(c, "fi") for c in abroad)
        assert any(c.startswith(f"Ulkomailla: {names}") for c in captions) or len(abroad) > 1
    else:
        assert "Ei käyttöä ulkomailla." in captions


def test_no_change_has_no_arrow(app_env, demo_path, raw):
    """The demo employee's cost is the same in September and October: no red up arrow."""
    employee = _persona(demo_path, "employee")
    (sid,) = employee.subscriptions
    ch = raw("charges")
    mine = ch[ch.subscription_id == sid]
    total = {m: round(float(g.amount.astype(float).sum()), 2) for m, g in mine.groupby("invoice_month")}
    assert total[pd.Timestamp("2026-10-01")] == total[pd.Timestamp("2026-09-01")]
    at = app_as(employee.user_id)
    cost = next(m for m in at.metric if m.label == "Kustannukset (alv 0 %)")
    assert cost.delta.startswith("±0,0")
    assert cost.proto.direction == MetricProto.MetricDirection.NONE      # no arrow
    assert cost.proto.color == MetricProto.MetricColor.GRAY             # neither red nor green
    # their own month, not an organisation's figures cut down, and the way to their page
    labels = [m.label for m in at.metric]
    assert "Aktiiviset liittymät" not in labels and "Kustannus / liittymä" not in labels
    assert labels[:4] == ["Kustannukset (alv 0 %)", "Data (Gt)", "Puhe (min)", "Viestit"]
    links = [p.proto for p in at.get("page_link")]
    assert [p.label for p in links] == ["Omat liittymät: data, päivät, kulut ja verkkovierailu"]
    assert "my_usage" in links[0].page, links[0].page


def test_manager_sees_their_centres_and_people(app_env, demo_path, raw, demo_db):
    manager = _persona(demo_path, "manager")
    (centre,) = manager.cost_centres
    tree = raw("cost_centre_tree")
    tree = tree[(tree.org_id == ORG)]
    children = sorted(tree[(tree.ancestor == centre) & (tree.depth == 1)].descendant)
    assert children, "the demo manager's centre has sub-centres"
    ch = raw("charges")
    ch = ch[(ch.org_id == ORG) & (ch.invoice_month == pd.Timestamp("2026-10-01"))]
    expected = {}
    for child in children:
        below = set(tree[tree.ancestor == child].descendant)
        expected[child] = float(ch[ch.sub_cost_centre.isin(below)].amount.astype(float).sum())
    got = run_report("team-centres", demo_db, manager.scope())
    subs = got[got.cost_centre != centre]
    assert sorted(subs.cost_centre) == children                     # one bar per sub-centre
    for r in subs.itertuples():
        assert r.cost_month == pytest.approx(expected[r.cost_centre], abs=0.05)
    assert list(got.cost_month) == sorted(got.cost_month, reverse=True)

    at = app_as(manager.user_id)
    assert not at.exception
    heads = [m.value for m in at.markdown]
    assert "#### Kustannuspaikkasi – lokakuu 2026" in heads
    # one bar per centre, Finnish amounts on the bars, the axis in whole euros with its unit
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = next(c for c in charts if c["data"][0].get("orientation") == "h")
    assert len(bars["data"][0]["x"]) == len(got)
    assert bars["data"][0]["text"][0] == fmt_money(got.cost_month.iloc[0], "fi")
    assert bars["layout"]["xaxis"]["tickformat"] == ",.0f" and bars["layout"]["separators"] == ",\u00a0"
    assert "€" in bars["layout"]["xaxis"]["title"]["text"]
    assert "#### Suurimmat kulut henkilöittäin – lokakuu 2026" in heads
    people = next(f.value for f in at.dataframe if "user_name" in f.value.columns)
    mine = ch[ch.sub_cost_centre.isin(set(tree[tree.ancestor == centre].descendant))
              & ch.subscription_id.notna()]
    top = mine.groupby("subscription_id").amount.apply(lambda s: float(s.astype(float).sum()))
    assert len(people) == 10
    assert people.amount.iloc[0] == pytest.approx(top.max(), abs=0.01)
    assert Scope.organisation(ORG).whole_organisation
    assert run_report("team-centres", demo_db, Scope.organisation(ORG)).empty   # not for a whole org
