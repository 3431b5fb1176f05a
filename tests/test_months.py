"""reporting.core.months, the one implementation of month arithmetic: checked against a
walk over calendar days (an independent way to find the next and previous month)."""

from __future__ import annotations

import datetime as dt

import pytest

from reporting.core.months import (
    add_months,
    last_day,
    month_bounds,
    month_range,
    month_start,
    previous_month,
    window,
)

DAYS = [dt.date(2023, 1, 1) + dt.timedelta(days=i) for i in range(0, 3 * 366, 7)]


def _walk(day: dt.date, n: int) -> dt.date:
    """The first day of the month n months away, by stepping one day at a time."""
    first = day - dt.timedelta(days=day.day - 1)
    step = dt.timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        d = first
        while d.month == first.month:
            d += step
        first = d - dt.timedelta(days=d.day - 1)
    return first


@pytest.mark.parametrize("n", [-25, -13, -12, -1, 0, 1, 11, 12, 23])
def test_add_months_agrees_with_a_walk_over_days(n):
    for day in DAYS:
        assert add_months(day, n) == _walk(day, n), (day, n)


def test_month_start_previous_and_last_day():
    assert month_start(dt.datetime(2026, 3, 31, 23, 59)) == dt.date(2026, 3, 1)
    assert previous_month(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    assert last_day(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)     # leap year
    assert last_day(dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)
    assert last_day(dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)
    for day in DAYS:
        assert (last_day(day) + dt.timedelta(days=1)).day == 1
        assert last_day(day).month == day.month


def test_month_bounds_are_half_open_datetimes():
    assert month_bounds(dt.date(2025, 12, 1)) == (dt.datetime(2025, 12, 1), dt.datetime(2026, 1, 1))
    assert month_bounds(dt.datetime(2026, 2, 14, 12)) == (dt.datetime(2026, 2, 1), dt.datetime(2026, 3, 1))


def test_month_range_and_window():
    assert month_range(dt.date(2025, 11, 20), dt.date(2026, 2, 3)) == [
        dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert month_range(dt.date(2026, 2, 1), dt.date(2026, 1, 31)) == []
    assert window(dt.date(2026, 3, 1), 3) == (dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    assert window(dt.date(2026, 3, 9), 1) == (dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    assert len(month_range(*window(dt.date(2026, 10, 1), 24))) == 24
