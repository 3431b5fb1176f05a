"""Derived tables, rebuilt by every load (the importer and the demo generator alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from reporting.core.sqlfiles import load_sql


def derive_usage_monthly(con: duckdb.DuckDBPyConnection, org_ids: Sequence[str]) -> None:
    orgs = list(org_ids)
    con.execute(load_sql("ingest/clear_usage_monthly"), {"org_ids": orgs})
    con.execute(load_sql("ingest/derive_usage_monthly"), {"org_ids": orgs})
    derive_usage_subscription_monthly(con, orgs)


def derive_usage_subscription_monthly(con: duckdb.DuckDBPyConnection, org_ids: Sequence[str]) -> None:
    """usage_monthly per subscription and month with the usage types side by side (the usage
    reports' input); rebuilt with usage_monthly, so every loader gets it."""
    orgs = list(org_ids)
    con.execute(load_sql("ingest/clear_usage_subscription_monthly"), {"org_ids": orgs})
    con.execute(load_sql("ingest/derive_usage_subscription_monthly"), {"org_ids": orgs})


def derive_invoices(con: duckdb.DuckDBPyConnection, org_ids: Sequence[str],
                    months: Sequence[dt.date] | None = None) -> None:
    """Invoices from charge lines (their numbers from views.sql's invoice_number_of, which
    the reports use for each line too).

    ``months``: only these invoice months changed (an import replaces whole months), so only
    their invoices are rebuilt; None rebuilds every month.
    """
    p = {"org_ids": list(org_ids), "all_months": months is None, "months": list(months or [])}
    con.execute(load_sql("ingest/clear_invoices"), p)
    con.execute(load_sql("ingest/derive_invoices"), p)
