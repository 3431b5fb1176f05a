"""Cost reports: by month, by cost centre (flat and one hierarchy level), by subscription,
the invoice lines themselves, the overview's headline figures and the subscription's daily
usage for the drill-down.

Every cost report starts from the same CTE (reporting/sql/costs/cost_lines.sql): the invoice lines
the scope may see that match the standard filters, with their amounts exactly as stored. Every
amount a report returns is the exact sum of its lines rounded once to the cent
(reporting/core/money.py), so the total by cost centre, by subscription, by month and the
invoice's total are the same number for any filter, and a page, its download and
``python -m reporting export`` cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.money import allocated_sql, rounded_sql, total_sql
from reporting.core.months import add_months
from reporting.core.registry import report, scoped_params
from reporting.core.sqlfiles import load_sql
from reporting.costs.categories import CHARGE_CATEGORIES

CATEGORIES = CHARGE_CATEGORIES       # a column per charge category in the reports below

BY_MONTH_COLUMNS = ["month", *CATEGORIES, "amount"]
TREND_COLUMNS = ["month", "category", "service_type", "amount"]
BY_CENTRE_COLUMNS = ["cost_centre", "cost_centre_name", "parent_cost_centre", "depth", "subscriptions",
                     "amount", "amount_incl_sub_centres"]
CHILDREN_COLUMNS = ["cost_centre", "cost_centre_name", "is_own", "has_children", "drillable", "subscriptions",
                    "amount"]
BY_SUB_COLUMNS = ["subscription_id", "phone_number", "user_name", "cost_centre", "cost_centre_name",
                  "plan", "service_type", *CATEGORIES, "amount"]
LINE_COLUMNS = ["invoice_month", "invoice_number", "subscription_id", "user_name", "cost_centre",
                "service_type", "category", "description", "quantity", "unit", "country", "amount"]
OVERVIEW_COLUMNS = ["month", "amount", "amount_prev_month", "amount_prev_year", "change_prev_month",
                    "change_prev_year", "active_subscriptions", "cost_per_subscription"]
DAILY_COLUMNS = ["usage_date", "voice_min", "sms", "mms", "messages", "data_mb", "data_gb", "roaming_amount",
                 "data_gb_cumulative", "data_allowance_gb", "voice_min_cumulative", "voice_allowance_min",
                 "sms_cumulative", "sms_allowance"]
TOTAL_COLUMNS = ["rows", "amount"]
CATEGORY_MONEY = (*CATEGORIES, "amount")   # the money columns of the by-category reports
MB_PER_GB = 1024


def _codes(values: Iterable[str] | str | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = sorted({str(v) for v in values if v is not None and str(v) != ""})
    return out or None


def filter_params(scope: Scope, *, month_from: dt.date | None = None, month_to: dt.date | None = None,
                  cost_centres: Iterable[str] | None = None, service_types: Iterable[str] | None = None,
                  plans: Iterable[str] | None = None, subscription: str | None = None, **extra) -> dict:
    """The scope's parameters plus the standard filters as bound parameters of cost_lines.sql.
    An empty filter (None or nothing chosen) means no restriction."""
    ccs, sts, pls = _codes(cost_centres), _codes(service_types), _codes(plans)
    return scoped_params(
        scope,
        month_from=month_from, month_to=month_to,
        f_cc_all=ccs is None, f_ccs=ccs or [],
        f_st_all=sts is None, f_sts=sts or [],
        f_plan_all=pls is None, f_plans=pls or [],
        f_sub=subscription or None,
        **extra,
    )


def lines_query(db: Database, body: str, params: dict, money: tuple[str, ...] = ("amount",),
                total: bool = False, allocate: str | None = None) -> pd.DataFrame:
    """Run ``reporting/sql/<body>.sql`` after the shared ``lines`` CTE, its ``money`` columns
    rounded once to the cent (``total``: one row, its row count and exact total rounded;
    ``allocate``: the rows split one total, ``amount`` allocated by the largest remainder with
    this key column breaking ties, see ``reporting.core.money.allocated_sql``)."""
    return _run(db, _with_head(("costs/cost_lines",), body), params, money, total, allocate)


# The month-grain reports (costs-by-month, costs-trend, cost-overview, cost-centre-children)
# read a `monthly` CTE: from cost_monthly (a few thousand rows a month) when it can answer, else
# computed from the lines. tests/test_cost_summary.py turns this off to compare both sources.
USE_SUMMARY = True


def monthly_query(db: Database, scope: Scope, body: str, params: dict,
                  money: tuple[str, ...] = ("amount",), total: bool = False,
                  allocate: str | None = None) -> pd.DataFrame:
    """Run ``reporting/sql/<body>.sql`` after the ``lines`` and ``monthly`` CTEs; ``monthly``
    from the summary for a scope not limited to listed subscriptions and no single
    subscription asked for, otherwise from the lines. Money as in ``lines_query``."""
    summary = USE_SUMMARY and scope.subscriptions is None and params.get("f_sub") is None
    source = "costs/cost_monthly_rows" if summary else "costs/cost_monthly_from_lines"
    return _run(db, _with_head(("costs/cost_lines", source), body), params, money, total, allocate)


def _run(db: Database, sql: str, params: dict, money: tuple[str, ...], total: bool,
         allocate: str | None) -> pd.DataFrame:
    """The query's exact amounts rounded once: per row (``money``), as one total, or
    ``amount`` allocated over rows that split one total (the other ``money`` columns once each)."""
    if total:
        return db.query(total_sql(sql), params)
    if allocate:
        top = params.get("top") is not None
        return db.query(allocated_sql(sql, allocate, others=[c for c in money if c != "amount"],
                                      limit_param="top" if top else None), params)
    return db.query(rounded_sql(sql, money), params)


def _with_head(heads: tuple[str, ...], body: str) -> str:
    body_sql = "\n".join(ln for ln in load_sql(body).splitlines()
                         if not ln.lstrip().startswith("--")).strip()
    head = "WITH " + ",\n".join(load_sql(h).strip() for h in heads)
    if body_sql.upper().startswith("WITH "):
        sql = head + ",\n" + body_sql[5:]
    else:
        sql = head + "\n" + body_sql
    return sql


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


def latest_month(db: Database, scope: Scope) -> dt.date | None:
    """The newest invoice month the scope has lines in (None without any)."""
    if scope.is_empty:
        return None
    rows = db.rows(load_sql("costs/cost_months") + " LIMIT 1", scope.params())
    return _as_date(rows[0][0]) if rows else None


def _as_date(value) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


@report("cost-months", "report.cost_months", exportable=False)
def cost_months(db: Database, scope: Scope) -> pd.DataFrame:
    """The invoice months within the scope, newest first (the period filter's options)."""
    if scope.is_empty:
        return _empty(["month"])
    return db.named("costs/cost_months", scope.params())


@report("cost-filter-options", "report.cost_filter_options", exportable=False)
def cost_filter_options(db: Database, scope: Scope) -> pd.DataFrame:
    """Cost centres (with depth), service types and plans within the scope (filter options)."""
    if scope.is_empty:
        return _empty(["kind", "value", "label", "depth", "sort_key"])
    return db.named("costs/cost_filter_options", scope.params())


@report("costs-by-month", "report.costs_by_month")
def costs_by_month(db: Database, scope: Scope, month_from: dt.date | None = None,
                   month_to: dt.date | None = None, cost_centres=None, service_types=None,
                   plans=None, subscription: str | None = None) -> pd.DataFrame:
    """Cost per invoice month by charge category and in total (EUR, VAT 0 %)."""
    if scope.is_empty:
        return _empty(BY_MONTH_COLUMNS)
    return monthly_query(db, scope, "costs/cost_by_month", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans, subscription=subscription), money=CATEGORY_MONEY)


