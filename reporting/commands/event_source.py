"""python -m reporting event-source: create a live-event source for an organisation (prints
its token once) or list the sources."""

from __future__ import annotations

import argparse
import sys

from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database

NAME = "event-source"
ORDER = 83
HELP = "Create a source of live service events for --org (prints its token once), or --list the sources."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", help="organisation id")
    p.add_argument("--name", help="what the source is, e.g. alertmanager-prod")
    p.add_argument("--list", action="store_true", help="list the sources (of --org, or all)")
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    from reporting.services.live import create_source, sources

    db_path = config.db_path(args.db)
    state_path = config.state_path(db_path)
    if args.list:
        print(sources(args.org, state_path).to_string(index=False))
        return 0
    if not args.org or not args.name:
        print("error: give --org and --name (or --list)", file=sys.stderr)
        return 2
    db = Database(db_path)
    try:
        if not db.rows("SELECT 1 FROM organisations WHERE org_id = ?", [args.org]):
            print(f"error: no organisation {args.org!r} in {db.path}", file=sys.stderr)
            return 2
    finally:
        db.close()
    source_id, token = create_source(args.org, args.name, state_path)
    print(f"source {source_id} for {args.org}; its token (shown once, keep it secret):\n{token}")
    return 0
