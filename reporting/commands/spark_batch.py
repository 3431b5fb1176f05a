"""python -m reporting spark-batch: the operator-wide monthly batch on Apache Spark."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from reporting.ingest.model import DEFAULT_MAX_AMOUNT

NAME = "spark-batch"
ORDER = 25
HELP = ("Check a billing system's operator-wide charges and usage files (every organisation, an "
        "org_id column) on Apache Spark, write the lines and derived tables as Parquet per "
        "organisation and month, and optionally load them into a store. Exits non-zero when "
        "any row is rejected (then nothing is written).")
EPILOG = """Output: OUT/<table>/organisation=<id>/month=<YYYY-MM>/part-*.parquet for charges, invoices,
cost_monthly, usage_daily, usage_monthly and usage_subscription_monthly. Rejected rows: OUT.rejects.csv.
Needs Java (make java). docs/architecture.md, "Operator-wide batch on Spark"."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.add_argument("--input", nargs="+", required=True, type=Path, metavar="FILE",
                   help="charges and usage CSV files (the import contract plus org_id)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="the output folder")
    p.add_argument("--master", default="local[2]",
                   help="Spark master: local[N] (default local[2]) or spark://host:7077 for a cluster")
    p.add_argument("--load", type=Path, metavar="DB", help="load the output into this analytical store")
    p.add_argument("--reference", type=Path, metavar="DB",
                   help="the store whose organisations, subscriptions and cost centres the rows are "
                        "checked against (default: --load)")
    p.add_argument("--today", type=dt.date.fromisoformat, help="the current day for the date checks (YYYY-MM-DD)")
    p.add_argument("--max-amount", type=Decimal, default=DEFAULT_MAX_AMOUNT,
                   help=f"largest accepted absolute amount (default {DEFAULT_MAX_AMOUNT})")


def run(args: argparse.Namespace) -> int:
    reference = args.reference or args.load
    if reference is None:
        print("error: give --reference DB (or --load DB) to check the rows against", file=sys.stderr)
        return 2
    from reporting.spark.job import BatchError, quiet, run_batch, session  # Spark only when asked
    spark = quiet(session(args.master))
    try:
        result = run_batch(spark, args.input, args.out, reference, today=args.today, max_amount=args.max_amount)
    except BatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    if not result.ok:
        print(f"rejected: {result.rows_rejected or len(result.problems)} row(s) or header problem(s); "
              f"nothing was written. Report: {result.rejects_path}", file=sys.stderr)
        for p in result.problems[:20]:
            print(f"  {p.message('en')}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{k} {v:,}" for k, v in result.rows.items())
    print(f"checked {rows} lines of {len(result.organisations)} organisation(s), {len(result.months)} month(s) "
          f"in {result.seconds:.1f} s; written to {result.out}")
    if args.load:
        from reporting.spark.load import load_batch
        loaded = load_batch(args.out, args.load)
        print(f"loaded into {args.load}: " + ", ".join(f"{k} {v:,}" for k, v in loaded.rows.items()))
    return 0
