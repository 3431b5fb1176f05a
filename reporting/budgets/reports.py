"""Budgets against actual costs and the month-end forecast (issue 18).

A budget is set per cost centre (its sub-centres included) or for the whole organisation,
for a month or for a year (reporting/sql/migrations/0011_budgets.sql). For a month:

* the **month budget** of a centre is its budget for that month; a centre with only a year
  budget gets a twelfth of it (``budget_source`` says which);
* the **actual** is the sum of the month's invoice lines (EUR) of the centre and its
  sub-centres, as stored, rounded once to the cent, for the lines the scope may see (the
  cost reports' ``lines``);
* a month without invoice lines yet is **open**: its **forecast** is the monthly fees of the
  subscriptions open in it (each a whole month, the plan book's fee) plus the usage charged
  so far on the daily usage rows, scaled to the whole month by the days billed
  (``variable_to_date × days_in_month / days_billed``; the days billed are the days up to the
  last day the organisation's daily rows reach). With no day billed yet the forecast is the
  fixed fees alone. A closed month's forecast is its actual.
* **difference** is the actual (or forecast) less the budget, each to the cent as shown;
* **used_pct** is actual (closed) or forecast (open) over the month budget, in percent;
  **status** ``over`` above 100 %, ``near`` from 90 %, else ``under``.
* the year to date: the budgets of January to the month (the same twelfth rule) against the
  actual of the months among them in which the centre has a budget (a centre budgeted from
  November only compares November's actual with November's budget, not the whole year's
  actual with it); for an open month, that actual of the months before it plus its forecast.

Amounts are exact sums; pages and exports round them where they show them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.months import add_months, last_day, month_start
from reporting.core.registry import report, scoped_params
from reporting.core.sqlfiles import load_sql
from reporting.costs.reports import filter_params, latest_month, lines_query

LIST_COLUMNS = ["cost_centre", "cost_centre_name", "period_kind", "period_start", "budget"]
COLUMNS = ["cost_centre", "cost_centre_name", "budget", "budget_source", "actual", "forecast",
           "difference", "used_pct", "status", "budget_ytd", "actual_ytd", "month_closed",
           "forecast_fixed", "forecast_variable_to_date", "days_billed", "days_in_month"]
NEAR_PCT = Decimal(90)
CENT = Decimal("0.01")
TWELVE = Decimal(12)


def _dec(value) -> Decimal | None:
    if value is None or (not isinstance(value, Decimal) and pd.isna(value)):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _key(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def budget_rows(db: Database, scope: Scope, year_from: dt.date | None = None,
                year_to: dt.date | None = None) -> pd.DataFrame:
    if scope.is_empty:
        return pd.DataFrame(columns=LIST_COLUMNS)
    return db.query(load_sql("budgets/budgets_visible"),
                    scoped_params(scope, year_from=year_from, year_to=year_to))[LIST_COLUMNS]


@report("budgets", "report.budgets")
def budgets(db: Database, scope: Scope, year: int | None = None) -> pd.DataFrame:
    """The budgets the scope may see (all years, or one ``year``)."""
    start = dt.date(int(year), 1, 1) if year else None
    return budget_rows(db, scope, start, start)


def month_budget(rows: pd.DataFrame, month: dt.date) -> dict[str | None, tuple[Decimal, str]]:
    """Centre (None: the organisation) -> (its budget for ``month``, 'month' or 'year')."""
    out: dict[str | None, tuple[Decimal, str]] = {}
    year_start = dt.date(month.year, 1, 1)
    for r in rows.itertuples():
        start = pd.Timestamp(r.period_start).date()
        key = _key(r.cost_centre)
        if r.period_kind == "month" and start == month:
            out[key] = (_dec(r.budget), "month")
        elif r.period_kind == "year" and start == year_start and out.get(key, (None, ""))[1] != "month":
            out[key] = (_dec(r.budget) / TWELVE, "year")
    return out


def _ytd_budget(rows: pd.DataFrame, month: dt.date, keys) -> dict[str | None, Decimal]:
    total: dict[str | None, Decimal] = {}
    m = dt.date(month.year, 1, 1)
    while m <= month:
        for key, (amount, _) in month_budget(rows, m).items():
            total[key] = total.get(key, Decimal(0)) + amount
        m = add_months(m, 1)
    return {k: total.get(k, Decimal(0)) for k in keys}


def _budgeted_months(rows: pd.DataFrame, month: dt.date) -> list[str]:
    """``centre|YYYY-MM`` ('*' for the organisation) of each month from January to ``month``
    in which the centre has a budget in force: the months its year to date counts."""
    out = []
    m = dt.date(month.year, 1, 1)
    while m <= month:
        out += [f"{key or '*'}|{m:%Y-%m}" for key in month_budget(rows, m)]
        m = add_months(m, 1)
    return out


def open_month(db: Database, scope: Scope) -> dt.date | None:
    """The month after the newest invoiced month the scope sees: the month to forecast."""
    latest = latest_month(db, scope)
    return add_months(latest, 1) if latest else None


@report("budget-vs-actual", "report.budget_vs_actual")
def budget_vs_actual(db: Database, scope: Scope, month: dt.date | None = None) -> pd.DataFrame:
    """One row per budget in force in ``month`` (default: the open month) that the scope
    may see: the month budget, the actual or the month-end forecast, the difference, the
    share used and the year to date (see the module's docstring for every rule)."""
    if scope.is_empty:
        return pd.DataFrame(columns=COLUMNS)
    month = month_start(month) if month else open_month(db, scope)
    if month is None:
        return pd.DataFrame(columns=COLUMNS)
    rows = budget_rows(db, scope, dt.date(month.year, 1, 1), dt.date(month.year, 1, 1))
    in_force = month_budget(rows, month)
    if not in_force:
        return pd.DataFrame(columns=COLUMNS)
    names = {_key(r.cost_centre): r.cost_centre_name for r in rows.itertuples()}
    centres = sorted(k for k in in_force if k is not None)
    month_end = last_day(month)
    info = db.rows(load_sql("budgets/budget_days_billed"),
                   {"org_id": scope.org_id, "month": month, "month_end": month_end})[0]
    last_billed, closed = info[0], bool(info[1])
    actual_df = lines_query(db, "budgets/budget_actual", filter_params(
        scope, month_from=dt.date(month.year, 1, 1), month_to=month, month=month, centres=centres,
        budgeted=_budgeted_months(rows, month)), money=("actual", "actual_ytd"))
    actual = {_key(r.cost_centre): (_dec(r.actual), _dec(r.actual_ytd)) for r in actual_df.itertuples()}
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    days_billed = 0 if closed or last_billed is None else pd.Timestamp(last_billed).day
    forecast: dict[str | None, tuple[Decimal, Decimal]] = {}
    if not closed:
        fc = db.query(load_sql("budgets/budget_forecast"), scoped_params(
            scope, month=month, month_end=month_end, centres=centres))
        forecast = {_key(r.cost_centre): (_dec(r.fixed) or Decimal(0), _dec(r.variable_to_date) or Decimal(0))
                    for r in fc.itertuples()}
    ytd_budget = _ytd_budget(rows, month, in_force)
    out = []
    for key, (budget, source) in sorted(in_force.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")):
        act, act_ytd = actual.get(key, (None, None))
        act = act or Decimal(0)
        if closed:
            fixed = variable = None
            expected = act
        else:
            fixed, variable = forecast.get(key, (Decimal(0), Decimal(0)))
            expected = fixed + (variable * days_in_month / days_billed if days_billed else Decimal(0))
        used = None if not budget else expected / budget * 100
        status = None if used is None else "over" if used > 100 else "near" if used >= NEAR_PCT else "under"
        out.append({
            "cost_centre": key, "cost_centre_name": names.get(key), "budget": budget, "budget_source": source,
            "actual": act if closed else None, "forecast": expected,
            # the difference of the two figures as shown: the actual or forecast to the cent
            "difference": expected.quantize(CENT, ROUND_HALF_UP) - budget.quantize(CENT, ROUND_HALF_UP),
            "used_pct": used, "status": status, "budget_ytd": ytd_budget[key],
            "actual_ytd": (act_ytd or Decimal(0)) + (Decimal(0) if closed else expected), "month_closed": closed,
            "forecast_fixed": fixed, "forecast_variable_to_date": variable,
            "days_billed": days_billed if not closed else days_in_month, "days_in_month": days_in_month,
        })
    df = pd.DataFrame(out, columns=COLUMNS)
    for col in ("budget", "actual", "forecast", "difference", "used_pct", "budget_ytd", "actual_ytd",
                "forecast_fixed", "forecast_variable_to_date"):
        df[col] = df[col].map(lambda v: None if v is None else float(v)).astype("float64")
    return df


@report("budget-months", "report.budget_months", exportable=False)
def budget_months(db: Database, scope: Scope) -> pd.DataFrame:
    """The months the budget view offers: the open month first, then the invoiced months of
    the years that have budgets (newest first); ``has_budget``: whether the scope has a budget
    for the month (the page opens at the first month that has one)."""
    rows = budget_rows(db, scope)
    latest = latest_month(db, scope)
    if rows.empty or latest is None:
        return pd.DataFrame(columns=["month", "open", "has_budget"])
    years = {pd.Timestamp(v).year for v in rows.period_start}
    months = [add_months(latest, 1)]
    m = latest
    while m.year >= min(years):
        if m.year in years or m.year == latest.year:
            months.append(m)
        m = add_months(m, -1)
    return pd.DataFrame({"month": months, "open": [True] + [False] * (len(months) - 1),
                         "has_budget": [bool(month_budget(rows, m)) for m in months]})
