"""Benchmark (not a test): K browser sessions opening a page at the same moment through
serve-cluster with 1 app process and with P app processes (nginx in front of both).

    python benchmarks/bench_cluster.py [--db PATH] [--processes 2] [--sessions 4] [--rounds 5] \
        [--page costs]

Both clusters run side by side for the whole benchmark and the rounds alternate between them
(1, P, 1, P ...), so a machine whose load drifts slows both alike. A round opens --sessions
new browser contexts (Chromium from Debian's package), loads the page in all of them at once
in demo mode (the default persona) and takes the time until every one has finished its
script run (Streamlit's own "not running" state, held for half a second, as the browser tests
wait). Printed: each configuration's median, min and max, their ratio and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reporting.core import config
from reporting.core.cluster import Cluster, free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IDLE = """() => { const a = document.querySelector('[data-testid="stApp"]');
                  return a && a.getAttribute('data-test-connection-state') === 'CONNECTED'
                         && a.getAttribute('data-test-script-state') === 'notRunning'
                         && document.querySelector('h1') !== null; }"""


def _round(browser, url: str, sessions: int) -> float:
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(sessions)]
    pages = [c.new_page() for c in contexts]
    try:
        start = time.monotonic()
        for p in pages:                       # start every load before waiting for any
            p.goto(url, wait_until="commit")
        for p in pages:
            p.wait_for_function(IDLE, timeout=300_000)
            time.sleep(0.5)
            p.wait_for_function(IDLE, timeout=300_000)
        return time.monotonic() - start - 0.5 * len(pages)
    finally:
        for c in contexts:
            c.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="database (default: $REPORTING_DB or data/reporting.duckdb)")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--sessions", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--page", default="costs", help="url path of the page (costs)")
    args = ap.parse_args(argv)

    env = {**os.environ, "REPORTING_DB": str(config.db_path(args.db).resolve())}
    env.setdefault("REPORTING_STATE_DB", str(Path(tempfile.mkdtemp(prefix="bench-cluster-")) / "state.sqlite"))
    clusters = {n: Cluster(processes=n, port=free_port(), address="127.0.0.1",
                           runtime_dir=Path(tempfile.mkdtemp(prefix=f"bench-cluster-{n}-")), env=dict(env))
                for n in sorted({1, args.processes})}
    for c in clusters.values():
        c.start()
        threading.Thread(target=c.supervise, daemon=True).start()
    from playwright.sync_api import sync_playwright

    times: dict[int, list[float]] = {n: [] for n in clusters}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for c in clusters.values():                        # warm-up: caches, first imports
                _round(browser, f"{c.url}/{args.page}", args.sessions)
            for r in range(args.rounds):
                for n, c in clusters.items():
                    times[n].append(_round(browser, f"{c.url}/{args.page}", args.sessions))
                    print(f"round {r + 1}: {n} process(es): {times[n][-1]:.2f} s", flush=True)
            browser.close()
    finally:
        for c in clusters.values():
            c.stop()
    print(f"{args.sessions} sessions opening /{args.page} at once, {args.rounds} rounds "
          f"(load average {open('/proc/loadavg').read().split()[:3]}):")
    for n, t in times.items():
        print(f"  {n} app process(es): median {statistics.median(t):.2f} s (min {min(t):.2f}, max {max(t):.2f})")
    if len(times) == 2:
        one, many = times[1], times[args.processes]
        ratios = [m / o for m, o in zip(many, one, strict=True)]
        print(f"  {args.processes} / 1 processes, paired by round: median {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
