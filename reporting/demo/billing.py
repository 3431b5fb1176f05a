"""Demo invoice lines: monthly fees, usage over the allowances, roaming, one-time purchases
and organisation-level lines, priced in DuckDB SQL from the usage, and the invoices."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from reporting.core.sqlfiles import load_sql
from reporting.ingest.derive import derive_invoices

if TYPE_CHECKING:
    from reporting.demo.generator import Period


def one_time_charges(subs: pd.DataFrame, period: Period, rng: np.random.Generator) -> pd.DataFrame:
    """Device purchases and SIM changes: (org, month, subscription, description, amount)."""
    n, m = len(subs), len(period.months)
    voice = subs.service_type.isin(["mobile_voice", "mobile_broadband"]).to_numpy()
    device = (rng.random((n, m)) < 0.007) & voice[:, None]
    sim = rng.random((n, m)) < 0.006
    rows = []
    for mask, desc, prices in ((device, "Puhelin", (299.0, 449.0, 749.0, 1099.0)),
                               (sim, "SIM-kortin vaihto", (15.0,))):
        si, mi = np.nonzero(mask)
        rows.append(pd.DataFrame({
            "sidx": si, "month_idx": mi, "description": desc,
            "amount": rng.choice(np.array(prices), size=len(si)),
        }))
    out = pd.concat(rows, ignore_index=True)
    months = np.array(period.months, dtype="datetime64[D]")
    out["invoice_month"] = pd.to_datetime(months[out.month_idx]).date
    out["org_id"] = subs.org_id.to_numpy()[out.sidx]
    out["subscription_id"] = subs.subscription_id.to_numpy()[out.sidx]
    # only while the subscription is open
    opened = subs.opened_on.to_numpy()[out.sidx]
    closed = subs.closed_on.to_numpy()[out.sidx]
    ok = (opened <= out.invoice_month) & np.array(
        [c is None or pd.isna(c) or c >= mth for c, mth in zip(closed, out.invoice_month, strict=True)])
    return out[ok][["org_id", "invoice_month", "subscription_id", "description", "amount"]]


def write_charges(con: duckdb.DuckDBPyConnection, subs: pd.DataFrame, period: Period,
                  rng: np.random.Generator, org_ids: list[str]) -> None:
    """The invoice lines of every subscription and month (reporting/sql/demo/charges.sql), the
    organisation-level lines (org_charges.sql) and the invoices, derived as an import does."""
    gen_one_time = one_time_charges(subs, period, rng)
    con.register("gen_one_time", gen_one_time)
    try:
        months = list(period.months)
        con.execute(load_sql("core/overage_macros"))
        con.execute(load_sql("demo/charges"), {"months": months})
        con.execute(load_sql("demo/org_charges"), {"months": months})
    finally:
        con.unregister("gen_one_time")
    derive_invoices(con, org_ids)
