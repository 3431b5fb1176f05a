"""Services (Aisti status, availability against SLA) and support requests (SantaCare).

Services are organisation-wide: ``scoped_services`` returns nothing for a scope restricted to
cost centres or subscriptions, so every report here is empty for such a scope.

"Now" is the data's now (dataset_info 'now'), never the wall clock: current status, ongoing
and upcoming events, open request ages and the rolling windows are all relative to it.
The availability rule is in reporting/services/availability.py (and docs/reports.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from reporting.access.scope import Scope
from reporting.core import config
from reporting.core.db import Database
from reporting.core.months import month_bounds, month_range, month_start, previous_month
from reporting.core.registry import report, scoped_params
from reporting.services import availability as av
from reporting.services import live

PRIORITIES = ("P1", "P2", "P3", "P4")
# A support request is open until resolved or closed: the one list, bound as $open_statuses
# into reporting/sql/services/ticket_list.sql and reporting/sql/costs/home_headline.sql.
OPEN_TICKET_STATUSES = ("open", "in_progress")
AGE_BUCKETS = (("0-1", 0, 1), ("2-5", 2, 5), ("6-10", 6, 10), ("11-30", 11, 30), (">30", 31, None))

OVERVIEW_COLUMNS = [
    "service_category", "service_id", "service_name", "status", "status_since", "status_title",
    "sla_availability_pct", "availability_month_pct", "availability_30d_pct",
    "availability_90d_pct",
    "meets_sla_month", "down_minutes_month", "open_tickets", "breaching_tickets",
]
INCIDENT_COLUMNS = ["phase", "service_id", "service_name", "service_category", "status", "starts_at",
                    "ends_at", "minutes", "event_title", "event_id"]
TIMELINE_COLUMNS = ["phase", "service_id", "service_name", "service_category", "status", "starts_at",
                    "ends_at", "minutes", "event_title", "event_id"]
UPTIME_COLUMNS = ["service_id", "service_name", "service_category", "day", "worst_status",
                  "down_minutes", "maintenance_minutes"]
SLA_COLUMNS = [
    "month", "service_id", "service_name", "service_category", "sla_availability_pct", "availability_pct",
    "meets_sla", "measured_minutes", "down_minutes", "maintenance_minutes", "incidents",
    "outages", "longest_outage_minutes",
]
EVENT_COLUMNS = ["event_id", "status", "starts_at", "ends_at", "minutes", "event_title"]
TICKET_COLUMNS = [
    "ticket_id", "service_id", "service_name", "priority", "status", "subject", "opened_at",
    "first_response_at", "resolved_at", "response_hours", "response_target_h",
    "response_within_sla", "resolve_hours", "resolve_target_h", "resolve_within_sla",
    "sla_breached", "age_days",
]
PRIORITY_COLUMNS = [
    "priority", "tickets", "responded", "avg_response_hours", "response_target_h",
    "response_within_share", "response_breaches", "resolved", "avg_resolve_hours",
    "resolve_target_h", "resolve_within_share", "resolve_breaches", "open_tickets",
]
AGE_COLUMNS = ["age_bucket", *PRIORITIES, "total"]


# -- shared helpers --------------------------------------------------------------------------

def data_now(db: Database) -> dt.datetime:
    """The data's "now": dataset_info 'now' (ISO timestamp), else the wall clock; and never
    before the newest live event received (reporting.services.live): once events arrive as
    they happen, the status is the status now."""
    value = db.dataset_info().get("now")
    now = None
    if value:
        try:
            now = dt.datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
        except ValueError:
            pass
    now = now or dt.datetime.now().replace(microsecond=0)
    newest = live.newest_received(config.state_path(Path(db.path)))
    return max(now, newest) if newest else now


def default_sla_month(db: Database) -> dt.date:
    """The SLA report's default month: the last complete month before the data's now."""
    return previous_month(month_start(data_now(db)))


def _services(db: Database, scope: Scope, service_id: str | None = None,
              categories: Sequence[str] | None = None) -> pd.DataFrame:
    return db.named("services/status_services", scoped_params(
        scope, service_id=service_id, categories=list(categories) if categories else None))


def _events(db: Database, scope: Scope, start: dt.datetime | None, end: dt.datetime | None,
            service_id: str | None = None) -> pd.DataFrame:
    """The scope's service events touching [start, end): the imported ones and the live
    ones (reporting.services.live) of the scope's services."""
    imported = db.named("services/status_events", scoped_params(
        scope, from_ts=start, to_ts=end, service_id=service_id))
    arrived = live.events_of(scope.org_id, config.state_path(Path(db.path)))
    if arrived.empty:
        return imported
    services = db.named("services/status_services", scoped_params(scope, service_id=service_id, categories=None))
    arrived = arrived.merge(services[["service_id", "service_name", "service_category"]], on="service_id")
    if start is not None:
        arrived = arrived[arrived.ends_at.isna() | (arrived.ends_at > start)]
    if end is not None:
        arrived = arrived[arrived.starts_at < end]
    if arrived.empty:
        return imported
    both = pd.concat([imported, arrived[imported.columns]], ignore_index=True)
    return both.sort_values(["service_id", "starts_at", "event_id"], kind="stable").reset_index(drop=True)


