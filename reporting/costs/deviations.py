"""Cost deviations: subscriptions and cost centres whose cost in a month departs from their own
trailing three-month average by more than a share AND an amount, each with the reason in
words taken from the lines behind it ("+182 € verkkovierailu data, Sveitsi, 2,4 Gt").

Explainable: the reason names the driver (a group of invoice lines: category, kind, country),
and the driver's columns (category, country, quantity, change) are in the same row, so every
flag can be checked against the invoice lines of that subscription or centre.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.months import add_months
from reporting.core.registry import report
from reporting.costs.reports import LINE_COLUMNS, filter_params, invoice_lines, latest_month, lines_query
from reporting.i18n import country_name, fmt_money, fmt_number, t

DEFAULT_MIN_SHARE = 0.5      # 50 % of the trailing average
DEFAULT_MIN_AMOUNT = 50.0    # and at least 50 €
MAX_DRIVERS = 2              # drivers named in a reason

COLUMNS = ["level", "subscription_id", "user_name", "cost_centre", "cost_centre_name", "month",
           "amount", "avg_prev_3", "change_amount", "change_share", "reason", "driver_category",
           "driver_country", "driver_quantity", "driver_unit", "driver_change_amount"]
# on screen the reason comes right after who it is about, before the figures
SCREEN_FIRST = ["level", "subscription_id", "user_name", "cost_centre", "cost_centre_name", "reason",
                "change_amount"]
HISTORY_MONTHS = 3           # the trailing average is over the three months before


def reason_first(df: pd.DataFrame) -> pd.DataFrame:
    """A ``cost-deviations`` frame with the columns in screen order (the reason in view)."""
    return df[SCREEN_FIRST + [c for c in df.columns if c not in SCREEN_FIRST]]


@lru_cache(maxsize=65536)
def driver_text(category: str, kind: str | None, country: str | None, change: float, quantity: float,
                unit: str | None, lang: str) -> str:
    """'+182 € roaming data in Switzerland, 2.4 GB' for one driver."""
    kind = kind if isinstance(kind, str) else None
    country = country if isinstance(country, str) else None
    unit = unit if isinstance(unit, str) else None
    if category in ("roaming", "usage") and kind:
        what = t(f"dev.kind.{category}.{kind}", lang)
    elif category == "one_time" and kind:
        what = t("dev.kind.one_time", lang, description=kind)
    else:
        what = t(f"category.{category}", lang).lower()
    sign = "+" if change > 0 else "-"
    text = f"{sign}{fmt_money(abs(change), lang, digits=0)} {what}"
    if country and country != "FI":
        text = t("dev.in_country", lang, text=text, country=country_name(country, lang))
    if quantity and unit and category in ("roaming", "usage"):
        digits = 1 if unit == "GB" else 0
        text += f", {fmt_number(quantity, lang, digits)} {t(f'dev.unit.{unit}', lang)}"
    return text


@report("cost-deviations", "report.cost_deviations")
def cost_deviations(db: Database, scope: Scope, month: dt.date | None = None,
                    month_to: dt.date | None = None, cost_centres=None, service_types=None, plans=None,
                    min_share: float = DEFAULT_MIN_SHARE, min_amount: float = DEFAULT_MIN_AMOUNT,
                    lang: str = "fi", limit: int | None = None) -> pd.DataFrame:
    """Subscriptions and cost centres whose month departs from their trailing 3-month average,
    with the reason (default: the latest month, 50 % and 50 €). ``limit``: only the largest
    changes (the cost overview's list); the same rows as the head of the full report."""
    month = month or month_to or latest_month(db, scope)
    if scope.is_empty or month is None:
        return pd.DataFrame(columns=COLUMNS)
    params = filter_params(scope, month_from=add_months(month, -HISTORY_MONTHS), month_to=month,
                           cost_centres=cost_centres, service_types=service_types, plans=plans,
                           month=month, min_share=float(min_share), min_amount=float(min_amount),
                           limit=int(limit) if limit else None)
    rows = lines_query(db, "costs/deviation_flags", params, money=())  # rounded in its SQL
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    # whole columns as Python lists: iterating Arrow-backed columns value by value cost more
    # than the query
    rows["text"] = [
        None if no_driver else
        driver_text(category, kind, country, round(float(change), 2), float(quantity), unit, lang)
        for no_driver, category, kind, country, change, quantity, unit in zip(
            rows.driver_rank.isna().tolist(), rows.category.tolist(), rows.kind.tolist(),
            rows.country.tolist(), rows.driver_change.tolist(), rows.driver_quantity.tolist(),
            rows.unit.tolist(), strict=True)]
    first = rows.drop_duplicates(["level", "entity"]).reset_index(drop=True)
    reasons: dict[tuple, str] = {}
    for key, text in zip(zip(rows.level.tolist(), rows.entity.tolist(), strict=True), rows.text.tolist(),
                         strict=True):
        if isinstance(text, str):                 # drivers arrive in rank order per entity
            reasons[key] = f"{reasons[key]}; {text}" if key in reasons else text
    df = first.assign(
        reason=[reasons.get((lv, en), "") for lv, en in zip(first.level.tolist(), first.entity.tolist(),
                                                            strict=True)],
        driver_category=first.category, driver_country=first.country, driver_unit=first.unit,
        driver_change_amount=first.driver_change.round(2))
    df.loc[df.driver_rank.isna(), "driver_quantity"] = None
    df["subscription_id"] = df.entity.where(df.level == "subscription")
    df["month"] = pd.Timestamp(month)
    df["change_amount"] = df.change_amount.round(2)
    for col in ("driver_category", "driver_country", "driver_unit"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df[COLUMNS].reset_index(drop=True)


@report("deviation-lines", "report.deviation_lines", exportable=False)
def deviation_lines(db: Database, scope: Scope, month: dt.date | None = None,
                    subscription: str | None = None, cost_centre: str | None = None) -> pd.DataFrame:
    """The invoice lines a deviation is computed from: the month and the three before it, of
    one subscription, or the lines booked directly on one cost centre (not its sub-centres')."""
    month = month or latest_month(db, scope)
    if scope.is_empty or month is None or not (subscription or cost_centre):
        return pd.DataFrame(columns=LINE_COLUMNS)
    kw = {"subscription": subscription} if subscription else {"cost_centres": (cost_centre,)}
    lines = invoice_lines(db, scope, month_from=add_months(month, -HISTORY_MONTHS), month_to=month, **kw)
    if not subscription:
        lines = lines[lines.cost_centre == cost_centre].reset_index(drop=True)
    return lines