@report("costs-trend", "report.costs_trend")
def costs_trend(db: Database, scope: Scope, month_from: dt.date | None = None,
                month_to: dt.date | None = None, cost_centres=None, service_types=None,
                plans=None) -> pd.DataFrame:
    """Cost per invoice month, charge category and service type (for stacked trends)."""
    if scope.is_empty:
        return _empty(TREND_COLUMNS)
    return monthly_query(db, scope, "costs/cost_trend", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans))


@report("costs-by-cost-centre", "report.costs_by_cost_centre")
def costs_by_cost_centre(db: Database, scope: Scope, month_from: dt.date | None = None,
                         month_to: dt.date | None = None, cost_centres=None, service_types=None,
                         plans=None) -> pd.DataFrame:
    """Cost per cost centre: booked on it directly and including its sub-centres."""
    if scope.is_empty:
        return _empty(BY_CENTRE_COLUMNS)
    return lines_query(db, "costs/cost_by_cost_centre", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans), money=("amount", "amount_incl_sub_centres"),
        allocate="cost_centre")


@report("cost-centre-children", "report.cost_centre_children")
def cost_centre_children(db: Database, scope: Scope, parent: str | None = None,
                         month_from: dt.date | None = None, month_to: dt.date | None = None,
                         cost_centres=None, service_types=None, plans=None) -> pd.DataFrame:
    """One level of the cost centre hierarchy: the sub-centres of PARENT (or the top level)
    with everything below them, plus what is booked on PARENT itself."""
    if scope.is_empty:
        return _empty(CHILDREN_COLUMNS)
    df = _children(db, scope, parent, month_from, month_to, cost_centres, service_types, plans)
    # one can go further down a row that has sub-centres, or that is not PARENT's own lines
    df["drillable"] = (df.has_children.fillna(False).astype(bool) | ~df.is_own.astype(bool)).astype(bool)
    return df[CHILDREN_COLUMNS]