def _by_service(events: pd.DataFrame) -> dict[str, list[av.Event]]:
    out: dict[str, list[av.Event]] = {}
    for sid, group in events.groupby("service_id", sort=False):
        out[str(sid)] = av.events_from_rows(group[["starts_at", "ends_at", "status", "event_title"]].itertuples(index=False))
    return out


def _pct(a: av.Availability) -> float | None:
    """Availability in percent (like the SLA target), rounded to 3 decimals for display;
    meeting the target is decided on the unrounded value."""
    return None if a.availability is None else round(100.0 * a.availability, 3)


def _tickets(db: Database, scope: Scope, *, now: dt.datetime, service_id: str | None = None,
             opened_from: dt.datetime | None = None, opened_to: dt.datetime | None = None,
             open_only: bool = False) -> pd.DataFrame:
    df = db.named("services/ticket_list", scoped_params(
        scope, now=now, service_id=service_id, opened_from=opened_from, opened_to=opened_to,
        open_only=open_only, open_statuses=list(OPEN_TICKET_STATUSES)))
    for col in ("response_within_sla", "resolve_within_sla"):
        df[col] = df[col].astype("boolean")
    df["age_days"] = df["age_days"].astype("Int64")
    return df


# -- status overview -------------------------------------------------------------------------

@report("status-overview", "report.status_overview")
def status_overview(db: Database, scope: Scope, categories: tuple[str, ...] | None = None,
                    problems_only: bool = False) -> pd.DataFrame:
    """Every service with its current status, availability (month, 30 and 90 days) against
    the SLA target and its open support requests; worst status first. ``problems_only``:
    only services not operational now or below their target this month."""
    if scope.is_empty:
        return pd.DataFrame(columns=OVERVIEW_COLUMNS)
    services = _services(db, scope, categories=categories)
    if services.empty:
        return pd.DataFrame(columns=OVERVIEW_COLUMNS)
    now = data_now(db)
    m_start, m_end = month_bounds(month_start(now))
    d90 = now - dt.timedelta(days=90)
    d30 = now - dt.timedelta(days=30)
    first = min(d90, m_start)
    # events to "now" for the windows, and any event in force at "now" (ongoing)
    events = _by_service(_events(db, scope, first, now + dt.timedelta(seconds=1)))
    tickets = _tickets(db, scope, now=now, open_only=True)
    open_counts = tickets.groupby("service_id").size()
    breaching = tickets[tickets.sla_breached].groupby("service_id").size()
    rows = []
    for svc in services.itertuples(index=False):
        evs = events.get(svc.service_id, [])
        status, cause = av.status_at(evs, now)
        month = av.availability(evs, m_start, m_end, now)
        a30 = av.availability(evs, d30, now, now)
        a90 = av.availability(evs, d90, now, now)
        target = float(svc.sla_availability_pct) / 100.0
        rows.append({
            "service_category": svc.service_category, "service_id": svc.service_id,
            "service_name": svc.service_name, "status": status,
            "status_since": cause.starts_at if cause else None,
            "status_title": cause.title if cause else None,
            "sla_availability_pct": float(svc.sla_availability_pct),
            "availability_month_pct": _pct(month), "availability_30d_pct": _pct(a30),
            "availability_90d_pct": _pct(a90),
            "meets_sla_month": None if month.availability is None else month.availability >= target,
            "down_minutes_month": round(month.down_minutes),
            "open_tickets": int(open_counts.get(svc.service_id, 0)),
            "breaching_tickets": int(breaching.get(svc.service_id, 0)),
        })
    out = pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)
    out["status_since"] = pd.to_datetime(out.status_since)
    out["meets_sla_month"] = out.meets_sla_month.astype("boolean")
    rank = out.status.map(av.SEVERITY_RANK)
    if problems_only:
        out, rank = (x[(out.status != "operational") | (out.meets_sla_month == False)]  # noqa: E712
                     for x in (out, rank))
    out = out.assign(_rank=rank).sort_values(
        ["_rank", "service_category", "service_name"], ascending=[False, True, True], kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


@report("status-incidents", "report.status_incidents")
def status_incidents(db: Database, scope: Scope, service_id: str | None = None,
                     categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Events going on at the data's now and maintenance scheduled after it: ongoing first
    (``categories``: only services of those categories)."""
    if scope.is_empty:
        return pd.DataFrame(columns=INCIDENT_COLUMNS)
    now = data_now(db)
    ev = _events(db, scope, now, None, service_id=service_id)
    ongoing = ev[(ev.starts_at <= now) & (ev.ends_at.isna() | (ev.ends_at > now))].assign(phase="ongoing")
    upcoming = ev[(ev.starts_at > now) & (ev.status == av.MAINTENANCE)].assign(phase="upcoming")
    out = pd.concat([ongoing.assign(_rank=-ongoing.status.map(av.SEVERITY_RANK).astype(float)),
                     upcoming.assign(_rank=0)], ignore_index=True)
    if out.empty:
        return pd.DataFrame(columns=INCIDENT_COLUMNS)
    end = out.ends_at.where(out.ends_at.notna() | (out.phase == "upcoming"), pd.Timestamp(now))
    out["minutes"] = ((end - out.starts_at).dt.total_seconds() / 60).round().astype("Int64")
    out = out.sort_values(["phase", "_rank", "starts_at"], kind="stable")
    if categories:
        out = out[out.service_category.isin(list(categories))]
    return out[INCIDENT_COLUMNS].reset_index(drop=True)


@report("status-timeline", "report.status_timeline")
def status_timeline(db: Database, scope: Scope, days: int = 14,
                    categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The status page's incident timeline: events going on at the data's now (worst first),
    maintenance scheduled after it (soonest first), then events that ended within the last
    ``days`` days (latest start first). ``minutes``: the event's length, up to now while it
    goes on."""
    if scope.is_empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    now = data_now(db)
    ev = _events(db, scope, now - dt.timedelta(days=max(int(days), 0)), None)
    if categories:
        ev = ev[ev.service_category.isin(list(categories))]
    ongoing = ev[(ev.starts_at <= now) & (ev.ends_at.isna() | (ev.ends_at > now))]
    upcoming = ev[(ev.starts_at > now) & (ev.status == av.MAINTENANCE)]
    resolved = ev[ev.ends_at.notna() & (ev.ends_at <= now)]
    parts = [
        ongoing.assign(phase="ongoing", _a=-ongoing.status.map(av.SEVERITY_RANK).astype(float),
                       _b=ongoing.starts_at.astype("int64")),
        upcoming.assign(phase="upcoming", _a=0.0, _b=upcoming.starts_at.astype("int64")),
        resolved.assign(phase="resolved", _a=0.0, _b=-resolved.starts_at.astype("int64")),
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["_p"] = out.phase.map({"ongoing": 0, "upcoming": 1, "resolved": 2})
    end = out.ends_at.where(out.ends_at.notna(), pd.Timestamp(now))
    out["minutes"] = ((end - out.starts_at).dt.total_seconds() / 60).round().astype("Int64")
    out = out.sort_values(["_p", "_a", "_b"], kind="stable")
    return out[TIMELINE_COLUMNS].reset_index(drop=True)


@report("status-uptime", "report.status_uptime")
def status_uptime(db: Database, scope: Scope, days: int = 90, service_id: str | None = None,
                  categories: tuple[str, ...] | None = None, problems_only: bool = False) -> pd.DataFrame:
    """Per service and day over the last ``days`` days to the data's now: the day's worst
    status, minutes down and minutes in maintenance (``problems_only``: the services
    ``status-overview`` lists with it)."""
    if scope.is_empty:
        return pd.DataFrame(columns=UPTIME_COLUMNS)
    services = _services(db, scope, service_id=service_id, categories=categories)
    if problems_only:
        problems = status_overview(db, scope, categories=categories, problems_only=True)
        services = services[services.service_id.isin(problems.service_id)]
    if services.empty:
        return pd.DataFrame(columns=UPTIME_COLUMNS)
    now = data_now(db)
    last = now.date()
    first = last - dt.timedelta(days=max(int(days), 1) - 1)
    start = dt.datetime.combine(first, dt.time())
    events = _by_service(_events(db, scope, start, now + dt.timedelta(seconds=1), service_id))
    day_list = av.day_range(first, last)
    rows = []
    for svc in services.itertuples(index=False):
        for d in av.daily(events.get(svc.service_id, []), day_list, now):
            rows.append({"service_id": svc.service_id, "service_name": svc.service_name,
                         "service_category": svc.service_category, "day": d["day"],
                         "worst_status": d["worst_status"],
                         "down_minutes": round(d["down_minutes"]),
                         "maintenance_minutes": round(d["maintenance_minutes"])})
    out = pd.DataFrame(rows, columns=UPTIME_COLUMNS)
    out["day"] = pd.to_datetime(out.day)
    return out


# -- SLA report ------------------------------------------------------------------------------

@report("status-sla", "report.status_sla")
def status_sla(db: Database, scope: Scope, month: dt.date | None = None,
               month_from: dt.date | None = None, month_to: dt.date | None = None,
               service_id: str | None = None, last_months: int | None = None) -> pd.DataFrame:
    """Availability per service and month against the SLA target, incidents and the longest
    outage (default: the last complete month; ``last_months``: the latest N months that have
    service data, the month still going on included)."""
    if scope.is_empty:
        return pd.DataFrame(columns=SLA_COLUMNS)
    if last_months:
        have = _data_months(db, scope)[-int(last_months):]
        if not have:
            return pd.DataFrame(columns=SLA_COLUMNS)
        month, month_from, month_to = None, have[0], have[-1]
    services = _services(db, scope, service_id=service_id)
    if services.empty:
        return pd.DataFrame(columns=SLA_COLUMNS)
    now = data_now(db)
    if month is not None:
        months = [month_start(month)]
    elif month_from is not None or month_to is not None:
        last = month_start(month_to or now)
        months = month_range(month_start(month_from or last), last)
    else:
        months = [default_sla_month(db)]
    if not months:
        return pd.DataFrame(columns=SLA_COLUMNS)
    start = month_bounds(months[0])[0]
    end = month_bounds(months[-1])[1]
    raw = _events(db, scope, start, min(end, now + dt.timedelta(seconds=1)), service_id)
    events = _by_service(raw)
    first = _first_data_month(db, scope)
    rows = []
    for m in months:
        m_start, m_end = month_bounds(m)
        if m_start > now or first is None or m < first:
            continue  # no availability is claimed for a month the data does not cover
        starts = raw[(raw.starts_at >= m_start) & (raw.starts_at < m_end)]
        incidents = starts[starts.status != av.MAINTENANCE].groupby("service_id").size()
        outages = starts[starts.status.isin(av.DOWN_STATUSES)].groupby("service_id").size()
        for svc in services.itertuples(index=False):
            a = av.availability(events.get(svc.service_id, []), m_start, m_end, now)
            target = float(svc.sla_availability_pct) / 100.0
            rows.append({
                "month": m, "service_id": svc.service_id, "service_name": svc.service_name,
                "service_category": svc.service_category, "sla_availability_pct": float(svc.sla_availability_pct),
                "availability_pct": _pct(a),
                "meets_sla": None if a.availability is None else a.availability >= target,
                "measured_minutes": round(a.measured_minutes),
                "down_minutes": round(a.down_minutes),
                "maintenance_minutes": round(a.maintenance_minutes),
                "incidents": int(incidents.get(svc.service_id, 0)),
                "outages": int(outages.get(svc.service_id, 0)),
                "longest_outage_minutes": round(a.longest_outage_minutes),
            })
    out = pd.DataFrame(rows, columns=SLA_COLUMNS)
    out["month"] = pd.to_datetime(out.month)
    out["meets_sla"] = out.meets_sla.astype("boolean")
    return out.sort_values(["month", "service_category", "service_name"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


@report("service-events", "report.service_events")
def service_events(db: Database, scope: Scope, service_id: str | None = None,
                   days: int = 365) -> pd.DataFrame:
    """One service's status history over the last ``days`` days (and scheduled maintenance),
    newest first; minutes run to the data's now for an ongoing event."""
    if scope.is_empty or not service_id:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    now = data_now(db)
    ev = _events(db, scope, now - dt.timedelta(days=int(days)), None, service_id)
    if ev.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    end = ev.ends_at.fillna(pd.Timestamp(now))
    ev["minutes"] = ((end - ev.starts_at).dt.total_seconds() / 60).round().astype("Int64")
    return ev.sort_values("starts_at", ascending=False)[EVENT_COLUMNS].reset_index(drop=True)


# -- support requests ------------------------------------------------------------------------

def _month_window(month: dt.date | None, db: Database) -> tuple[dt.datetime, dt.datetime]:
    return month_bounds(month_start(month) if month else default_sla_month(db))


@report("tickets", "report.tickets")
def tickets(db: Database, scope: Scope, month: dt.date | None = None,
            service_id: str | None = None, breaches_only: bool = False,
            all_months: bool = False, open_only: bool = False) -> pd.DataFrame:
    """Support requests opened in the month (default: the last complete month; ``all_months``:
    whenever) with time to first response and to resolution against the service's SLA hours;
    ``open_only``: only those still open (OPEN_TICKET_STATUSES)."""
    if scope.is_empty:
        return pd.DataFrame(columns=TICKET_COLUMNS)
    now = data_now(db)
    lo, hi = (None, None) if all_months else _month_window(month, db)
    df = _tickets(db, scope, now=now, service_id=service_id, opened_from=lo, opened_to=hi,
                  open_only=open_only)
    if breaches_only:
        df = df[df.sla_breached]
    return df[TICKET_COLUMNS].reset_index(drop=True)


def _target(values: pd.Series) -> float | None:
    """The target when every ticket of the group has the same one, else None."""
    v = values.dropna().unique()
    return float(v[0]) if len(v) == 1 else None


@report("tickets-priority", "report.tickets_priority")
def tickets_priority(db: Database, scope: Scope, month: dt.date | None = None,
                     service_id: str | None = None) -> pd.DataFrame:
    """Support requests opened in the month by priority: response and resolution times and
    the share handled within the SLA hours."""
    if scope.is_empty:
        return pd.DataFrame(columns=PRIORITY_COLUMNS)
    df = tickets(db, scope, month=month, service_id=service_id)
    rows = []
    for p in PRIORITIES:
        g = df[df.priority == p]
        if g.empty:
            continue
        resp_dec = g.response_within_sla.dropna()
        res_dec = g.resolve_within_sla.dropna()
        rows.append({
            "priority": p, "tickets": len(g),
            "responded": int(g.first_response_at.notna().sum()),
            "avg_response_hours": _mean(g.response_hours),
            "response_target_h": _target(g.response_target_h),
            "response_within_share": float(resp_dec.mean()) if len(resp_dec) else None,
            "response_breaches": int((~resp_dec.astype(bool)).sum()),
            "resolved": int(g.resolved_at.notna().sum()),
            "avg_resolve_hours": _mean(g.resolve_hours),
            "resolve_target_h": _target(g.resolve_target_h),
            "resolve_within_share": float(res_dec.mean()) if len(res_dec) else None,
            "resolve_breaches": int((~res_dec.astype(bool)).sum()),
            "open_tickets": int(g.status.isin(OPEN_TICKET_STATUSES).sum()),
        })
    return pd.DataFrame(rows, columns=PRIORITY_COLUMNS)


def _mean(series: pd.Series) -> float | None:
    s = series.dropna()
    return round(float(s.mean()), 2) if len(s) else None


def age_bucket(days: int) -> str:
    for label, lo, hi in AGE_BUCKETS:
        if days >= lo and (hi is None or days <= hi):
            return label
    return AGE_BUCKETS[0][0]


@report("tickets-age", "report.tickets_age")
def tickets_age(db: Database, scope: Scope, service_id: str | None = None) -> pd.DataFrame:
    """Open support requests at the data's now by age in full days (0-1, 2-5, 6-10, 11-30,
    over 30) and priority."""
    if scope.is_empty:
        return pd.DataFrame(columns=AGE_COLUMNS)
    df = _tickets(db, scope, now=data_now(db), service_id=service_id, open_only=True)
    if df.empty:
        return pd.DataFrame(columns=AGE_COLUMNS)
    table = pd.crosstab(df.age_days.astype(int).map(age_bucket), df.priority)
    rows = []
    for label, _, _ in AGE_BUCKETS:
        row = {"age_bucket": label}
        for p in PRIORITIES:
            row[p] = int(table.at[label, p]) if label in table.index and p in table.columns else 0
        row["total"] = sum(row[p] for p in PRIORITIES)
        rows.append(row)
    return pd.DataFrame(rows, columns=AGE_COLUMNS)


@report("status-kpis", "report.status_kpis", exportable=False)
def status_kpis(db: Database, scope: Scope) -> pd.DataFrame:
    """One row of key figures for the status page."""
    cols = ["services", "services_with_target", "services_meeting_sla", "services_not_operational",
            "worst_status", "ongoing_incidents", "upcoming_maintenance", "open_tickets",
            "breaching_tickets", "data_now"]
    overview = status_overview(db, scope)
    if overview.empty:
        return pd.DataFrame(columns=cols)
    inc = status_incidents(db, scope)
    measured = overview.meets_sla_month.dropna()
    worst = max(overview.status, key=lambda s: av.SEVERITY_RANK.get(s, 0))
    return pd.DataFrame([{
        "services": len(overview), "services_with_target": len(measured),
        "services_meeting_sla": int(measured.astype(bool).sum()),
        "services_not_operational": int((overview.status != "operational").sum()), "worst_status": worst,
        "ongoing_incidents": int(((inc.phase == "ongoing") & (inc.status != av.MAINTENANCE)).sum()),
        "upcoming_maintenance": int((inc.phase == "upcoming").sum()),
        "open_tickets": int(overview.open_tickets.sum()),
        "breaching_tickets": int(overview.breaching_tickets.sum()),
        "data_now": pd.Timestamp(data_now(db)),
    }], columns=cols)


def service_categories(db: Database, scope: Scope) -> list[str]:
    """The categories of the scope's services (for a filter's options)."""
    if scope.is_empty:
        return []
    return sorted(_services(db, scope).service_category.unique().tolist())


@report("status-categories", "report.status_categories", exportable=False)
def status_categories(db: Database, scope: Scope) -> pd.DataFrame:
    """The categories of the scope's services, sorted (the status page's filter options)."""
    return pd.DataFrame({"service_category": service_categories(db, scope)}, columns=["service_category"])


SLA_KPI_COLUMNS = ["month", "services", "services_measured", "services_meeting_sla",
                   "services_below_target", "below_target_names", "incidents", "tickets", "sla_breaches"]


@report("sla-kpis", "report.sla_kpis", exportable=False)
def sla_kpis(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """One row of key figures for the SLA page's month (default: the last complete month):
    services measured and meeting their target, those below it (by name), incidents, support
    requests opened and those that breached their SLA hours."""
    if scope.is_empty or _services(db, scope).empty:
        return pd.DataFrame(columns=SLA_KPI_COLUMNS)
    sla = status_sla(db, scope, month=month)
    opened = tickets(db, scope, month=month)
    measured = sla.meets_sla.dropna().astype(bool)
    below = sla[sla.meets_sla == False]  # noqa: E712 - nullable boolean
    return pd.DataFrame([{
        "month": pd.Timestamp(month_start(month) if month else default_sla_month(db)), "services": len(sla), "services_measured": len(measured),
        "services_meeting_sla": int(measured.sum()), "services_below_target": len(below),
        "below_target_names": ", ".join(below.service_name), "incidents": int(sla.incidents.sum()),
        "tickets": len(opened), "sla_breaches": int(opened.sla_breached.sum()),
    }], columns=SLA_KPI_COLUMNS)



def _first_data_month(db: Database, scope: Scope) -> dt.date | None:
    """The month of the scope's first service event or support request."""
    first = db.named("services/status_period", scoped_params(scope)).at[0, "first_at"]
    if first is None or pd.isna(first):
        return None
    return month_start(pd.Timestamp(first).to_pydatetime())


def _data_months(db: Database, scope: Scope) -> list[dt.date]:
    """The months from the first with service data to the data's now, oldest first."""
    first = _first_data_month(db, scope)
    return [] if first is None else month_range(first, month_start(data_now(db)))


MONTH_COLUMNS = ["month", "partial", "is_default"]


@report("status-months", "report.status_months", exportable=False)
def status_months(db: Database, scope: Scope) -> pd.DataFrame:
    """The months that have service data, newest first (the month of the data's now first):
    ``partial`` marks the month still going on, ``is_default`` the month the SLA report shows
    by default (the last complete month; the only month when there is no other)."""
    if scope.is_empty:
        return pd.DataFrame(columns=MONTH_COLUMNS)
    months = list(reversed(_data_months(db, scope)))
    if not months:
        return pd.DataFrame(columns=MONTH_COLUMNS)
    current = month_start(data_now(db))
    default = default_sla_month(db)
    default = default if default in months else months[0]
    return pd.DataFrame({"month": pd.to_datetime(months), "partial": [m == current for m in months],
                         "is_default": [m == default for m in months]}, columns=MONTH_COLUMNS)
