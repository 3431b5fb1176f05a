"""Month arithmetic, one implementation for every report, rule, command and page helper.

A month is represented by the date of its first day. Every function here accepts any date
(or datetime) within the month and ignores the day, so ``add_months(date(2026, 1, 31), 1)``
is February's first day, never an overflow.
"""

from __future__ import annotations

import datetime as dt


def month_start(value: dt.date | dt.datetime) -> dt.date:
    """The first day of the month ``value`` falls in (a datetime's time is dropped)."""
    return dt.date(value.year, value.month, 1)


def add_months(month: dt.date | dt.datetime, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``month``'s (before it when negative)."""
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return dt.date(year, index + 1, 1)


def previous_month(month: dt.date | dt.datetime) -> dt.date:
    """The first day of the month before ``month``'s."""
    return add_months(month, -1)


def last_day(month: dt.date | dt.datetime) -> dt.date:
    """The last day of ``month``'s month."""
    return add_months(month, 1) - dt.timedelta(days=1)


def month_bounds(month: dt.date | dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """[first moment, first moment of the next month) of ``month``'s month, as naive datetimes."""
    first = month_start(month)
    nxt = add_months(first, 1)
    return dt.datetime(first.year, first.month, 1), dt.datetime(nxt.year, nxt.month, 1)


def month_range(first: dt.date | dt.datetime, last: dt.date | dt.datetime) -> list[dt.date]:
    """Every month from ``first``'s to ``last``'s, both included, oldest first (empty when
    ``first`` is after ``last``)."""
    out, m, end = [], month_start(first), month_start(last)
    while m <= end:
        out.append(m)
        m = add_months(m, 1)
    return out


def window(month: dt.date | dt.datetime, months: int) -> tuple[dt.date, dt.date]:
    """The ``months`` months ending with ``month``'s: (first month, last month)."""
    last = month_start(month)
    return add_months(last, -(max(int(months), 1) - 1)), last
