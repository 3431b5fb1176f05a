"""Headline figures for the home page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params
from reporting.costs.reports import cost_overview
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
