"""python -m reporting scheduler: the run-due pass every --every seconds, until stopped
(SIGTERM or Ctrl-C). Run it under systemd or as a container next to the app
(docs/operations.md, "Scheduler")."""

from __future__ import annotations

import argparse

from reporting.commands.common import add_db_argument
from reporting.commands.run_due import scheduler_loop
from reporting.core import config

NAME = "scheduler"
ORDER = 81
HELP = "Run the run-due pass (alert rules, alert e-mails) every --every seconds until stopped."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--every", type=float, default=300.0, metavar="SECONDS", help="seconds between passes (300)")
    p.add_argument("--passes", type=int, default=None, metavar="N", help="stop after N passes (for tests)")
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    try:
        return scheduler_loop(config.db_path(args.db), args.every, args.passes)
    except KeyboardInterrupt:
        return 0
