"""Loading the batch's Parquet (reporting.spark.job) into an analytical store: one write
transaction per organisation (reporting.core.db.write_transaction, declaring the organisation,
so only its data version changes and the other organisations' caches stay warm).

What an organisation's partitions replace, month by month, as an import of the same files
would: its native and demo charge lines and their invoices, its daily usage and the two
monthly usage tables. The batch's own derived tables are loaded as they are (``invoices``,
``usage_monthly``, ``usage_subscription_monthly``), not computed again; ``cost_monthly`` is the
store's summary of all its lines, which every write transaction derives before it commits
(reporting/sql/core/derive_cost_monthly.sql), so the batch's ``cost_monthly`` Parquet is the
operator's cross-tenant copy and is not loaded. A month that also holds FOCUS (cloud) lines,
which the batch does not carry, has its invoices derived again from all its lines.

Only DuckDB reads the Parquet here: the loader needs no Spark and no Java.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reporting.core.db import bind_params, write_transaction
from reporting.core.sqlfiles import load_sql
from reporting.ingest.derive import derive_invoices
from reporting.ingest.model import ImportError_

# the tables loaded, in this order (charges before their invoices)
LOADED = ("charges", "invoices", "usage_daily", "usage_monthly", "usage_subscription_monthly")


@dataclass
class LoadResult:
    organisations: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)      # table -> rows loaded (all organisations)


def partitions(out: Path) -> dict[str, dict[str, dict[dt.date, list[Path]]]]:
    """organisation -> table -> month -> its Parquet files, from the folder names."""
    found: dict[str, dict[str, dict[dt.date, list[Path]]]] = {}
    for table in LOADED:
        for org_dir in sorted((Path(out) / table).glob("organisation=*")):
            org = org_dir.name.split("=", 1)[1]
            for month_dir in sorted(org_dir.glob("month=*")):
                month = dt.date.fromisoformat(month_dir.name.split("=", 1)[1] + "-01")
                files = sorted(month_dir.glob("part-*.parquet"))
                if files:
                    found.setdefault(org, {}).setdefault(table, {})[month] = files
    return found


def _run(con, name: str, params: dict) -> None:
    sql = load_sql(name)
    con.execute(sql, bind_params(sql, params))


def load_batch(out: Path, db: Path, orgs: Iterable[str] | None = None) -> LoadResult:
    """Load the batch output under ``out`` into the store ``db``, one organisation at a time
    (``orgs``: only these). Raises ImportError_ for an organisation the store does not hold."""
    found = partitions(Path(out))
    wanted = sorted(found if orgs is None else set(orgs) & set(found))
    result = LoadResult(organisations=wanted)
    for org in wanted:
        tables = found[org]
        with write_transaction(db, orgs=[org]) as con:
            exists = con.execute(load_sql("ingest/organisation_exists"), {"org_id": org}).fetchall()[0][0]
            if not exists:
                raise ImportError_(f"The organisation {org!r} does not exist in {db}; nothing was loaded for it.")
            for table in LOADED:
                if table not in tables:
                    continue
                months = sorted(tables[table])
                files = [str(f) for m in months for f in tables[table][m]]
                params = {"org": org, "months": months, "files": files}
                _run(con, f"spark/clear_{table}", params)
                before = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608 (LOADED)
                _run(con, f"spark/load_{table}", params)
                after = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
                result.rows[table] = result.rows.get(table, 0) + after - before
            if "invoices" in tables:
                sql = load_sql("spark/other_lines_months")
                mixed = [r[0] for r in con.execute(sql, bind_params(sql, {"org": org, "months": sorted(tables["invoices"])})).fetchall()]
                if mixed:
                    derive_invoices(con, [org], mixed)
            now = dt.datetime.now().replace(microsecond=0).isoformat()
            con.execute(load_sql("core/dataset_set"), {"key": "last_import", "value": now})
    return result
