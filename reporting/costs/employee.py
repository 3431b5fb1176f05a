"""The employee's own view: their subscriptions month by month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.months import last_day
from reporting.core.registry import report, scoped_params
from reporting.messages.saldoviesti import latest_month, saldoviesti
from reporting.services.reports import data_now

TREND_COLUMNS = ["subscription_id", "phone_number", "plan", "month", "cost", "roaming_cost",
                 "data_gb", "voice_min", "messages"]
MY_USAGE_COLUMNS = ["as_of_month", "subscription_id", "phone_number", "plan", "month", "cost", "roaming_cost", "data_gb",
                    "allowance_gb", "data_use_share", "data_left_gb", "voice_min", "messages", "message_text",
                    "opted_out", "period_end", "days_left", "roaming_countries", "roaming_data_gb"]


def days_left(month: dt.date, now: dt.date) -> int:
    """Days of the billing month left after ``now`` (0 once the month is over, every day of
    it before it begins)."""
    end = last_day(month)
    if now < month:
        return (end - month).days + 1
    return max(0, (end - now).days)


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
    (at most 1) and left, the month's Saldoviesti message with the opt-out, the period's last
    day and the days left of it after the data's now, and where it roamed (ISO country codes,
    most data first) with the data used abroad."""
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
    roaming = db.named("costs/employee_roaming", scoped_params(scope, month=month))
    today = data_now(db).date()
    rows = []
    for r in now.itertuples(index=False):
        msg = messages.loc[r.subscription_id] if r.subscription_id in messages.index else None
        allowance = None if msg is None else msg.allowance_gb
        limited = allowance is not None and not pd.isna(allowance) and float(allowance) > 0
        abroad = roaming[roaming.subscription_id == r.subscription_id]
        sub_month = pd.Timestamp(r.month).date()
        rows.append({"as_of_month": pd.Timestamp(month), **{c: getattr(r, c) for c in TREND_COLUMNS},
                     "allowance_gb": float(allowance) if limited else None,
                     "data_use_share": min(1.0, float(r.data_gb) / float(allowance)) if limited else None,
                     "data_left_gb": round(max(0.0, float(allowance) - float(r.data_gb)), 2) if limited else None,
                     "message_text": None if msg is None else msg.text,
                     "opted_out": None if msg is None else bool(msg.opted_out),
                     "period_end": pd.Timestamp(last_day(sub_month)),
                     "days_left": days_left(sub_month, today),
                     "roaming_countries": ",".join(abroad.country),
                     "roaming_data_gb": round(float(abroad.data_gb.sum()), 2)})
    return pd.DataFrame(rows, columns=MY_USAGE_COLUMNS)
