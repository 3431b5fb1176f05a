"""python -m reporting demo: generate the synthetic demo database."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from tqdm import tqdm

from reporting.commands.common import add_db_argument, iso_date
from reporting.core import config
from reporting.core.db import write_transaction
from reporting.demo import catalogue
from reporting.demo.documents import seed_customer_documents
from reporting.demo.generator import generate, subscription_count
from reporting.services.documentation import seed_demo_docs

NAME = "demo"
ORDER = 10
HELP = ("Generate realistic synthetic demo data (deterministic for a seed) and swap it in "
        "as the database. Replaces the whole database.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", choices=list(catalogue.SCALES), default="small",
                   help="small: 3 organisations, ~1,500 subscriptions; medium: ~20,000; "
                        "large: one organisation with 100,000 (default: small)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    p.add_argument("--today", type=iso_date, default=None,
                   help="the data's 'now' (default: today); 24 complete months end before it")
    p.add_argument("--if-missing", action="store_true",
                   help="do nothing when the database already exists")
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    if args.if_missing and path.exists():
        print(f"{path} exists; keeping it.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    total = subscription_count(args.scale) + 6
    started = time.perf_counter()
    with tqdm(total=total, desc="demo", unit="step", file=sys.stderr,
              disable=None) as bar:
        def progress(label: str, n: int) -> None:
            bar.set_description(label)
            bar.update(n)

        with write_transaction(path, fresh=True) as con:
            counts = generate(con, scale=args.scale, seed=args.seed,
                              today=args.today or dt.date.today(), progress=progress)
            bar.set_description("writing")
    counts["service_docs"] = seed_demo_docs(path)  # Extrawiki documents, in the state store
    counts["customer_docs"] = seed_customer_documents(path)  # contracts ..., likewise
    took = time.perf_counter() - started
    print(f"Demo data ({args.scale}, seed {args.seed}) written to {path} in {took:.1f} s:")
    for table, n in counts.items():
        print(f"  {table:15} {n:>12,}".replace(",", " "))
    return 0
