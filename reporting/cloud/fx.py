"""Exchange rates to EUR per organisation, currency and month (``fx_rates``), stored by the
operator or the organisation's main user (``python -m reporting fx-rates``, or a CSV file of
``currency;month;eur_per_unit``). Cloud reports convert a line with the rate of its currency
and invoice month, beside its amount in the billing currency; nothing is converted without a
rate, and reports that total EUR say what they left out (reporting.cloud.reports)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from reporting.access.permissions import may_manage_org
from reporting.access.scope import Scope, User
from reporting.core.db import Database, write_transaction
from reporting.core.registry import report
from reporting.core.sqlfiles import load_sql

RATE_COLUMNS = ["currency", "month", "eur_per_unit"]
_CURRENCY = re.compile(r"[A-Z]{3}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class RateError(ValueError):
    """A rate that is refused: it names the source (file and row) and what is wrong."""


def parse_rate(currency: str, month: str, rate: str, where: str) -> tuple[str, dt.date, Decimal]:
    """One rate from text: ISO currency (not EUR), month YYYY-MM, a positive number (a decimal
    comma is accepted). ``where`` names the source in the message."""
    cur = currency.strip().upper()
    if not _CURRENCY.fullmatch(cur) or cur == "EUR":
        raise RateError(f"{where}: currency {currency!r} is not a three-letter ISO code other than EUR.")
    m = _MONTH.fullmatch(month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise RateError(f"{where}: month {month!r} is not YYYY-MM.")
    text = rate.strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or not re.fullmatch(r"\d+(\.\d{1,10})?", text):
        raise RateError(f"{where}: rate {rate!r} is not a positive number with at most 10 decimals "
                        f"(EUR per one {cur}).")
    return cur, dt.date(int(m.group(1)), int(m.group(2)), 1), value


def read_rates_file(path: Path) -> list[tuple[str, dt.date, Decimal]]:
    """Rates from a CSV file with the columns currency, month, eur_per_unit (; or ,)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    delim = ";" if text.count(";") >= text.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    if not rows:
        raise RateError(f"{path.name}: the file is empty.")
    head = [h.strip().casefold() for h in rows[0]]
    try:
        ci, mi, ri = (head.index(c) for c in ("currency", "month", "eur_per_unit"))
    except ValueError:
        raise RateError(f"{path.name}: the header needs the columns currency, month and eur_per_unit.") from None
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) <= max(ci, mi, ri):
            raise RateError(f"{path.name}, row {n}: {len(row)} columns, the header has {len(head)}.")
        for col, i in (("currency", ci), ("month", mi), ("eur_per_unit", ri)):
            if not row[i].strip():
                raise RateError(f"{path.name}, row {n}, column {col}: empty.")
        out.append(parse_rate(row[ci], row[mi], row[ri], f"{path.name}, row {n}"))
    return out


def save_rates(db: Database | Path, user: User | None, org_id: str,
               rates: Iterable[tuple[str, dt.date, Decimal]]) -> int:
    """Store ``rates`` for ``org_id`` in one write (a rate of the same currency and month is
    replaced). Only the operator or the organisation's main user may. Returns the count."""
    if not may_manage_org(user, org_id):
        raise RateError("You may not set this organisation's exchange rates.")
    rates = list(rates)
    if not rates:
        return 0
    path = Path(db.path if isinstance(db, Database) else db)
    with write_transaction(path, orgs=[org_id], changes_rule_inputs=False) as con:
        con.execute(load_sql("cloud/fx_rates_set"), {
            "org": org_id, "currencies": [r[0] for r in rates], "months": [r[1] for r in rates],
            "rates": [r[2] for r in rates]})
    return len(rates)


@report("cloud-fx-rates", "report.cloud_fx_rates")
def fx_rates(db: Database, scope: Scope, **_ignored) -> pd.DataFrame:
    """The organisation's exchange rates (EUR per unit) by currency and month."""
    if scope.is_empty:
        return pd.DataFrame(columns=RATE_COLUMNS)
    return db.query(load_sql("cloud/fx_rates_rows"), scope.params())[RATE_COLUMNS]
