"""Cloud-costs reports over the FOCUS lines (``cloud_charges``).

Every report starts from one CTE (reporting/sql/cloud/cloud_lines.sql): the lines the scope
may see (organisation-level lines booked to their sub-account's centre, so a manager sees
the sub-accounts mapped to their centres) that match the filters, with amounts exactly as
stored; sums are exact, and each figure a report returns is rounded once to the cent
(reporting/core/money.py; docs/reports.md, "The rounding rule"): the rows of a table that
split a total (by provider, service, sub-account ...) are allocated by the largest remainder
within their billing currency, so they add up to ``cloud-totals``. Money stays in its billing
currency; a ``*_eur`` column converts at the month's stored rate (reporting.cloud.fx) and is
empty for lines whose month has none (``billed_not_converted`` says how much).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.money import rounded_sql, split_sql
from reporting.core.registry import report, scoped_params
from reporting.core.sqlfiles import load_sql

MONEY = ["billed_amount", "effective_amount", "effective_minus_billed", "billed_eur", "effective_eur",
         "billed_not_converted"]
# the dimensions a cloud report groups by: report name -> (column of cloud_lines, order)
DIMENSIONS = {
    "provider": ("provider", "currency, billed_amount DESC, 1"),
    "service_category": ("service_category", "currency, billed_amount DESC, 1"),
    "service_name": ("service_name", "currency, billed_amount DESC, 1"),
    "sub_account": ("sub_account", "currency, billed_amount DESC, 1"),
    "region": ("region", "currency, billed_amount DESC, 1"),
    "cost_centre": ("cost_centre", "currency, billed_amount DESC, 1"),
    "category": ("focus_category", "currency, billed_amount DESC, 1"),
    "month": ("invoice_month", "1, currency"),
    "day": ("charge_date", "1, currency"),
}
KPI_COLUMNS = ["lines", "providers", "service_categories", "services", "sub_accounts", "regions", "currencies",
               "invoices"]
LINE_COLUMNS = ["invoice_month", "charge_date", "provider", "service_category", "service_name", "sub_account",
                "region", "cost_centre", "focus_category", "description", "quantity", "unit", "currency",
                "billed_amount", "effective_amount", "billed_eur", "invoice_id", "billing_account_id",
                "billing_account_type", "sub_account_type", "pricing_currency"]
# the money columns allocated (MONEY but the difference, which is derived from the allocated two)
ALLOCATED = [c for c in MONEY if c != "effective_minus_billed"]
DERIVED = {"effective_minus_billed": "{effective_amount} - {billed_amount}"}
# the dimensions whose rows are each their own figure (a month's, a day's), not a split of one total
OWN_FIGURE = frozenset({"month", "day"})
OTHER_CURRENCY_COLUMNS = ["month", "currency", "lines", "amount", "eur_rate", "amount_eur"]
NOT_CONVERTED_COLUMNS = ["currency", "lines", "amount"]
WITH_CLOUD_COLUMNS = ["month", "operator_amount", "cloud_amount_eur", "total_amount"]
LINE_LIMIT = 5000


def cloud_params(scope: Scope, *, month_from: dt.date | None = None, month_to: dt.date | None = None,
                 month: dt.date | None = None, provider: str | None = None,
                 service_category: str | None = None, service: str | None = None,
                 sub_account: str | None = None, region: str | None = None, day: dt.date | None = None,
                 cost_centres: Iterable[str] | None = None, **extra) -> dict:
    """The scope's parameters and the cloud filters as bound parameters of cloud_lines.sql.
    ``month`` is one month (both ends); an empty filter means no restriction."""
    if month is not None:
        month_from = month_to = month
    ccs = sorted({str(c) for c in cost_centres or () if c})
    return scoped_params(scope, month_from=month_from, month_to=month_to, f_provider=provider or None,
                         f_service_category=service_category or None, f_service=service or None,
                         f_sub_account=sub_account or None, f_region=region or None, f_day=day,
                         f_cc_all=not ccs, f_ccs=ccs, **extra)


def _sql(body: str) -> str:
    body_sql = "\n".join(ln for ln in body.splitlines() if not ln.lstrip().startswith("--")).strip()
    head = "WITH " + load_sql("cloud/cloud_lines").strip()
    if body_sql.upper().startswith("WITH "):       # the body's own CTEs follow the shared one
        return head + ",\n" + body_sql[5:]
    return head + "\n" + body_sql


def _query(db: Database, body: str, params: dict) -> pd.DataFrame:
    return db.query(_sql(body), params)


def _money(db: Database, body: str, params: dict, key: str, partition: list[str], order: str) -> pd.DataFrame:
    """A grouped body's money columns rounded once: allocated by the largest remainder over
    the rows of each ``partition`` (a partition of one row: that row's exact sums rounded once)."""
    return db.query(split_sql(_sql(body), ALLOCATED, key, partition, order, DERIVED), params)


def _grouped(dim: str, db: Database, scope: Scope, **filters) -> pd.DataFrame:
    column, order = DIMENSIONS[dim]        # identifiers from the allow-list above only
    columns = [dim, "currency", "lines", *MONEY]
    if scope.is_empty:
        return pd.DataFrame(columns=columns)
    body = (load_sql("cloud/cloud_grouped").replace("__DIM__", column).replace("__NAME__", dim)
            .replace("__ORDER__", order))
    partition = [dim, "currency"] if dim in OWN_FIGURE else ["currency"]
    # ordered by the exact amounts, as the body orders them, not by the allocated cents
    exact_order = order.replace("billed_amount DESC", '"_exact_billed_amount" DESC')
    return _money(db, body, cloud_params(scope, **filters), dim, partition, exact_order)[columns]


def _register(dim: str, name: str) -> None:
    def run(db: Database, scope: Scope, *, month_from: dt.date | None = None, month_to: dt.date | None = None,
            month: dt.date | None = None, cost_centres: Iterable[str] | None = None,
            **filters) -> pd.DataFrame:
        return _grouped(dim, db, scope, month_from=month_from, month_to=month_to, month=month,
                        cost_centres=cost_centres, **filters)
    run.__name__ = run.__qualname__ = f"cloud_by_{dim}"
    run.__doc__ = f"Cloud costs by {dim.replace('_', ' ')} and billing currency."
    report(name, f"report.{name.replace('-', '_')}")(run)


for _dim, _name in (("provider", "cloud-by-provider"), ("service_category", "cloud-by-service-category"),
                    ("service_name", "cloud-by-service"), ("sub_account", "cloud-by-sub-account"),
                    ("region", "cloud-by-region"), ("cost_centre", "cloud-by-cost-centre"),
                    ("category", "cloud-by-charge-category"), ("month", "cloud-by-month"),
                    ("day", "cloud-by-day")):
    _register(_dim, _name)


@report("cloud-totals", "report.cloud_totals")
def cloud_totals(db: Database, scope: Scope, *, month_from: dt.date | None = None, month_to: dt.date | None = None,
                 month: dt.date | None = None, cost_centres: Iterable[str] | None = None, **filters) -> pd.DataFrame:
    """One row per billing currency: lines, billed and effective cost, and EUR where a rate is."""
    filters.update(month_from=month_from, month_to=month_to, month=month, cost_centres=cost_centres)
    columns = ["currency", "lines", *MONEY]
    if scope.is_empty:
        return pd.DataFrame(columns=columns)
    body = (load_sql("cloud/cloud_grouped").replace("__DIM__ AS __NAME__, ", "")
            .replace("__ORDER__", "currency"))
    return _money(db, body, cloud_params(scope, **filters), "currency", ["currency"], "currency")[columns]


@report("cloud-kpis", "report.cloud_kpis")
def cloud_kpis(db: Database, scope: Scope, *, month_from: dt.date | None = None, month_to: dt.date | None = None,
               month: dt.date | None = None, cost_centres: Iterable[str] | None = None, **filters) -> pd.DataFrame:
    """One row (none when the scope has no cloud lines): the counts of the cloud view's headline."""
    filters.update(month_from=month_from, month_to=month_to, month=month, cost_centres=cost_centres)
    if scope.is_empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    return _query(db, load_sql("cloud/cloud_kpis"), cloud_params(scope, **filters))[KPI_COLUMNS]


@report("cloud-lines", "report.cloud_lines")
def cloud_lines(db: Database, scope: Scope, limit: int = LINE_LIMIT, *, month_from: dt.date | None = None,
                month_to: dt.date | None = None, month: dt.date | None = None,
                cost_centres: Iterable[str] | None = None, **filters) -> pd.DataFrame:
    """The filtered cloud lines themselves (drill-down), at most ``limit``."""
    filters.update(month_from=month_from, month_to=month_to, month=month, cost_centres=cost_centres)
    if scope.is_empty:
        return pd.DataFrame(columns=LINE_COLUMNS)
    return _query(db, load_sql("cloud/cloud_line_rows"),
                  cloud_params(scope, limit=int(limit), **filters))[LINE_COLUMNS]


@report("cloud-filter-options", "report.cloud_filter_options", exportable=False)
def cloud_filter_options(db: Database, scope: Scope, **filters) -> pd.DataFrame:
    """(dim, value) pairs the cloud view's filters offer."""
    if scope.is_empty:
        return pd.DataFrame(columns=["dim", "value"])
    return _query(db, load_sql("cloud/cloud_filter_options"), cloud_params(scope, **filters))


@report("costs-other-currencies", "report.costs_other_currencies")
def costs_other_currencies(db: Database, scope: Scope, *, month_from: dt.date | None = None,
                           month_to: dt.date | None = None, month: dt.date | None = None,
                           **_ignored) -> pd.DataFrame:
    """The scope's invoice lines not in EUR, by month and currency: what every EUR total
    leaves out (with the month's rate and EUR value where a rate is given)."""
    if scope.is_empty:
        return pd.DataFrame(columns=OTHER_CURRENCY_COLUMNS)
    if month is not None:
        month_from = month_to = month
    return db.query(rounded_sql(load_sql("cloud/other_currencies"), ("amount", "amount_eur")),
                    scoped_params(scope, month_from=month_from, month_to=month_to))[OTHER_CURRENCY_COLUMNS]


@report("costs-not-converted", "report.costs_not_converted", exportable=False)
def costs_not_converted(db: Database, scope: Scope, *, month_from: dt.date | None = None,
                        month_to: dt.date | None = None, month: dt.date | None = None,
                        **_ignored) -> pd.DataFrame:
    """Per currency: the scope's invoice lines not in EUR whose month has no rate, their exact
    sum rounded once (what the EUR totals leave out, over any number of months)."""
    if scope.is_empty:
        return pd.DataFrame(columns=NOT_CONVERTED_COLUMNS)
    if month is not None:
        month_from = month_to = month
    return db.query(rounded_sql(load_sql("cloud/not_converted"), ("amount",)),
                    scoped_params(scope, month_from=month_from, month_to=month_to))[NOT_CONVERTED_COLUMNS]


@report("costs-with-cloud", "report.costs_with_cloud")
def costs_with_cloud(db: Database, scope: Scope, *, month_from: dt.date | None = None, month_to: dt.date | None = None,
                     month: dt.date | None = None, cost_centres: Iterable[str] | None = None, **filters) -> pd.DataFrame:
    """By month: the operator's own costs in EUR beside the cloud costs converted to EUR."""
    filters.update(month_from=month_from, month_to=month_to, month=month, cost_centres=cost_centres)
    if scope.is_empty:
        return pd.DataFrame(columns=WITH_CLOUD_COLUMNS)
    p = cloud_params(scope, **filters)
    return _query(db, load_sql("cloud/costs_with_cloud"), p)[WITH_CLOUD_COLUMNS]
