"""Derived tables, rebuilt by every load (the importer and the demo generator alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from reporting.sqlfiles import load_sql


def derive_usage_monthly(con: duckdb.DuckDBPyConnection, org_ids: Sequence[str]) -> None:
    orgs = list(org_ids)
    con.execute("DELETE FROM usage_monthly WHERE list_contains($org_ids::VARCHAR[], org_id)",
                {"org_ids": orgs})
    con.execute(load_sql("derive_usage_monthly"), {"org_ids": orgs})
    derive_usage_subscription_monthly(con, orgs)


def derive_usage_subscription_monthly(con: duckdb.DuckDBPyConnection, org_ids: Sequence[str]) -> None:
    """usage_monthly per subscription and month with the usage types side by side (the usage
    reports' input); rebuilt with usage_monthly, so every loader gets it."""
    orgs = list(org_ids)
    con.execute("DELETE FROM usage_subscription_monthly WHERE list_contains($org_ids::VARCHAR[], org_id)",
                {"org_ids": orgs})
    con.execute(load_sql("derive_usage_subscription_monthly"), {"org_ids": orgs})


def create_invoice_macros(con: duckdb.DuckDBPyConnection) -> None:
    """``inv_number(org, month, currency)`` on this connection (reporting/sql/invoice_macros.sql)."""
    con.execute(load_sql("invoice_macros"))


def derive_invoices(con: duckdb.DuckDBPyConnection, org_ids: Sequence[str],
                    months: Sequence[dt.date] | None = None) -> None:
    """Invoices from charge lines, and each line stamped with its invoice number.

    ``months``: only these invoice months changed (an import replaces whole months), so only
    their invoices are rebuilt; None rebuilds every month. Lines already carrying the right
    number (the importer stamps them as it inserts) are not rewritten.
    """
    create_invoice_macros(con)
    p = {"org_ids": list(org_ids), "all_months": months is None, "months": list(months or [])}
    con.execute("DELETE FROM invoices WHERE list_contains($org_ids::VARCHAR[], org_id) "
                "AND ($all_months OR list_contains($months::DATE[], invoice_month))", p)
    con.execute(load_sql("derive_invoices"), p)
    con.execute(
        """UPDATE charges c SET invoice_number = i.invoice_number
           FROM invoices i
           WHERE c.org_id = i.org_id AND c.invoice_month = i.invoice_month
             AND c.currency = i.currency AND list_contains($org_ids::VARCHAR[], c.org_id)
             AND ($all_months OR list_contains($months::DATE[], c.invoice_month))
             AND c.invoice_number IS DISTINCT FROM i.invoice_number""",
        p,
    )
