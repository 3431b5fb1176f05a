"""Availability arithmetic over service events: pure functions, no database, no Streamlit.

The rule (also stated on the status page and in docs/reports.md):

* ``partial_outage`` and ``major_outage`` count as **down**; ``degraded`` does not.
* ``maintenance`` (agreed, announced) is **excluded** from the measured time: a minute in a
  maintenance window is neither up nor down, even when an outage overlaps it.
* Overlapping events are merged first, so a minute is down at most once.
* An event still open (no end) runs to the data's "now"; time after "now" is not measured.
* A window (a day, a month, the last 30 or 90 days) takes only the part of each event that
  falls inside it, so events across midnight or a month end are split correctly.

availability = 1 - down minutes / measured minutes, where measured = the window's minutes up
to "now" minus maintenance minutes. Timestamps are naive local (Europe/Helsinki) times and
are subtracted as wall-clock times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Interval = tuple[dt.datetime, dt.datetime]

DOWN_STATUSES = frozenset({"partial_outage", "major_outage"})
MAINTENANCE = "maintenance"
# Display severity, worst last: the colour of a day or a service is its worst status.
SEVERITY = ("operational", "maintenance", "degraded", "partial_outage", "major_outage")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITY)}


@dataclass(frozen=True)
class Event:
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    status: str
    title: str | None = None


@dataclass(frozen=True)
class Availability:
    window_minutes: float       # the window's minutes up to "now"
    maintenance_minutes: float  # excluded from the measured time
    down_minutes: float         # down, outside maintenance
    longest_outage_minutes: float

    @property
    def measured_minutes(self) -> float:
        return self.window_minutes - self.maintenance_minutes

    @property
    def availability(self) -> float | None:
        """A share 0..1; None when nothing was measured (a window wholly in the future or
        wholly in maintenance)."""
        if self.measured_minutes <= 0:
            return None
        return 1.0 - self.down_minutes / self.measured_minutes


def to_datetime(value: Any) -> dt.datetime | None:
    """A pandas Timestamp / datetime / None (NaT) as a naive datetime or None."""
    if value is None:
        return None
    try:
        if value != value:  # NaT / NaN
            return None
    except TypeError:
        pass
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    raise TypeError(f"not a timestamp: {value!r}")


def events_from_rows(rows: Iterable[Any]) -> list[Event]:
    """Events from (starts_at, ends_at, status[, title]) rows or objects with those attributes."""
    out = []
    for r in rows:
        if isinstance(r, Event):
            out.append(r)
            continue
        if isinstance(r, tuple | list):
            s, e, status = r[0], r[1], r[2]
            title = r[3] if len(r) > 3 else None
        else:
            s, e, status = r.starts_at, r.ends_at, r.status
            title = getattr(r, "title", None)
        out.append(Event(to_datetime(s), to_datetime(e), str(status), title))
    return out


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Union of intervals as a sorted list of disjoint intervals (empty ones dropped)."""
    ordered = sorted((s, e) for s, e in intervals if e > s)
    out: list[Interval] = []
    for s, e in ordered:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """``a`` minus ``b``; both merged (sorted, disjoint)."""
    out: list[Interval] = []
    for s, e in a:
        cur = s
        for bs, be in b:
            if be <= cur or bs >= e:
                continue
            if bs > cur:
                out.append((cur, bs))
            cur = max(cur, be)
            if cur >= e:
                break
        if cur < e:
            out.append((cur, e))
    return out


def clip(intervals: Iterable[Interval], lo: dt.datetime, hi: dt.datetime) -> list[Interval]:
    return [(max(s, lo), min(e, hi)) for s, e in intervals if e > lo and s < hi and hi > lo]


def minutes(intervals: Iterable[Interval]) -> float:
    return sum((e - s).total_seconds() for s, e in intervals) / 60.0


def _spans(events: Iterable[Event], now: dt.datetime, statuses: frozenset[str]) -> list[Interval]:
    spans = []
    for ev in events:
        if ev.status not in statuses:
            continue
        end = ev.ends_at if ev.ends_at is not None else now
        spans.append((ev.starts_at, min(end, now)))
    return merge(spans)


def down_spans(events: Iterable[Event], now: dt.datetime) -> list[Interval]:
    """Merged down time up to "now", maintenance removed."""
    events = list(events)
    return subtract(_spans(events, now, DOWN_STATUSES), maintenance_spans(events, now))


def maintenance_spans(events: Iterable[Event], now: dt.datetime) -> list[Interval]:
    return _spans(events, now, frozenset({MAINTENANCE}))


def availability(events: Iterable[Event], start: dt.datetime, end: dt.datetime,
                 now: dt.datetime) -> Availability:
    """Availability of one service in the window [start, end), measured up to ``now``."""
    events = list(events)
    hi = min(end, now)
    window = max((hi - start).total_seconds() / 60.0, 0.0)
    maint = clip(maintenance_spans(events, now), start, hi)
    down = clip(down_spans(events, now), start, hi)
    longest = max(((e - s).total_seconds() / 60.0 for s, e in down), default=0.0)
    return Availability(window, minutes(maint), minutes(down), longest)


def day_range(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def daily(events: Iterable[Event], days: Sequence[dt.date], now: dt.datetime) -> list[dict]:
    """Per day: the worst status of any event touching the day (up to "now"), the minutes
    down and the minutes in maintenance. A day after "now" has no status (None)."""
    events = list(events)
    down = down_spans(events, now)
    maint = maintenance_spans(events, now)
    out = []
    for day in days:
        lo = dt.datetime.combine(day, dt.time())
        hi = min(lo + dt.timedelta(days=1), now)
        if hi <= lo:
            out.append({"day": day, "worst_status": None, "down_minutes": 0.0,
                        "maintenance_minutes": 0.0})
            continue
        worst = "operational"
        for ev in events:
            end = min(ev.ends_at if ev.ends_at is not None else now, now)
            if ev.starts_at < hi and end > lo and end > ev.starts_at and \
                    SEVERITY_RANK.get(ev.status, 0) > SEVERITY_RANK[worst]:
                worst = ev.status
        out.append({"day": day, "worst_status": worst,
                    "down_minutes": minutes(clip(down, lo, hi)),
                    "maintenance_minutes": minutes(clip(maint, lo, hi))})
    return out


def status_at(events: Iterable[Event], when: dt.datetime) -> tuple[str, Event | None]:
    """The status at ``when``: the worst status of the events in force then (an event with
    no end is in force), else operational; with the event that sets it."""
    worst, which = "operational", None
    for ev in events:
        if ev.starts_at <= when and (ev.ends_at is None or ev.ends_at > when) and \
                SEVERITY_RANK.get(ev.status, 0) > SEVERITY_RANK[worst]:
            worst, which = ev.status, ev
    return worst, which

