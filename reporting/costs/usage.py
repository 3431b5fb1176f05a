"""Usage reports: volumes per subscription and per month (by service type and cost centre),
roaming by country (EU/EEA against the rest of the world) with its costs. They read the
loader's pre-aggregated usage_monthly table. Subscriptions that used nothing do not drop out:
they appear with zeros."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.money import to_cents
from reporting.core.registry import report
from reporting.core.sqlfiles import load_sql
from reporting.costs.reports import filter_params, latest_month
from reporting.i18n import country_name

# EU member states and the other EEA countries (Iceland, Liechtenstein, Norway): roam like at home.
EU_EEA = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO")

BY_SUB_COLUMNS = ["subscription_id", "phone_number", "user_name", "cost_centre", "plan", "service_type",
                  "voice_min", "sms", "mms", "data_gb", "roaming_data_gb", "roaming_voice_min",
                  "usage_amount", "has_usage"]
BY_MONTH_COLUMNS = ["month", "service_type", "cost_centre", "voice_min", "messages", "data_gb",
                    "subscriptions", "subscriptions_with_usage", "subscriptions_without_usage"]
ROAMING_COLUMNS = ["country", "country_name", "zone", "voice_min", "messages", "data_gb", "subscriptions",
                   "amount"]
ZONES = ("eu_eea", "rest_of_world")
ZONE_COLUMNS = ["zone", "countries", "voice_min", "messages", "data_gb", "amount"]
USAGE_KPI_COLUMNS = ["subscriptions", "subscriptions_with_usage", "subscriptions_without_usage"]
GROUPINGS = {"service_type": (True, False), "cost_centre": (False, True),
             "service_type_cost_centre": (True, True), "none": (False, False)}


def _strip_comments(sql: str) -> str:
    return "\n".join(ln for ln in sql.splitlines() if not ln.lstrip().startswith("--")).strip()


def usage_query(db: Database, body: str, params: dict, *, with_lines: bool = False) -> pd.DataFrame:
    """Run ``reporting/sql/<body>.sql`` after the shared usage CTEs (and the cost lines CTE)."""
    ctes = [_strip_comments(load_sql("costs/usage_rows"))]
    if with_lines:
        ctes.append(_strip_comments(load_sql("costs/cost_lines")))
    body_sql = _strip_comments(load_sql(body))
    head = "WITH " + ",\n".join(ctes)
    sql = head + ",\n" + body_sql[5:] if body_sql.upper().startswith("WITH ") else head + "\n" + body_sql
    return db.query(sql, params)


def _period(db: Database, scope: Scope, month_from, month_to) -> tuple[dt.date | None, dt.date | None]:
    """Default period: the latest invoiced month when neither end is given; one end given
    alone means that month only."""
    if month_from is None and month_to is None:
        month_to = month_from = latest_month(db, scope)
    return month_from or month_to, month_to or month_from


@report("usage-by-subscription", "report.usage_by_subscription")
def usage_by_subscription(db: Database, scope: Scope, month_from: dt.date | None = None,
                          month_to: dt.date | None = None, cost_centres=None, service_types=None,
                          plans=None, without_usage_only: bool = False) -> pd.DataFrame:
    """Volumes per subscription in the period (default: the latest month), zeros included;
    ``without_usage_only``: only the subscriptions that used nothing."""
    month_from, month_to = _period(db, scope, month_from, month_to)
    if scope.is_empty or month_to is None:
        return pd.DataFrame(columns=BY_SUB_COLUMNS)
    df = usage_query(db, "costs/usage_by_subscription", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans))
    if without_usage_only:
        df = df[~df.has_usage.astype(bool)].reset_index(drop=True)
    return df


@report("usage-kpis", "report.usage_kpis", exportable=False)
def usage_kpis(db: Database, scope: Scope, month_from: dt.date | None = None,
               month_to: dt.date | None = None, cost_centres=None, service_types=None,
               plans=None) -> pd.DataFrame:
    """One row: the subscriptions of ``usage-by-subscription``, with and without usage."""
    subs = usage_by_subscription(db, scope, month_from=month_from, month_to=month_to,
                                 cost_centres=cost_centres, service_types=service_types, plans=plans)
    if subs.empty:
        return pd.DataFrame(columns=USAGE_KPI_COLUMNS)
    used = int(subs.has_usage.astype(bool).sum()) if len(subs) else 0
    return pd.DataFrame([{"subscriptions": len(subs), "subscriptions_with_usage": used,
                          "subscriptions_without_usage": len(subs) - used}], columns=USAGE_KPI_COLUMNS)


@report("usage-by-month", "report.usage_by_month")
def usage_by_month(db: Database, scope: Scope, month_from: dt.date | None = None,
                   month_to: dt.date | None = None, cost_centres=None, service_types=None,
                   plans=None, group_by: str = "service_type_cost_centre") -> pd.DataFrame:
    """Volumes per month by service type and cost centre, with open subscriptions and how
    many of them used nothing (default: the latest month)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    month_from, month_to = _period(db, scope, month_from, month_to)
    if scope.is_empty or month_to is None:
        return pd.DataFrame(columns=BY_MONTH_COLUMNS)
    by_type, by_centre = GROUPINGS[group_by]
    return usage_query(db, "costs/usage_by_month", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans, by_type=by_type, by_centre=by_centre))


@report("roaming-by-country", "report.roaming_by_country")
def roaming_by_country(db: Database, scope: Scope, month_from: dt.date | None = None,
                       month_to: dt.date | None = None, cost_centres=None, service_types=None,
                       plans=None, lang: str = "fi", exact: bool = False) -> pd.DataFrame:
    """Roaming per country, EU/EEA or rest of the world: volumes and charges (default: the
    latest month). ``exact`` (roaming-by-zone) adds ``amount_exact``, the unrounded sum as text."""
    month_from, month_to = _period(db, scope, month_from, month_to)
    if scope.is_empty or month_to is None:
        return pd.DataFrame(columns=ROAMING_COLUMNS)
    df = usage_query(db, "costs/usage_roaming_by_country", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans, eu_eea=list(EU_EEA)), with_lines=True)
    df["country_name"] = [country_name(c, lang) for c in df.country]
    df["zone"] = ["eu_eea" if e else "rest_of_world" for e in df.eu_eea]
    if exact:
        return df[[*ROAMING_COLUMNS, "amount_exact"]]
    return df[ROAMING_COLUMNS]


@report("roaming-by-zone", "report.roaming_by_zone")
def roaming_by_zone(db: Database, scope: Scope, month_from: dt.date | None = None,
                    month_to: dt.date | None = None, cost_centres=None, service_types=None,
                    plans=None) -> pd.DataFrame:
    """Roaming in the EU/EEA and in the rest of the world: one row per zone (both always, zeros
    without roaming), the totals of ``roaming-by-country``."""
    if scope.is_empty or _period(db, scope, month_from, month_to)[1] is None:
        return pd.DataFrame(columns=ZONE_COLUMNS)       # no invoiced month in the scope at all
    df = roaming_by_country(db, scope, month_from=month_from, month_to=month_to,
                            cost_centres=cost_centres, service_types=service_types, plans=plans,
                            exact=True)
    rows = []
    for zone in ZONES:
        z = df[df.zone == zone]
        rows.append({"zone": zone, "countries": len(z),
                     **{c: float(z[c].astype(float).sum()) if len(z) else 0.0
                        for c in ("voice_min", "messages", "data_gb")},
                     "amount": float(to_cents(sum((Decimal(v) for v in z.amount_exact), Decimal(0))))})
    return pd.DataFrame(rows, columns=ZONE_COLUMNS)
