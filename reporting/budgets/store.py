"""Writing budgets from the budgets page: one organisation's year at a time.

The page shows a year as a sheet: a row for the organisation and one per cost centre, a
column for the year budget and one per month. Saving replaces every budget of that
organisation in that year with the sheet's non-empty cells, in one write of the analytical
database (the same table the ``budgets`` import kind loads). Only the operator and the
organisation's main user may.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from reporting.access.permissions import may_manage_org
from reporting.access.scope import User
from reporting.core.db import Database, write_transaction
from reporting.core.sqlfiles import load_sql

MONTH_COLUMNS = [f"m{m:02d}" for m in range(1, 13)]
SHEET_COLUMNS = ["cost_centre", "cost_centre_name", "year_budget", *MONTH_COLUMNS]
MAX_BUDGET = Decimal("1000000000")
CENT = Decimal("0.01")


class BudgetError(ValueError):
    """A budget the writer refuses: ``key`` (i18n) and its values name the row and column."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(f"{key}: {values}")


@dataclass(frozen=True)
class Budget:
    cost_centre: str | None      # None: the whole organisation
    period_kind: str             # 'month' or 'year'
    period_start: dt.date
    amount: Decimal


# what a cell may hold as typed in each language (the editor checks it in the browser too)
CELL_PATTERN = {"fi": r"^\s*[0-9][0-9 \u00a0]*([.,][0-9]{1,2})?\s*$",
                "en": r"^\s*[0-9][0-9,]*(\.[0-9]{1,2})?\s*$"}


def _amount(value: object, *, centre: str | None, column: str, lang: str = "fi") -> Decimal | None:
    """A cell's amount: Finnish ``1 234,50`` (also ``1234.5``), English ``1,234.50``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    text = text.replace(",", "") if lang == "en" else text.replace(",", ".")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BudgetError("budgets.error.not_a_number", centre=centre, column=column, value=str(value)) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_BUDGET:
        raise BudgetError("budgets.error.out_of_range", centre=centre, column=column, value=str(value))
    return amount.quantize(CENT, ROUND_HALF_UP)


def sheet_budgets(sheet: pd.DataFrame, year: int, lang: str = "fi") -> list[Budget]:
    """The budgets a year's sheet holds (its non-empty cells, numbers or text typed in
    ``lang``). Raises BudgetError for a cell that is not an amount of zero or more."""
    out: list[Budget] = []
    for row in sheet.itertuples(index=False):
        centre = row.cost_centre if isinstance(row.cost_centre, str) and row.cost_centre else None
        year_amount = _amount(row.year_budget, centre=centre, column="year_budget", lang=lang)
        if year_amount is not None:
            out.append(Budget(centre, "year", dt.date(year, 1, 1), year_amount))
        for m, col in enumerate(MONTH_COLUMNS, start=1):
            amount = _amount(getattr(row, col), centre=centre, column=col, lang=lang)
            if amount is not None:
                out.append(Budget(centre, "month", dt.date(year, m, 1), amount))
    return out


def year_sheet(db: Database, org_id: str, year: int) -> pd.DataFrame:
    """The sheet of ``year``: the organisation's row first, then every centre in code order,
    with the stored budgets in their cells (empty where none)."""
    centres = db.query(load_sql("budgets/budget_editor_centres"), {"org_id": org_id})
    stored = db.query(load_sql("budgets/budgets_visible"), {
        "org_id": org_id, "cc_all": True, "ccs": [], "sub_all": True, "subs": [],
        "year_from": dt.date(year, 1, 1), "year_to": dt.date(year, 1, 1)})
    cells: dict[tuple[str | None, str], float] = {}
    for r in stored.itertuples():
        centre = r.cost_centre if isinstance(r.cost_centre, str) else None
        col = "year_budget" if r.period_kind == "year" else MONTH_COLUMNS[pd.Timestamp(r.period_start).month - 1]
        cells[(centre, col)] = float(r.budget)
    rows = [{"cost_centre": None, "cost_centre_name": None}]
    rows += [{"cost_centre": r.code, "cost_centre_name": r.name} for r in centres.itertuples()]
    for row in rows:
        for col in ["year_budget", *MONTH_COLUMNS]:
            row[col] = cells.get((row["cost_centre"], col))
    df = pd.DataFrame(rows, columns=SHEET_COLUMNS)
    for col in ["year_budget", *MONTH_COLUMNS]:
        df[col] = df[col].astype("float64")
    return df


def editor_sheet(actor: User | None, db: Database, org_id: str | None, year: int) -> pd.DataFrame | None:
    """The sheet of ``year`` for the editor, None unless ``actor`` may set the budgets."""
    if not org_id or not may_manage_org(actor, org_id):
        return None
    return year_sheet(db, org_id, year)


def save_year(db: Database | Path, user: User | None, org_id: str, year: int,
              budgets: Iterable[Budget]) -> int:
    """Replace the organisation's budgets of ``year`` with ``budgets``, in one write.
    Returns how many budgets the year now has."""
    if not may_manage_org(user, org_id):
        raise BudgetError("budgets.error.not_allowed")
    items = list(budgets)
    for b in items:
        if b.period_start.year != year:
            raise BudgetError("budgets.error.other_year", year=year)
    path = Path(db.path if isinstance(db, Database) else db)
    with write_transaction(path, orgs=[org_id], changes_rule_inputs=False) as con:
        known = {r[0] for r in con.execute(load_sql("budgets/budget_centre_codes"), {"org": org_id}).fetchall()}
        for b in items:
            if b.cost_centre is not None and b.cost_centre not in known:
                raise BudgetError("budgets.error.unknown_centre", centre=b.cost_centre)
        con.execute(load_sql("budgets/budget_delete_year"), {"org": org_id, "year_start": dt.date(year, 1, 1)})
        for b in items:
            con.execute(load_sql("budgets/budget_insert"), {
                "org": org_id, "cost_centre": b.cost_centre, "period_kind": b.period_kind,
                "period_start": b.period_start, "amount": b.amount})
    return len(items)

