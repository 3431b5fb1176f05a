"""python -m reporting <command> ...

Each command is a module in reporting/commands/ with NAME, HELP, add_arguments(parser) and
run(args) -> exit code; they are discovered, so adding a command needs no central list. A
command with PASS_THROUGH = True gets the options it does not declare in ``args.extra``
(``serve`` hands them to ``streamlit run``); any other command refuses them.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from reporting import commands
from reporting.core.db import DatabaseError


def _command_modules():
    mods = [importlib.import_module(f"{commands.__name__}.{m.name}")
            for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    mods = [m for m in mods if hasattr(m, "NAME")]
    return sorted(mods, key=lambda m: getattr(m, "ORDER", 100))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reporting",
        description="Fokus reporting service: load data, export reports, run benchmarks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run, _pass_through=getattr(mod, "PASS_THROUGH", False))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not args._pass_through:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra        # a PASS_THROUGH command's options for the program it runs
    try:
        return int(args._run(args) or 0)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cancelled; nothing was changed.", file=sys.stderr)
        return 130
