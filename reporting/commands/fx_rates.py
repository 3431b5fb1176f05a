"""python -m reporting fx-rates: store an organisation's exchange rates to EUR, per currency
and month, that the cloud reports convert with (reporting.cloud.fx)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

from reporting.access.scope import Role, Scope, User
from reporting.cloud.fx import RateError, fx_rates, parse_rate, read_rates_file, save_rates
from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database

NAME = "fx-rates"
ORDER = 25
HELP = ("Store exchange rates to EUR for an organisation (EUR per one unit, per currency and month): "
        "--set USD:2024-09=0.92 and/or --file rates.csv (columns currency, month, eur_per_unit); "
        "without them, list the stored rates.")
OPERATOR = User("cli:operator", "CLI", Role.OPERATOR)    # the command line runs as the operator


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", required=True, help="organisation id")
    p.add_argument("--set", dest="rates", action="append", default=[], metavar="CUR:YYYY-MM=RATE",
                   help="a rate, EUR per one unit of CUR in that month (repeatable)")
    p.add_argument("--file", type=Path, metavar="CSV", help="rates from a CSV file")
    add_db_argument(p)


def _parse(text: str) -> tuple:
    head, sep, rate = text.partition("=")
    cur, sep2, month = head.partition(":")
    if not sep or not sep2:
        raise RateError(f"--set {text!r}: write CUR:YYYY-MM=RATE, e.g. USD:2024-09=0.92.")
    return parse_rate(cur, month, rate, f"--set {text}")


def run(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    db = Database(path, args.org)
    try:
        if not db.rows("SELECT 1 FROM organisations WHERE org_id = ?", [args.org]):
            print(f"error: no organisation {args.org!r} in {db.path}", file=sys.stderr)
            return 2
    finally:
        db.close()
    try:
        rates = [_parse(r) for r in args.rates]
        if args.file:
            rates += read_rates_file(args.file)
        n = save_rates(path, OPERATOR, args.org, rates)
    except (RateError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if n:
        print(f"{n} exchange rates stored for {args.org}.", file=sys.stderr)
    db = Database(path, args.org)
    try:
        rows = fx_rates(db, Scope.organisation(args.org))
    finally:
        db.close()
    for r in rows.itertuples():
        print(f"{r.currency}:{r.month:%Y-%m}={Decimal(str(r.eur_per_unit)).normalize():f}")
    return 0
