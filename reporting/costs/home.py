"""Headline figures for the home page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params
from reporting.costs.reports import change_share, cost_per_subscription
from reporting.services.reports import OPEN_TICKET_STATUSES

HEADLINE_COLUMNS = [
    "org_id", "org_name", "business_id", "first_month", "last_month", "month", "cost_month",
    "cost_prev_month", "change_prev_month", "active_subscriptions", "cost_per_subscription",
    "data_gb", "voice_min", "messages", "services", "ongoing_incidents", "open_tickets",
]


@report("home-headline", "report.home_headline")
def home_headline(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """One row: the organisation, the data period and the latest month's headline figures
    within the scope. The change from the previous month and the cost per active subscription
    follow the cost overview's rules (reporting.costs.reports). No rows for an empty scope."""
    if scope.is_empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    df = db.named("costs/home_headline", scoped_params(scope, month=month,
                                                       open_statuses=list(OPEN_TICKET_STATUSES)))
    df["change_prev_month"] = [change_share(now, before)
                               for now, before in zip(df.cost_month, df.cost_prev_month, strict=True)]
    df["cost_per_subscription"] = [cost_per_subscription(cost, active) for cost, active
                                   in zip(df.cost_month, df.active_subscriptions, strict=True)]
    return df[HEADLINE_COLUMNS]
