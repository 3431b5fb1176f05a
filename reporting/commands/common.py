"""Arguments shared by several commands."""

from __future__ import annotations

import argparse
import datetime as dt


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH",
                        help="DuckDB database file (default: $REPORTING_DB or data/reporting.duckdb)")


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
