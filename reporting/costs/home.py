"""Headline figures for the home page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params

HEADLINE_COLUMNS = [
    "org_id", "org_name", "business_id", "first_month", "last_month", "month", "cost_month",
    "cost_prev_month", "active_subscriptions", "data_gb", "voice_min", "messages", "services",
    "ongoing_incidents", "open_tickets",
]


@report("home-headline", "report.home_headline")
def home_headline(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """One row: the organisation, the data period and the latest month's headline figures
    within the scope. No rows for an empty scope."""
    if scope.is_empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    return db.named("costs/home_headline", scoped_params(scope, month=month))
