"""python -m reporting import: load native CSV/Excel/Parquet or FOCUS files into an organisation."""

from __future__ import annotations

import argparse
import getpass
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tqdm import tqdm

from reporting.alerts.evaluate import alerts_after
from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.i18n import t
from reporting.ingest import contract
from reporting.ingest.importer import DEFAULT_MAX_AMOUNT, ImportOptions, import_files
from reporting.ingest.log import record
from reporting.ingest.readers import ReadOptions

NAME = "import"
ORDER = 20
HELP = ("Import data files (CSV, XLSX, Parquet; native kinds or FOCUS 1.0-1.2) into one "
        "organisation, validated, in one transaction. Exits non-zero when anything is rejected.")
EPILOG = f"""kinds: {', '.join([*contract.KINDS, 'focus'])} (detected from the headers unless --kind).
The data contract (columns, Finnish headers, values): docs/data-contract.md.
Re-importing the same organisation and months replaces them."""


def _fx(value: str) -> tuple[str, Decimal]:
    try:
        cur, rate = value.split("=", 1)
        if len(cur.strip()) != 3:
            raise ValueError
        return cur.strip().upper(), Decimal(rate.replace(",", "."))
    except (ValueError, InvalidOperation):
        raise argparse.ArgumentTypeError(f"expected CUR=RATE (EUR per unit), e.g. USD=0.92, got {value!r}") from None


CLI_TIMEOUT_S = 3600     # an import from the command line is stopped after an hour unless told


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {value!r}")
    return seconds


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="files to import")
    p.add_argument("--org", required=True, help="organisation id to import into")
    p.add_argument("--org-name", help="create the organisation with this name when it does not exist")
    p.add_argument("--business-id", default="", help="business ID (Y-tunnus) of a new organisation")
    p.add_argument("--kind", choices=[*contract.KINDS, "focus"], help="file kind (default: detect)")
    p.add_argument("--load-valid", action="store_true",
                   help="load the valid rows and report the others (default: reject the whole import)")
    p.add_argument("--delimiter", choices=[";", ",", "tab", "|"], help="CSV delimiter (default: sniff)")
    p.add_argument("--decimal", choices=["comma", "point", "auto"], default="auto", help="decimal mark")
    p.add_argument("--thousands", choices=["space", "nbsp", "dot", "none", "auto"], default="auto",
                   help="thousands separator (dot implies decimal comma)")
    p.add_argument("--encoding", help="utf-8, utf-16, windows-1252, latin-1 (default: detect)")
    p.add_argument("--date-format", help="strptime format of dates, e.g. %%d.%%m.%%Y (default: ISO or d.m.yyyy)")
    p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    p.add_argument("--max-amount", type=Decimal, default=DEFAULT_MAX_AMOUNT,
                   help=f"reject amounts beyond ± this (default: {DEFAULT_MAX_AMOUNT})")
    p.add_argument("--fx", type=_fx, action="append", default=[], metavar="CUR=RATE",
                   help="convert CUR to EUR at RATE (EUR per unit); otherwise the currency is kept")
    p.add_argument("--cost-centre-map", type=Path, metavar="CSV",
                   help="FOCUS: CSV with SubAccountName and cost_centre columns")
    p.add_argument("--timeout", type=_seconds, default=CLI_TIMEOUT_S, metavar="SECONDS",
                   help=f"stop the import after this long, changing nothing (default: {CLI_TIMEOUT_S})")
    p.add_argument("--show", type=int, default=20, metavar="N", help="problems to print (default: 20)")
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    for f in args.paths:
        if not f.is_file():
            print(f"error: {f} is not a file.", file=sys.stderr)
            return 2
    opts = ImportOptions(
        org_id=args.org, org_name=args.org_name, business_id=args.business_id, kind=args.kind,
        load_valid=args.load_valid, max_amount=args.max_amount, fx=dict(args.fx),
        cost_centre_map=args.cost_centre_map, timeout_s=args.timeout,
        read=ReadOptions(delimiter=args.delimiter, decimal=args.decimal, thousands=args.thousands,
                         encoding=args.encoding, date_format=args.date_format, sheet=args.sheet))
    with tqdm(total=100, desc="import", file=sys.stderr, disable=None, unit="%") as bar:
        def progress(fraction: float, label: str) -> None:
            bar.set_description(label or "import")
            bar.update(max(0, round(fraction * 100) - bar.n))

        result = import_files(path, [(f, f.name) for f in args.paths], opts, progress)
    record(result, actor=getpass.getuser(), actor_name=getpass.getuser(), channel="cli",
           load_valid=args.load_valid, state_path=config.state_path(path))
    fired = alerts_after(result, path)
    print(f"Import into {args.org} ({path}): {result.status} in {result.seconds:.1f} s")
    for f in result.files:
        print(f"  {f.name}: {f.kind or '?'}, {f.rows_read} rows read, {f.rows_accepted} accepted, "
              f"{f.rows_rejected} rejected, {f.rows_loaded} loaded")
        for (col, code), n in f.reasons.items():
            print(f"    {n} row(s): column {col}: {code}")
        for w in f.warnings:
            print(f"    warning: {w.message('en')}")
    shown = [p for f in result.files for p in f.problems][: args.show]
    if shown:
        print("Problems:")
        for p in shown:
            print(f"  {p.message('en')}")
        total = sum(len(f.problems) for f in result.files)
        if total > len(shown):
            print(f"  ... and {total - len(shown)} more (--show N)")
    if result.error:
        print(f"error: {t('ingest.err.' + result.error, 'en')}", file=sys.stderr)
    for note in result.note_texts("en"):
        print(f"Note: {note}")
    if fired:
        print(f"Alerts fired: {len(fired)} (python -m reporting run-due delivers their e-mails)")
    if result.status == "rejected":
        print("Nothing was changed." if not args.load_valid else "Nothing was loaded.")
    return 0 if result.status == "loaded" else 1
