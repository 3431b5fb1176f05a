"""The operator's view across organisations (issue 20): every organisation with its headline
figures, read from the per-organisation monthly summary (``org_summary``), never from any
organisation's lines, so it costs the same whether the data is one file or a catalogue of
tens of thousands of tenant stores (reporting/core/db/stores.py)."""

from __future__ import annotations

import pandas as pd

from reporting.core.db import Database
from reporting.core.money import rounded_sql
from reporting.core.sqlfiles import load_sql

COLUMNS = ["org_id", "name", "business_id", "last_month", "cost_last_month", "cost_prev_month",
           "change_prev_month", "lines_last_month", "months"]


def organisation_overview(db: Database) -> pd.DataFrame:
    """One row per organisation, the largest last month first: ``db`` is the single file or a
    store root's catalogue. Only for a user who sees every organisation (the caller checks)."""
    sql = rounded_sql(load_sql("costs/organisation_overview"), ["cost_last_month", "cost_prev_month"])
    return db.query(sql)[COLUMNS]
