"""python -m reporting monthly-report: the automatic monthly service report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from reporting.commands.common import add_db_argument
from reporting.commands.export import parse_month
from reporting.core import config
from reporting.core.db import Database
from reporting.messages.saldoviesti import latest_month

NAME = "monthly-report"
ORDER = 50
HELP = ("Write the monthly service report of an organisation (or --all): a self-contained HTML "
        "file with embedded charts and the CSV file behind each table. With --all, an "
        "organisation that cannot be reported is named and the others are written (exit 1).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--org", help="organisation id")
    who.add_argument("--all", action="store_true", help="every organisation in the database")
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM",
                   help="the invoice month (default: the latest in the data)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--lang", choices=config.LANGUAGES, default="fi", help="language (default: fi)")
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    from reporting.publish.monthly_report import write_monthly_report

    db = Database(config.db_path(args.db))
    try:
        known = [r[0] for r in db.rows("SELECT org_id FROM organisations ORDER BY org_id")]
        orgs = known if args.all else [args.org]
        if not args.all and args.org not in known:
            print(f"error: no organisation {args.org!r} in {db.path}", file=sys.stderr)
            return 2
        failed = 0
        for org in tqdm(orgs, desc="monthly reports", unit="org", file=sys.stderr,
                        disable=len(orgs) < 2 and None):
            # one organisation's problem is reported and the others are still written
            month = args.month or latest_month(db, org)
            if month is None:
                print(f"error: {org}: no invoiced month yet (no charges); give --month to write "
                      f"an empty report", file=sys.stderr)
                failed += 1
                continue
            try:
                folder = write_monthly_report(db, org, month, Path(args.out), lang=args.lang)
            except Exception as exc:      # reported per organisation; the rest go on
                print(f"error: {org} {month:%Y-%m}: {type(exc).__name__}: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"{org} {month:%Y-%m}: {folder / 'report.html'}")
    finally:
        db.close()
    if failed:
        print(f"{failed} of {len(orgs)} organisation(s) not written", file=sys.stderr)
    return 1 if failed else 0
