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
           ((round(sum(_exact) OVER (), {CENTS}) - sum(_floor) OVER ()) * {10 ** CENTS})::BIGINT AS _units
    FROM (SELECT *, "{column}" AS _exact, floor("{column}" * {10 ** CENTS}) * {CENT} AS _floor
          FROM (
{sql}
) AS exact_amounts) AS floored
) AS ranked
ORDER BY _exact DESC, "{key}" NULLS LAST{limit}"""  # noqa: S608 (our columns, our SQL)


def split_sql(sql: str, columns: Iterable[str], key: str, partition: Iterable[str] = (),
              order: str = "", derived: dict[str, str] | None = None) -> str:
    """``allocated_sql`` for several money columns at once and per ``partition`` (e.g. the
    billing currency): the rows of each partition split its totals, and each of ``columns`` is
    allocated to the cent by the largest remainder within the partition (ties by ``key``, an
    empty key last), so the rows of a partition add up to its exact totals rounded once.
    A NULL amount stays NULL. ``order`` is the ORDER BY clause of the result; it may name a
    column's exact amount as ``"_exact_<column>"``. ``derived``: columns computed from the
    allocated ones (column -> SQL expression naming them as ``{column}``), e.g.
    ``"{effective_amount} - {billed_amount}"``, so a row's figures agree with each other."""
    cols = list(columns)
    part = ", ".join(f'"{p}"' for p in partition)
    over = f"PARTITION BY {part}" if part else ""
    exact = "".join(f', "{c}" AS "_exact_{c}", floor("{c}" * {10 ** CENTS}) * {CENT} AS "_floor_{c}"'
                    for c in cols)
    ranked = "".join(
        f', row_number() OVER ({over} ORDER BY "_exact_{c}" - "_floor_{c}" DESC NULLS LAST, "{key}" NULLS LAST)'
        f' AS "_rank_{c}", ((coalesce(round(sum("_exact_{c}") OVER ({over}), {CENTS}), 0)'
        f' - coalesce(sum("_floor_{c}") OVER ({over}), 0)) * {10 ** CENTS})::BIGINT AS "_units_{c}"'
        for c in cols)
    helpers = ", ".join(f'"_{h}_{c}"' for c in cols for h in ("exact", "floor", "rank", "units"))
    share = {c: f'("_floor_{c}" + CASE WHEN "_rank_{c}" <= "_units_{c}" THEN {CENT} ELSE 0 END)' for c in cols}
    replace = ", ".join([*(f'{share[c]} AS "{c}"' for c in cols),
                         *(f'{expr.format(**share)} AS "{c}"' for c, expr in (derived or {}).items())])
    order_by = f"\nORDER BY {order}" if order else ""
    return f"""SELECT * EXCLUDE ({helpers}) REPLACE ({replace})
FROM (
    SELECT *{ranked}
    FROM (SELECT *{exact}
          FROM (
{sql}
) AS exact_amounts) AS floored
) AS ranked{order_by}"""  # noqa: S608 (our columns, our SQL)