def _children(db: Database, scope: Scope, parent, month_from, month_to, cost_centres, service_types,
              plans, total: bool = False) -> pd.DataFrame:
    return monthly_query(db, scope, "costs/cost_centre_children", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans, parent=parent or None), total=total,
        allocate=None if total else "cost_centre")


def _total(df: pd.DataFrame) -> pd.DataFrame:
    """A ``total_sql`` row as the *-kpis reports give it: no row when the report has none."""
    if df.empty or int(df["rows"].iloc[0]) == 0:
        return _empty(TOTAL_COLUMNS)
    return df[TOTAL_COLUMNS]


@report("cost-centre-kpis", "report.cost_centre_kpis", exportable=False)
def cost_centre_kpis(db: Database, scope: Scope, parent: str | None = None,
                     month_from: dt.date | None = None, month_to: dt.date | None = None,
                     cost_centres=None, service_types=None, plans=None) -> pd.DataFrame:
    """One row for a drill-down level: the rows of ``cost-centre-children`` and their total
    (everything below PARENT, or the organisation, within the filters)."""
    if scope.is_empty:
        return _empty(TOTAL_COLUMNS)
    return _total(_children(db, scope, parent, month_from, month_to, cost_centres, service_types, plans,
                            total=True))


@report("costs-by-subscription", "report.costs_by_subscription")
def costs_by_subscription(db: Database, scope: Scope, month_from: dt.date | None = None,
                          month_to: dt.date | None = None, cost_centres=None, service_types=None,
                          plans=None, limit: int | None = None,
                          subscriptions_only: bool = False) -> pd.DataFrame:
    """Cost per subscription by charge category and in total; organisation-level lines in
    a row without a subscription (left out with ``subscriptions_only``; with ``limit`` after
    the largest ``limit`` rows are taken)."""
    if scope.is_empty:
        return _empty(BY_SUB_COLUMNS)
    # the amounts are allocated over all the rows first, so a top list is the head of the full
    # report (the same cents), then the largest ``limit`` rows are kept
    df = lines_query(db, "costs/cost_by_subscription", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans, limit=None, top=int(limit) if limit else None),
        money=CATEGORY_MONEY, allocate="subscription_id")
    if subscriptions_only:
        df = df[df.subscription_id.notna()].reset_index(drop=True)
    return df


@report("invoice-lines", "report.invoice_lines")
def invoice_lines(db: Database, scope: Scope, month: dt.date | None = None,
                  month_from: dt.date | None = None, month_to: dt.date | None = None,
                  cost_centres=None, service_types=None, plans=None,
                  subscription: str | None = None) -> pd.DataFrame:
    """The invoice lines (default: the latest month; --from/--to for a period)."""
    if scope.is_empty:
        return _empty(LINE_COLUMNS)
    return _lines(db, scope, month, month_from, month_to, cost_centres, service_types, plans, subscription)


def _lines(db: Database, scope: Scope, month, month_from, month_to, cost_centres, service_types, plans,
           subscription, total: bool = False) -> pd.DataFrame:
    if month is not None:
        month_from = month_to = month
    elif month_from is None and month_to is None:
        month_from = month_to = latest_month(db, scope)
    return lines_query(db, "costs/cost_invoice_lines", filter_params(
        scope, month_from=month_from, month_to=month_to, cost_centres=cost_centres,
        service_types=service_types, plans=plans, subscription=subscription), total=total,
        money=())   # a line's amount as stored: its own figure, summed exactly wherever it is summed


@report("invoice-lines-kpis", "report.invoice_lines_kpis", exportable=False)
def invoice_lines_kpis(db: Database, scope: Scope, month: dt.date | None = None,
                       month_from: dt.date | None = None, month_to: dt.date | None = None,
                       cost_centres=None, service_types=None, plans=None,
                       subscription: str | None = None) -> pd.DataFrame:
    """One row: how many ``invoice-lines`` the same filters give and their total."""
    if scope.is_empty:
        return _empty(TOTAL_COLUMNS)
    return _total(_lines(db, scope, month, month_from, month_to, cost_centres, service_types, plans,
                         subscription, total=True))


