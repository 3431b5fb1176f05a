"""Headline figures for the home page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.months import previous_month
from reporting.core.registry import report, scoped_params
from reporting.costs.reports import (
    change_share,
    cost_centre_children,
    cost_months,
    cost_overview,
    costs_by_subscription,
)
from reporting.services.reports import OPEN_TICKET_STATUSES

HEADLINE_COLUMNS = [
    "org_id", "org_name", "business_id", "first_month", "last_month", "month", "cost_month",
    "cost_prev_month", "change_prev_month", "active_subscriptions", "cost_per_subscription",
    "data_gb", "voice_min", "messages", "services", "ongoing_incidents", "open_tickets",
]


@report("home-headline", "report.home_headline")
def home_headline(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """One row: the organisation, the data period and the latest month's headline figures
    within the scope. The month's cost, the previous month's, the change, the active
    subscriptions and the cost per active subscription are the ``cost-overview`` report's for
    that month (the cost page's headline), so the two pages cannot disagree. No rows for an
    empty scope."""
    if scope.is_empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    df = db.named("costs/home_headline", scoped_params(scope, month=month,
                                                       open_statuses=list(OPEN_TICKET_STATUSES)))
    if df.empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    head_month = df.month.iloc[0]
    overview = None if pd.isna(head_month) else cost_overview(db, scope, month=pd.Timestamp(head_month).date())
    if overview is None or overview.empty:
        figures = {"cost_month": 0.0, "cost_prev_month": None, "change_prev_month": None,
                   "active_subscriptions": 0, "cost_per_subscription": None}
    else:
        row = overview.iloc[0]
        figures = {"cost_month": 0.0 if pd.isna(row.amount) else float(row.amount),
                   "cost_prev_month": None if pd.isna(row.amount_prev_month) else float(row.amount_prev_month),
                   "change_prev_month": row.change_prev_month,
                   "active_subscriptions": int(row.active_subscriptions),
                   "cost_per_subscription": row.cost_per_subscription}
    for column, value in figures.items():
        df[column] = [value] * len(df)
    return df[HEADLINE_COLUMNS]


TEAM_CENTRE_COLUMNS = ["cost_centre", "cost_centre_name", "subscriptions", "cost_month",
                       "cost_prev_month", "change_prev_month"]
TEAM_PEOPLE_COLUMNS = ["subscription_id", "user_name", "phone_number", "cost_centre",
                       "cost_centre_name", "plan", "amount"]


def _team_parent(db: Database, scope: Scope, month: dt.date) -> str | None:
    """The level a manager sees first: their granted centres, or, when that is one centre
    with sub-centres, its sub-centres (one bar says nothing)."""
    top = cost_centre_children(db, scope, month_from=month, month_to=month)
    if len(top) == 1 and bool(top.has_children.fillna(False).iloc[0]):
        return str(top.cost_centre.iloc[0])
    return None


@report("team-centres", "report.team_centres")
def team_centres(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """The home page of a manager: the month's cost (default the latest invoiced) of each of
    their centres (one granted centre with sub-centres: each sub-centre, its own lines in a
    row of its own), the previous month's and the change (as ``home-headline``), largest
    first. Its rows are the grants' own structure, so it is empty for a whole organisation
    and for a scope of subscriptions (an employee has no centres to lead)."""
    if scope.is_empty or scope.whole_organisation or scope.subscriptions is not None:
        return pd.DataFrame(columns=TEAM_CENTRE_COLUMNS)
    month = month or _latest_month(db, scope)
    if month is None:
        return pd.DataFrame(columns=TEAM_CENTRE_COLUMNS)
    parent = _team_parent(db, scope, month)
    before_month = previous_month(month)
    now = cost_centre_children(db, scope, parent=parent, month_from=month, month_to=month)
    before = cost_centre_children(db, scope, parent=parent, month_from=before_month,
                                  month_to=before_month)
    prev = dict(zip(zip(before.cost_centre, before.is_own, strict=True), before.amount, strict=True))
    rows = [{"cost_centre": r.cost_centre, "cost_centre_name": r.cost_centre_name,
             "subscriptions": int(r.subscriptions), "cost_month": round(float(r.amount), 2),
             "cost_prev_month": prev.get((r.cost_centre, r.is_own)),
             "change_prev_month": change_share(r.amount, prev.get((r.cost_centre, r.is_own)))}
            for r in now.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=TEAM_CENTRE_COLUMNS)
    return out.sort_values(["cost_month", "cost_centre"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


@report("team-people", "report.team_people")
def team_people(db: Database, scope: Scope, month: dt.date | None = None,
                limit: int = 10) -> pd.DataFrame:
    """The home page of a manager: the people (subscriptions) of their centres with the
    largest cost in the month (default the latest invoiced), largest first; for any other
    scope the same over what it sees (a whole organisation: its people)."""
    if scope.is_empty:
        return pd.DataFrame(columns=TEAM_PEOPLE_COLUMNS)
    month = month or _latest_month(db, scope)
    if month is None:
        return pd.DataFrame(columns=TEAM_PEOPLE_COLUMNS)
    df = costs_by_subscription(db, scope, month_from=month, month_to=month, limit=int(limit),
                               subscriptions_only=True)
    return df[TEAM_PEOPLE_COLUMNS].reset_index(drop=True)


def _latest_month(db: Database, scope: Scope) -> dt.date | None:
    months = cost_months(db, scope)
    return None if months.empty else pd.Timestamp(months.month.iloc[0]).date()
