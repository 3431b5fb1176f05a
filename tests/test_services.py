"""Service reports against an independent minute-by-minute recomputation over the raw tables,
and the scope rule (services are organisation-wide)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.registry import run_report

ORG = "pohjola"
NOW = pd.Timestamp("2026-11-27 09:00")   # tests/conftest.py DEMO_TODAY at 09:00
SCOPE = Scope.organisation(ORG)


def minute_grid(events: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> tuple[int, int, int]:
    """(window minutes up to now, maintenance minutes, down minutes outside maintenance) by
    marking every minute of [lo, min(hi, NOW)) - a different method from the interval maths."""
    hi = min(hi, NOW)
    n = int((hi - lo) / pd.Timedelta(minutes=1))
    down = np.zeros(max(n, 0), dtype=bool)
    maint = np.zeros(max(n, 0), dtype=bool)
    for ev in events.itertuples():
        end = NOW if pd.isna(ev.ends_at) else min(ev.ends_at, NOW)
        a = int((max(ev.starts_at, lo) - lo) / pd.Timedelta(minutes=1))
        b = int((min(end, hi) - lo) / pd.Timedelta(minutes=1))
        if b <= a:
            continue
        if ev.status == "maintenance":
            maint[a:b] = True
        elif ev.status in ("partial_outage", "major_outage"):
            down[a:b] = True
    return n, int(maint.sum()), int((down & ~maint).sum())


def org_events(raw) -> pd.DataFrame:
    return raw("service_events").query("org_id == @ORG")


@pytest.mark.parametrize("month", [dt.date(2026, 10, 1), dt.date(2025, 12, 1)])
def test_sla_month_availability_matches_minute_grid(demo_db, raw, month):
    got = run_report("status-sla", demo_db, SCOPE, month=month).set_index("service_id")
    services = raw("services").query("org_id == @ORG")
    assert set(got.index) == set(services.service_id)
    lo = pd.Timestamp(month)
    hi = lo + pd.offsets.MonthBegin(1)
    events = org_events(raw)
    for svc in services.itertuples():
        ev = events[events.service_id == svc.service_id]
        window, maint, down = minute_grid(ev, lo, hi)
        row = got.loc[svc.service_id]
        assert row.maintenance_minutes == maint
        assert row.down_minutes == down
        assert row.measured_minutes == window - maint
        expected = 100 * (1 - down / (window - maint))
        assert row.availability_pct == pytest.approx(expected, abs=5e-4)
        assert bool(row.meets_sla) == (expected >= float(svc.sla_availability_pct) - 1e-9)
        starts = ev[(ev.starts_at >= lo) & (ev.starts_at < hi)]
        assert row.incidents == (starts.status != "maintenance").sum()
        assert row.outages == starts.status.isin(["partial_outage", "major_outage"]).sum()


def test_overview_status_and_rolling_windows(demo_db, raw):
    got = run_report("status-overview", demo_db, SCOPE).set_index("service_id")
    events = org_events(raw)
    rank = ["operational", "maintenance", "degraded", "partial_outage", "major_outage"]
    for sid, row in got.iterrows():
        ev = events[events.service_id == sid]
        live = ev[(ev.starts_at <= NOW) & (ev.ends_at.isna() | (ev.ends_at > NOW))]
        expected = max(live.status, key=rank.index, default="operational")
        assert row.status == expected
        for col, days in (("availability_30d_pct", 30), ("availability_90d_pct", 90)):
            window, maint, down = minute_grid(ev, NOW - pd.Timedelta(days=days), NOW)
            assert row[col] == pytest.approx(100 * (1 - down / (window - maint)), abs=5e-4)
    # worst status on top: the demo guarantees one ongoing partial outage in this organisation
    assert got.iloc[0].status == "partial_outage"
    ranks = [rank.index(s) for s in got.status]
    assert ranks == sorted(ranks, reverse=True)


def test_overview_open_and_breaching_tickets(demo_db, raw):
    got = run_report("status-overview", demo_db, SCOPE).set_index("service_id")
    t = raw("tickets").query("org_id == @ORG and status in ['open', 'in_progress']")
    s = raw("services").query("org_id == @ORG").set_index("service_id")
    assert got.open_tickets.sum() == len(t)
    breaching = 0
    for k in t.itertuples():
        n = k.priority[1]
        resp_t = float(s.at[k.service_id, f"response_p{n}_h"])
        res_t = float(s.at[k.service_id, f"resolve_p{n}_h"])
        resp = (k.first_response_at if not pd.isna(k.first_response_at) else NOW) - k.opened_at
        res = NOW - k.opened_at
        breaching += resp > pd.Timedelta(hours=resp_t) or res > pd.Timedelta(hours=res_t)
    assert got.breaching_tickets.sum() == breaching


def test_incidents_ongoing_first_then_upcoming_maintenance(demo_db, raw):
    got = run_report("status-incidents", demo_db, SCOPE)
    ev = org_events(raw)
    ongoing = ev[(ev.starts_at <= NOW) & (ev.ends_at.isna() | (ev.ends_at > NOW))]
    upcoming = ev[(ev.starts_at > NOW) & (ev.status == "maintenance")]
    assert list(got.phase) == ["ongoing"] * len(ongoing) + ["upcoming"] * len(upcoming)
    assert set(got.event_id) == set(ongoing.event_id) | set(upcoming.event_id)
    first = got.iloc[0]
    assert first.status == "partial_outage" and pd.isna(first.ends_at) and first.minutes == 95


def test_uptime_days_match_minute_grid(demo_db, raw):
    got = run_report("status-uptime", demo_db, SCOPE)
    services = raw("services").query("org_id == @ORG")
    assert len(got) == 90 * len(services)
    assert got.day.max() == pd.Timestamp("2026-11-27") and got.day.min() == pd.Timestamp("2026-08-30")
    ev = org_events(raw)
    worst_days = got[got.down_minutes > 0].sort_values("down_minutes", ascending=False).head(5)
    assert len(worst_days), "the demo data has outages in the last 90 days"
    for row in worst_days.itertuples():
        lo = row.day
        _, maint, down = minute_grid(ev[ev.service_id == row.service_id], lo, lo + pd.Timedelta(days=1))
        assert (row.down_minutes, row.maintenance_minutes) == (down, maint)
        assert row.worst_status in ("partial_outage", "major_outage")
    # today runs only to 09:00 and no day after "now" is shown
    assert got[got.day == pd.Timestamp("2026-11-27")].worst_status.notna().all()


@pytest.mark.parametrize("name", ["status-overview", "status-incidents", "status-uptime",
                                  "status-sla", "tickets", "tickets-priority", "tickets-age",
                                  "status-kpis", "status-months"])
def test_restricted_and_empty_scopes_see_no_services(demo_db, raw, name):
    centre = raw("cost_centres").query("org_id == @ORG").code.iloc[0]
    sub = raw("subscriptions").query("org_id == @ORG").subscription_id.iloc[0]
    assert len(run_report(name, demo_db, SCOPE)) > 0
    for scope in (Scope(org_id=ORG, cost_centres=frozenset([centre])),
                  Scope(org_id=ORG, subscriptions=frozenset([sub])), Scope.none()):
        assert run_report(name, demo_db, scope).empty, (name, scope)


def test_one_organisation_never_sees_another(demo_db, raw):
    other = raw("services").query("org_id != @ORG").service_id
    got = run_report("status-overview", demo_db, SCOPE)
    assert not set(got.service_id) & set(other)
    # asking for another organisation's service by id returns nothing
    sid = other.iloc[0]
    assert run_report("service-events", demo_db, SCOPE, service_id=sid).empty
    assert run_report("tickets", demo_db, SCOPE, service_id=sid, all_months=True).empty
    assert run_report("status-sla", demo_db, SCOPE, service_id=sid).empty


def test_problems_only_keeps_services_down_now_or_below_target(demo_db):
    full = run_report("status-overview", demo_db, SCOPE)
    got = run_report("status-overview", demo_db, SCOPE, problems_only=True)
    bad = full[(full.status != "operational") | (full.sla_availability_pct > full.availability_month_pct)]
    assert set(got.service_id) == set(bad.service_id)
    assert 0 < len(got) < len(full)
    only_cloud = run_report("status-overview", demo_db, SCOPE, categories=("cloud",))
    assert set(only_cloud.service_category) == {"cloud"}


def test_sla_claims_nothing_outside_the_data(demo_db, raw):
    first = min(org_events(raw).starts_at.min(), raw("tickets").query("org_id == @ORG").opened_at.min())
    first_month = first.date().replace(day=1)
    before = (first_month - dt.timedelta(days=1)).replace(day=1)
    assert not run_report("status-sla", demo_db, SCOPE, month=first_month).empty
    assert run_report("status-sla", demo_db, SCOPE, month=before).empty
    assert run_report("status-sla", demo_db, SCOPE, month=dt.date(2027, 1, 1)).empty
    months = run_report("status-months", demo_db, SCOPE).month
    assert months.iloc[0] == pd.Timestamp("2026-11-01")
    assert months.iloc[-1] == pd.Timestamp(first_month)
