"""python -m reporting events-server: the HTTP endpoint for service events as they happen
(reporting.services.events_server), and python -m reporting event-source: a source's token."""

from __future__ import annotations

import argparse
import sys

from reporting.commands.common import add_db_argument
from reporting.core import config

NAME = "events-server"
ORDER = 82
HELP = ("Serve the live service-event webhook (Alertmanager and simple JSON) on --host:--port until "
        "stopped; sources authenticate with tokens from `event-source`.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=9095, help="port (9095)")
    add_db_argument(p)


def run(args: argparse.Namespace) -> int:
    from reporting.services.events_server import make_server

    server = make_server(args.host, args.port, config.db_path(args.db))
    print(f"events server on http://{args.host}:{server.server_address[1]}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
