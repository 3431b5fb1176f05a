"""python -m reporting tenants: one analytical store per organisation (issue 20,
reporting/core/db/stores.py): migrate a single database file into a store root, list its
tenants, publish a tenant's headline figures to the catalogue again."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reporting.core.db import DatabaseError, stores

NAME = "tenants"
ORDER = 12
HELP = ("One store per organisation: 'split --db FILE --out DIR' migrates a single database file "
        "into a store root (a catalogue and a DuckDB file per organisation, figures unchanged); "
        "'list --db DIR' lists the stores; 'publish --db DIR --org ID' copies an organisation's "
        "headline figures to the catalogue again.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    split = sub.add_parser("split", help="migrate a single database file into a store root")
    split.add_argument("--db", type=Path, required=True, help="the single database file (read)")
    split.add_argument("--out", type=Path, required=True, help="a new or empty directory")
    listing = sub.add_parser("list", help="the organisations' stores and their sizes")
    listing.add_argument("--db", type=Path, required=True, help="the store root")
    pub = sub.add_parser("publish", help="copy an organisation's headline figures to the catalogue")
    pub.add_argument("--db", type=Path, required=True, help="the store root")
    pub.add_argument("--org", required=True, help="organisation id")


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "split":
            started = time.perf_counter()
            orgs = stores.split_database(
                args.db, args.out, progress=lambda org: print(f"  {org}", file=sys.stderr))
            print(f"{len(orgs)} organisations split from {args.db} into {args.out} "
                  f"in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
            return 0
        if not stores.is_store_root(args.db):
            print(f"error: {args.db} is not a store root (a directory made by 'tenants split').",
                  file=sys.stderr)
            return 2
        if args.action == "list":
            for org in stores.tenant_ids(args.db):
                size = stores.tenant_path(args.db, org).stat().st_size
                print(f"{org}\t{size / 1e6:.1f} MB")
            return 0
        if args.org not in stores.tenant_ids(args.db):
            print(f"error: no store of {args.org!r} in {args.db}", file=sys.stderr)
            return 2
        stores.publish(args.db, args.org)
        print(f"{args.org}'s headline figures published to the catalogue.", file=sys.stderr)
        return 0
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
