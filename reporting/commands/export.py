"""python -m reporting export REPORT: any registered report to CSV, XLSX or Parquet.

The page and the CLI call the same report function (reporting.core.registry registry), so an
export equals what the page shows for the same filters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import re
import sys

from reporting.access.scope import Scope
from reporting.commands.common import add_db_argument, add_out_argument, write_output
from reporting.core import config
from reporting.core.db import Database
from reporting.core.months import month_start
from reporting.core.registry import all_reports
from reporting.publish.export import FORMATS, export_bytes, file_name

NAME = "export"
ORDER = 30
HELP = "Export a report for an organisation as CSV (international or Finnish Excel), XLSX or Parquet."


def parse_month(value: str) -> dt.date:
    """2026-03, 3/2026, 03/2026 or any date in the month -> the first day of the month."""
    value = value.strip()
    for pattern, order in ((r"(\d{4})-(\d{1,2})", "ym"), (r"(\d{1,2})/(\d{4})", "my")):
        m = re.fullmatch(pattern, value)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            year, month = (a, b) if order == "ym" else (b, a)
            if 1 <= month <= 12:
                return dt.date(year, month, 1)
    try:
        return month_start(dt.date.fromisoformat(value))
    except ValueError:
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
        if m:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), 1)
            except ValueError:
                pass
    raise argparse.ArgumentTypeError(f"expected a month as YYYY-MM or M/YYYY, got {value!r}")


def _epilog() -> str:
    lines = ["reports:"]
    for name, spec in all_reports().items():
        if spec.exportable:
            doc = (inspect.getdoc(spec.func) or "").split("\n")[0]
            lines.append(f"  {name:28} {doc}")
    return "\n".join(lines) + "\n"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = _epilog()
    p.add_argument("report", metavar="REPORT", help="the report's name (listed below)")
    p.add_argument("--org", required=True, help="organisation id")
    p.add_argument("--from", dest="month_from", type=parse_month, metavar="YYYY-MM",
                   help="first month (default: the report's own default period)")
    p.add_argument("--to", dest="month_to", type=parse_month, metavar="YYYY-MM",
                   help="last month")
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM",
                   help="the month, for single-month reports (default: the latest month)")
    p.add_argument("--as", dest="as_email", metavar="EMAIL",
                   help="run the report as this account: only what its role and grants allow "
                        "(default: the operator's view of --org)")
    p.add_argument("--cost-centre", action="append", dest="cost_centres", metavar="CODE",
                   help="only this cost centre and its sub-centres (repeatable)")
    p.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    p.add_argument("--lang", choices=config.LANGUAGES, default="fi",
                   help="header language for xlsx (default: fi)")
    add_out_argument(p)
    add_db_argument(p)


def resolve_scope(args: argparse.Namespace, db: Database) -> Scope:
    """The scope the export runs in. Without --as the operator's view of --org; with
    --as EMAIL that active account's scope in --org (its current role and grants), the same
    Scope the app gives that person. An account of another organisation gets an error."""
    email = getattr(args, "as_email", None)
    if not email:
        return Scope.organisation(args.org)
    from reporting.access.accounts import find_account, load_user

    store = config.state_path(config.db_path(args.db))
    account = find_account(email, store)
    user = load_user(account.user_id, store) if account else None
    if user is None:
        print(f"error: no active account {email!r}", file=sys.stderr)
        raise SystemExit(2)
    scope = user.scope(args.org)
    if not scope.org_id:
        print(f"error: {email} has no access to organisation {args.org!r}", file=sys.stderr)
        raise SystemExit(2)
    return scope


def run(args: argparse.Namespace) -> int:
    reports = all_reports()
    spec = reports.get(args.report)
    if spec is None or not spec.exportable:
        names = ", ".join(n for n, s in reports.items() if s.exportable)
        print(f"error: unknown report {args.report!r}; choose one of: {names}", file=sys.stderr)
        return 2
    db = Database(config.db_path(args.db), args.org)
    try:
        if not db.rows("SELECT 1 FROM organisations WHERE org_id = ?", [args.org]):
            print(f"error: no organisation {args.org!r} in {db.path}", file=sys.stderr)
            return 2
        scope = resolve_scope(args, db)
        filters = {"month_from": args.month_from, "month_to": args.month_to, "month": args.month,
                   "cost_centres": tuple(args.cost_centres) if args.cost_centres else None}
        accepted = inspect.signature(spec.func).parameters
        unsupported = [k for k, v in filters.items() if v is not None and k not in accepted]
        if unsupported:
            flags = {"month_from": "--from", "month_to": "--to", "month": "--month",
                     "cost_centres": "--cost-centre"}
            print(f"error: report {args.report!r} does not take "
                  f"{', '.join(flags[k] for k in unsupported)}", file=sys.stderr)
            return 2
        df = spec.func(db, scope, **{k: v for k, v in filters.items() if v is not None})
    finally:
        db.close()
    data = export_bytes(df, args.format, args.lang)
    parts = [args.org] + [m.strftime("%Y-%m") for m in (args.month, args.month_from, args.month_to) if m]
    written = write_output(data, args.out, file_name(args.report, args.format, parts))
    if written:
        print(f"{len(df)} rows written to {written}", file=sys.stderr)
    return 0
