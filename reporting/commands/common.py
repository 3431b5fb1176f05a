"""Arguments shared by several commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH",
                        help="DuckDB database file (default: $REPORTING_DB or data/reporting.duckdb)")


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


STDOUT = "-"


def add_out_argument(parser: argparse.ArgumentParser, *, flag: str = "--out", what: str = "output file",
                     default_stdout: bool = True) -> None:
    """An option naming one output file; ``-`` is standard output, as for every Unix tool."""
    default = "default: standard output" if default_stdout else "no default"
    parser.add_argument(flag, metavar="FILE",
                        help=f"{what} ('-' = standard output; an existing folder: a file named after "
                             f"the content in it; {default})")


def write_output(data: bytes, out: str | None, default_name: str | None = None) -> str | None:
    """Write ``data`` to ``out``: standard output for None or ``-``; into an existing folder as
    ``default_name``; otherwise to the file. Returns the path written, None for standard
    output."""
    if out is None or out == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    path = Path(out)
    if path.is_dir() and default_name:
        path = path / default_name
    path.write_bytes(data)
    return str(path)