def change_share(now, before) -> float | None:
    """The change from ``before`` to ``now`` as a share of ``before`` (-0.13 = -13 %); None
    when either is missing or ``before`` is zero."""
    if now is None or before is None or pd.isna(now) or pd.isna(before) or float(before) == 0:
        return None
    return (float(now) - float(before)) / abs(float(before))


def cost_per_subscription(amount, active_subscriptions) -> float | None:
    """A month's cost per active subscription, to the cent; None without active subscriptions
    or without a cost."""
    active = 0 if active_subscriptions is None or pd.isna(active_subscriptions) else int(active_subscriptions)
    if not active or amount is None or pd.isna(amount):
        return None
    return round(float(amount) / active, 2)


@report("cost-overview", "report.cost_overview")
def cost_overview(db: Database, scope: Scope, month: dt.date | None = None,
                  month_to: dt.date | None = None, cost_centres=None, service_types=None,
                  plans=None) -> pd.DataFrame:
    """One row for the month (default: the latest): cost, previous month, same month a year
    earlier, the changes, active subscriptions and cost per active subscription."""
    month = month or month_to or latest_month(db, scope)
    if scope.is_empty or month is None:
        return _empty(OVERVIEW_COLUMNS)
    df = monthly_query(db, scope, "costs/cost_overview", filter_params(
        scope, month_from=add_months(month, -12), month_to=month, cost_centres=cost_centres,
        service_types=service_types, plans=plans, month=month),
        money=("amount", "amount_prev_month", "amount_prev_year"))
    row = df.iloc[0]
    df["change_prev_month"] = change_share(row.amount, row.amount_prev_month)
    df["change_prev_year"] = change_share(row.amount, row.amount_prev_year)
    df["cost_per_subscription"] = cost_per_subscription(row.amount, row.active_subscriptions)
    return df[OVERVIEW_COLUMNS]


@report("subscription-daily-usage", "report.subscription_daily_usage")
def subscription_daily_usage(db: Database, scope: Scope, subscription: str | None = None,
                             month: dt.date | None = None) -> pd.DataFrame:
    """A subscription's usage day by day in a month with the running total against its
    plan's allowance; every day of the month appears, zeros when nothing was used."""
    if scope.is_empty or not subscription:
        return _empty(DAILY_COLUMNS)
    month = month or latest_month(db, scope)
    if month is None:
        return _empty(DAILY_COLUMNS)
    df = db.named("costs/cost_subscription_daily", scoped_params(scope, subscription=subscription, month=month))
    df["messages"] = df.sms + df.mms                       # what the allowance counts
    df["data_gb"] = (df.data_mb / MB_PER_GB).round(3)
    return df[DAILY_COLUMNS]


DAY_COLUMNS = ["usage_date", "usage_type", "country", "quantity", "amount"]


@report("subscription-day-usage", "report.subscription_day_usage")
def subscription_day_usage(db: Database, scope: Scope, subscription: str | None = None,
                           day: dt.date | None = None) -> pd.DataFrame:
    """A subscription's usage rows on one day: one per usage type and country (minutes,
    messages or MB), with the amount charged separately (NULL when included)."""
    if scope.is_empty or not subscription or day is None:
        return _empty(DAY_COLUMNS)
    df = db.named("costs/cost_subscription_day", scoped_params(scope, subscription=subscription, day=day))
    return df[DAY_COLUMNS]


@report("subscription-details", "report.subscription_details", exportable=False)
def subscription_details(db: Database, scope: Scope, subscription: str | None = None) -> pd.DataFrame:
    """One row: the subscription (if the scope may see it) with its plan's allowances."""
    cols = ["subscription_id", "phone_number", "user_name", "cost_centre", "cost_centre_name", "plan",
            "service_type", "opened_on", "closed_on", "monthly_fee", "data_gb", "voice_min", "sms"]
    if scope.is_empty or not subscription:
        return _empty(cols)
    return db.named("costs/cost_subscription_details", scoped_params(scope, subscription=subscription))


@report("cost-centre-path", "report.cost_centre_path", exportable=False)
def cost_centre_path(db: Database, scope: Scope, code: str | None = None) -> pd.DataFrame:
    """The path from the top of the hierarchy to the cost centre CODE, if the scope sees it."""
    if scope.is_empty or not code:
        return _empty(["cost_centre", "cost_centre_name", "depth"])
    return db.named("costs/cost_centre_path", scoped_params(scope, code=code))
