"""python -m reporting docs: load service documentation (Extrawiki) and list open comments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database
from reporting.services import documentation as docs_store

NAME = "docs"
ORDER = 50
HELP = ("Service documentation: load Markdown files (DIR/<service id or name>/<doc>.md) for an "
        "organisation, or list the open comments on needed changes.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="docs_action", metavar="ACTION", required=True)
    load = sub.add_parser("load", help="load (replace) the documents of the services found in DIR")
    load.add_argument("directory", metavar="DIR", type=Path)
    load.add_argument("--org", required=True, help="organisation id")
    add_db_argument(load)
    show = sub.add_parser("comments", help="list the open comments of an organisation")
    show.add_argument("--org", required=True, help="organisation id")
    show.add_argument("--all", action="store_true", help="closed comments too")
    add_db_argument(show)


def _services(db_arg: str | None, org: str) -> tuple[Path, dict[str, str]]:
    db = Database(config.db_path(db_arg), org)
    try:
        rows = db.rows("SELECT service_id, name FROM services WHERE org_id = ? ORDER BY 1", [org])
        known = db.rows("SELECT 1 FROM organisations WHERE org_id = ?", [org])
    finally:
        db.close()
    if not known:
        raise docs_store.DocsError(f"no organisation {org!r} in {db.path}")
    return db.path, dict(rows)


def run(args: argparse.Namespace) -> int:
    try:
        db_path, services = _services(args.db, args.org)
        target = config.state_path(db_path)
        if args.docs_action == "load":
            loaded = docs_store.load_dir(args.org, args.directory, services,
                                         loaded_by="cli", state_path=target)
            if not loaded:
                print(f"error: {args.directory} has no folder matching a service of "
                      f"{args.org!r} ({', '.join(services) or 'none'}); nothing loaded",
                      file=sys.stderr)
                return 2
            for sid, n in sorted(loaded.items()):
                print(f"  {sid:20} {n:>4} documents ({services[sid]})")
            print(f"{sum(loaded.values())} documents loaded into {target}")
            return 0
        rows = docs_store.comments(args.org, services, status=None if args.all else "open",
                                   state_path=target)
        for c in rows:
            text = c.body.replace("\n", " ")
            print(f"#{c.id} [{c.status}] {c.created_at} {c.service_id}/{c.slug or '-'} "
                  f"{c.author_name}: {text}")
        print(f"{len(rows)} comments", file=sys.stderr)
        return 0
    except docs_store.DocsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
