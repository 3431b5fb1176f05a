"""The one rounding rule for money (issue 15; docs/reports.md, "The rounding rule").

Amounts are summed exactly as stored (DuckDB DECIMAL, ten decimals) and rounded once, to the
cent, half away from zero (Python's ``ROUND_HALF_UP``, DuckDB's ``round`` on a DECIMAL), where
a figure leaves a report: a row's amount is the exact sum of its lines rounded once, and a
total is the exact sum of all its lines rounded once, never a sum of rounded rows.

DuckDB hands DECIMAL to pandas as float64, which cannot hold every exact sum, so the rounding
is done in SQL, around a report's query (``rounded_sql``, ``total_sql``), before any float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENTS = 2
CENT = Decimal(1).scaleb(-CENTS)


def to_cents(value: Decimal | int | str) -> Decimal:
    """An exact amount rounded once to the cent, half away from zero."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rounded_sql(sql: str, columns: Iterable[str]) -> str:
    """``sql`` with each of ``columns`` (exact DECIMAL sums) rounded once to the cent; the
    other columns and the row order as they were."""
    cols = list(columns)
    if not cols:
        return sql
    replace = ", ".join(f'round("{c}", {CENTS}) AS "{c}"' for c in cols)
    return f"SELECT * REPLACE ({replace}) FROM (\n{sql}\n) AS exact_amounts"  # noqa: S608 (our columns, our SQL)


def total_sql(sql: str, column: str = "amount") -> str:
    """One row: how many rows ``sql`` gives and the exact sum of their ``column``, rounded
    once to the cent (NULL sum when there are no rows)."""
    return (f'SELECT count(*) AS "rows", round(sum("{column}"), {CENTS}) AS "amount" '  # noqa: S608
            f"FROM (\n{sql}\n) AS exact_amounts")


def allocated_sql(sql: str, key: str, column: str = "amount", others: Iterable[str] = (),
                  limit_param: str | None = None) -> str:
    """``sql``'s rows, which split one total between them (the rows of a cost-centre or
    subscription table), with ``column`` allocated to the cent by the largest remainder: each
    row gets its exact amount rounded down to the cent, and the cents still missing to the
    exact total rounded once go one each to the rows with the largest remainders (ties by
    ``key``). So the rows add up to the total exactly, and no row is more than a cent from its
    own exact amount. ``others`` are rounded once each. Rows ordered by the exact amount,
    largest first, then ``key`` (the order the report queries use); ``limit_param`` keeps the
    first $limit rows after the allocation over all of them."""
    other = "".join(f', round("{c}", {CENTS}) AS "{c}"' for c in others)
    limit = f"\nLIMIT ${limit_param}" if limit_param else ""
    return f"""SELECT * EXCLUDE (_exact, _floor, _rank, _units)
       REPLACE (_floor + CASE WHEN _rank <= _units THEN {CENT} ELSE 0 END AS "{column}"{other})
FROM (
    SELECT *, row_number() OVER (ORDER BY _exact - _floor DESC, "{key}" NULLS LAST) AS _rank,
           round((sum(_exact) OVER () - sum(_floor) OVER ()) * {10 ** CENTS})::BIGINT AS _units
    FROM (SELECT *, "{column}" AS _exact, floor("{column}" * {10 ** CENTS}) * {CENT} AS _floor
          FROM (
{sql}
) AS exact_amounts) AS floored
) AS ranked
ORDER BY _exact DESC, "{key}" NULLS LAST{limit}"""  # noqa: S608 (our columns, our SQL)
