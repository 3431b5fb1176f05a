"""python -m reporting serve-cluster --processes N --port 8620 [streamlit options]: several app
processes behind nginx on one machine (reporting/core/cluster.py, deploy/nginx/fokus.conf).

Every app process is ``python -m reporting serve`` on a free port of 127.0.0.1; nginx listens
on --port and keeps each browser session on its process. They share the database
(``--db`` / REPORTING_DB) and the state store (REPORTING_STATE_DB). Stops them all on Ctrl-C
or SIGTERM; an app process that exits is started again.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

from reporting.commands.common import add_db_argument

NAME = "serve-cluster"
ORDER = 6
HELP = ("Start N app processes behind nginx (Debian's package; `make nginx`) on one port, with "
        "sticky sessions; other options go to every `streamlit run`.")
PASS_THROUGH = True      # unknown options go to each app process's streamlit run


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--processes", type=int, default=os.cpu_count() or 2, metavar="N",
                   help="app processes (default: one per core)")
    p.add_argument("--port", type=int, default=8620, help="nginx's port (8620)")
    p.add_argument("--address", default="",
                   help="nginx's listen address (default: every address; the app processes "
                        "always listen on 127.0.0.1 only)")
    p.add_argument("--runtime-dir", metavar="DIR",
                   help="nginx's configuration, pid, logs and temp files and the processes' logs "
                        "(default: a new temporary directory)")
    add_db_argument(p)
    p.epilog = ("Any other option is passed to every app process's `streamlit run` "
                "(e.g. --server.maxUploadSize 50, which also sets nginx's client_max_body_size).")


def run(args: argparse.Namespace) -> int:
    from reporting.core.cluster import Cluster, ClusterError

    env = dict(os.environ)
    if args.db:
        env["REPORTING_DB"] = str(Path(args.db).resolve())
    runtime = Path(args.runtime_dir).resolve() if args.runtime_dir else Path(tempfile.mkdtemp(prefix="fokus-cluster-"))
    cluster = Cluster(processes=args.processes, port=args.port, address=args.address,
                      runtime_dir=runtime, streamlit_args=list(args.extra), env=env)

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        cluster.start()
        apps = ", ".join(a.address for a in cluster.apps)
        print(f"Fokus on {cluster.url}: nginx in front of {len(cluster.apps)} app processes ({apps}); "
              f"configuration, logs: {runtime}", file=sys.stderr, flush=True)
        return cluster.supervise()
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()
