"""The employee's own view: their subscriptions month by month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params
from reporting.messages.saldoviesti import latest_month

TREND_COLUMNS = ["subscription_id", "phone_number", "plan", "month", "cost", "roaming_cost",
                 "data_gb", "voice_min", "messages"]


@report("my-subscriptions-trend", "report.my_trend")
def my_subscriptions_trend(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """Each subscription in the scope, month by month for the 12 months ending the month:
    cost, roaming cost, data, voice and messages (zeros when nothing was used)."""
    if scope.is_empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    month = month or latest_month(db, scope.org_id)
    if month is None:
        return pd.DataFrame(columns=TREND_COLUMNS)
    return db.named("costs/employee_trend", scoped_params(scope, month=month))
