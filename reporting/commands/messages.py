"""python -m reporting messages: the month's Saldoviesti outbox for the SMS gateway."""

from __future__ import annotations

import argparse
import sys

from reporting.access.scope import Scope
from reporting.commands.common import add_db_argument, add_out_argument, write_output
from reporting.commands.export import parse_month
from reporting.core import config
from reporting.core.db import Database
from reporting.messages.saldoviesti import latest_month, messages_of, outbox_csv

NAME = "messages"
ORDER = 40
HELP = ("Write the Saldoviesti outbox of an organisation for a month: a CSV with phone number "
        "(E.164), language, text and SMS segments; opted-out subscriptions are left out.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", required=True, help="organisation id")
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM",
                   help="the invoice month (default: the latest)")
    add_out_argument(p)
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    db = Database(config.db_path(args.db), args.org)
    try:
        if not db.rows("SELECT 1 FROM organisations WHERE org_id = ?", [args.org]):
            print(f"error: no organisation {args.org!r} in {db.path}", file=sys.stderr)
            return 2
        month = args.month or latest_month(db, args.org)
        messages = messages_of(db, Scope.organisation(args.org), month)
    finally:
        db.close()
    data = outbox_csv(messages)
    sent = int((~messages.opted_out.astype(bool)).sum()) if len(messages) else 0
    segments = int(messages[~messages.opted_out.astype(bool)].segments.sum()) if len(messages) else 0
    write_output(data, args.out, f"saldoviesti_{args.org}_{month:%Y-%m}.csv")
    print(f"{sent} messages ({segments} SMS segments) for {args.org} {month:%m/%Y}; "
          f"{len(messages) - sent} opted out.", file=sys.stderr)
    return 0
