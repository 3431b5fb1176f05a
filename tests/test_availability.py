"""Availability arithmetic on hand-built event sets with answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from reporting.core.months import month_bounds
from reporting.services.availability import (
    Event,
    availability,
    daily,
    day_range,
    merge,
    status_at,
    subtract,
)

D = dt.datetime
NOW = D(2026, 11, 27, 9, 0)


def E(start, end, status):
    return Event(start, end, status)


def test_single_outage_in_a_day():
    ev = [E(D(2026, 3, 10, 8), D(2026, 3, 10, 9), "major_outage")]
    a = availability(ev, D(2026, 3, 10), D(2026, 3, 11), NOW)
    assert a.window_minutes == 1440
    assert a.down_minutes == 60
    assert a.availability == pytest.approx(1 - 60 / 1440)


def test_degraded_is_not_down_but_partial_is():
    ev = [E(D(2026, 3, 10, 8), D(2026, 3, 10, 10), "degraded"),
          E(D(2026, 3, 10, 12), D(2026, 3, 10, 12, 30), "partial_outage")]
    a = availability(ev, D(2026, 3, 10), D(2026, 3, 11), NOW)
    assert a.down_minutes == 30


def test_overlapping_outages_count_a_minute_once():
    # 10:00-11:00 major and 10:30-12:00 partial overlap: down 10:00-12:00 = 120 min, not 150
    ev = [E(D(2026, 3, 10, 10), D(2026, 3, 10, 11), "major_outage"),
          E(D(2026, 3, 10, 10, 30), D(2026, 3, 10, 12), "partial_outage"),
          E(D(2026, 3, 10, 10, 45), D(2026, 3, 10, 10, 50), "major_outage")]  # inside both
    a = availability(ev, D(2026, 3, 10), D(2026, 3, 11), NOW)
    assert a.down_minutes == 120
    assert a.longest_outage_minutes == 120


def test_event_across_midnight_is_split_between_days():
    ev = [E(D(2026, 3, 10, 23, 0), D(2026, 3, 11, 1, 30), "major_outage")]
    days = daily(ev, day_range(dt.date(2026, 3, 10), dt.date(2026, 3, 12)), NOW)
    assert [d["down_minutes"] for d in days] == [60, 90, 0]
    assert [d["worst_status"] for d in days] == ["major_outage", "major_outage", "operational"]


def test_event_across_month_end_is_split_between_months():
    # 31.1. 22:00 - 1.2. 03:00: 120 min in January, 180 min in February
    ev = [E(D(2026, 1, 31, 22), D(2026, 2, 1, 3), "partial_outage")]
    jan = availability(ev, *month_bounds(dt.date(2026, 1, 1)), NOW)
    feb = availability(ev, *month_bounds(dt.date(2026, 2, 1)), NOW)
    assert jan.down_minutes == 120 and feb.down_minutes == 180
    assert jan.window_minutes == 31 * 1440 and feb.window_minutes == 28 * 1440
    assert feb.availability == pytest.approx(1 - 180 / (28 * 1440))
    # the same across a year end
    ev = [E(D(2025, 12, 31, 23, 30), D(2026, 1, 1, 0, 15), "major_outage")]
    assert availability(ev, *month_bounds(dt.date(2025, 12, 1)), NOW).down_minutes == 30
    assert availability(ev, *month_bounds(dt.date(2026, 1, 1)), NOW).down_minutes == 15


def test_open_event_runs_to_now_and_the_future_is_not_measured():
    now = D(2026, 11, 27, 9, 0)
    ev = [E(D(2026, 11, 27, 7, 25), None, "partial_outage")]   # open: 95 minutes so far
    a = availability(ev, *month_bounds(dt.date(2026, 11, 1)), now)
    assert a.window_minutes == 26 * 1440 + 9 * 60
    assert a.down_minutes == 95
    assert a.availability == pytest.approx(1 - 95 / (26 * 1440 + 540))
    assert status_at(ev, now)[0] == "partial_outage"
    days = daily(ev, [dt.date(2026, 11, 27), dt.date(2026, 11, 28)], now)
    assert days[0]["down_minutes"] == 95 and days[1]["worst_status"] is None


def test_maintenance_is_excluded_and_an_outage_inside_it_is_not_down():
    # maintenance 22:00-02:00 (240 min); a major outage 23:00-03:00 overlaps it:
    # down only 02:00-03:00 = 60 min; measured = 2 days - 240 min
    ev = [E(D(2026, 5, 4, 22), D(2026, 5, 5, 2), "maintenance"),
          E(D(2026, 5, 4, 23), D(2026, 5, 5, 3), "major_outage")]
    a = availability(ev, D(2026, 5, 4), D(2026, 5, 6), NOW)
    assert a.maintenance_minutes == 240
    assert a.down_minutes == 60
    assert a.measured_minutes == 2 * 1440 - 240
    assert a.availability == pytest.approx(1 - 60 / (2 * 1440 - 240))
    days = daily(ev, [dt.date(2026, 5, 4), dt.date(2026, 5, 5)], NOW)
    assert [d["down_minutes"] for d in days] == [0, 60]
    assert [d["maintenance_minutes"] for d in days] == [120, 120]


def test_outage_split_by_maintenance_gives_two_outages():
    ev = [E(D(2026, 5, 4, 10), D(2026, 5, 4, 14), "major_outage"),
          E(D(2026, 5, 4, 11), D(2026, 5, 4, 12), "maintenance")]
    a = availability(ev, D(2026, 5, 4), D(2026, 5, 5), NOW)
    assert a.down_minutes == 180
    assert a.longest_outage_minutes == 120


def test_window_wholly_in_maintenance_or_future_has_no_availability():
    ev = [E(D(2026, 5, 4), D(2026, 5, 5), "maintenance")]
    assert availability(ev, D(2026, 5, 4), D(2026, 5, 5), NOW).availability is None
    assert availability([], D(2027, 1, 1), D(2027, 2, 1), NOW).availability is None
    assert availability([], D(2026, 5, 4), D(2026, 5, 5), NOW).availability == 1.0


def test_future_maintenance_does_not_count():
    ev = [E(D(2026, 12, 3, 22), D(2026, 12, 4, 0), "maintenance")]
    a = availability(ev, *month_bounds(dt.date(2026, 11, 1)), NOW)
    assert a.maintenance_minutes == 0
    assert status_at(ev, NOW)[0] == "operational"


def test_worst_status_of_a_day():
    ev = [E(D(2026, 5, 4, 1), D(2026, 5, 4, 2), "maintenance"),
          E(D(2026, 5, 4, 5), D(2026, 5, 4, 6), "degraded"),
          E(D(2026, 5, 5, 5), D(2026, 5, 5, 6), "maintenance")]
    days = daily(ev, [dt.date(2026, 5, 4), dt.date(2026, 5, 5), dt.date(2026, 5, 6)], NOW)
    assert [d["worst_status"] for d in days] == ["degraded", "maintenance", "operational"]
    assert all(d["down_minutes"] == 0 for d in days)


def test_merge_and_subtract():
    a = merge([(D(2026, 1, 1, 3), D(2026, 1, 1, 4)), (D(2026, 1, 1, 1), D(2026, 1, 1, 2)),
               (D(2026, 1, 1, 1, 30), D(2026, 1, 1, 2, 30))])
    assert a == [(D(2026, 1, 1, 1), D(2026, 1, 1, 2, 30)), (D(2026, 1, 1, 3), D(2026, 1, 1, 4))]
    b = [(D(2026, 1, 1, 2), D(2026, 1, 1, 3, 30))]
    assert subtract(a, b) == [(D(2026, 1, 1, 1), D(2026, 1, 1, 2)),
                              (D(2026, 1, 1, 3, 30), D(2026, 1, 1, 4))]
