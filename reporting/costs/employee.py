"""The employee's own view: their subscriptions month by month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params
from reporting.messages.saldoviesti import latest_month, saldoviesti

TREND_COLUMNS = ["subscription_id", "phone_number", "plan", "month", "cost", "roaming_cost",
                 "data_gb", "voice_min", "messages"]
MY_USAGE_COLUMNS = ["as_of_month", "subscription_id", "phone_number", "plan", "month", "cost", "roaming_cost", "data_gb",
                    "allowance_gb", "data_use_share", "voice_min", "messages", "message_text", "opted_out"]


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


@report("my-usage", "report.my_usage")
def my_usage(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """Each subscription in the scope in the month (default: the latest invoiced; a subscription
    closed before it: its last month open): its cost,
    roaming cost and use, the data allowance (empty when unlimited or none) and the share used
    (at most 1), and the month's Saldoviesti message with the opt-out."""
    if scope.is_empty:
        return pd.DataFrame(columns=MY_USAGE_COLUMNS)
    month = month or latest_month(db, scope.org_id)
    if month is None:
        return pd.DataFrame(columns=MY_USAGE_COLUMNS)
    trend = my_subscriptions_trend(db, scope, month=month)
    # each subscription's latest month in the trend (the month itself unless it closed before)
    now = (trend.sort_values(["subscription_id", "month"]).groupby("subscription_id").tail(1)
           .reset_index(drop=True))
    messages = saldoviesti(db, scope, month=month).set_index("subscription_id")
    rows = []
    for r in now.itertuples(index=False):
        msg = messages.loc[r.subscription_id] if r.subscription_id in messages.index else None
        allowance = None if msg is None else msg.allowance_gb
        limited = allowance is not None and not pd.isna(allowance) and float(allowance) > 0
        rows.append({"as_of_month": pd.Timestamp(month), **{c: getattr(r, c) for c in TREND_COLUMNS},
                     "allowance_gb": float(allowance) if limited else None,
                     "data_use_share": min(1.0, float(r.data_gb) / float(allowance)) if limited else None,
                     "message_text": None if msg is None else msg.text,
                     "opted_out": None if msg is None else bool(msg.opted_out)})
    return pd.DataFrame(rows, columns=MY_USAGE_COLUMNS)
