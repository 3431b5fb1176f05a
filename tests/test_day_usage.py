"""subscription-day-usage, the drill-down's day level (issue 14, point 3): a subscription's
usage rows on one day equal usage_daily's, and a subscription outside the scope gives none."""

from __future__ import annotations

import datetime as dt

from reporting.access.scope import Scope
from reporting.core.registry import run_report
from reporting.ui.drill import parse_day

ORG = "pohjola"


def test_day_rows_equal_usage_daily(demo_db, raw):
    usage = raw("usage_daily")
    usage = usage[usage.org_id == ORG]
    # the subscription-day with the most rows (several usage types and a roaming country)
    counts = usage.groupby(["subscription_id", "usage_date"]).size().sort_values(ascending=False)
    sub, day = counts.index[0]
    day = day.date() if hasattr(day, "date") else day
    expected = usage[(usage.subscription_id == sub)
                     & (usage.usage_date.astype(str).str[:10] == day.isoformat())]
    got = run_report("subscription-day-usage", demo_db, Scope.organisation(ORG), subscription=sub, day=day)
    assert len(got) == len(expected) == counts.iloc[0] and len(got) > 1
    key = ["usage_type", "country"]
    e = expected.assign(usage_type=expected.usage_type.astype(str)).sort_values(key)
    g = got.sort_values(key)
    assert list(g.usage_type) == list(e.usage_type) and list(g.country) == list(e.country)
    assert [round(float(q), 6) for q in g.quantity] == [round(float(q), 6) for q in e.quantity]
    assert [None if a != a else round(float(a), 2) for a in g.amount] == \
           [None if a != a or a is None else round(float(a), 2) for a in e.amount]
    assert set(got.usage_date.astype(str).str[:10]) == {day.isoformat()}
    # outside the scope: another organisation's scope sees nothing of it
    assert run_report("subscription-day-usage", demo_db, Scope.organisation("nobody"),
                      subscription=sub, day=day).empty


def test_day_parameter_must_be_a_day_of_the_month():
    oct_ = dt.date(2026, 10, 1)
    assert parse_day("2026-10-05", oct_) == dt.date(2026, 10, 5)
    assert parse_day("2026-11-05", oct_) is None          # another month
    assert parse_day("2026-10-32", oct_) is None and parse_day("x", oct_) is None
    assert parse_day(None, oct_) is None and parse_day("2026-10-05", None) is None
