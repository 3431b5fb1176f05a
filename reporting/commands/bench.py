"""python -m reporting bench: time the cost and usage reports on a database (meant for the large
demo scale) and, in the same run on the same data, the naive pandas baseline of
benchmarks/naive_pandas.py (load the tables into DataFrames, filter, group), printing the ratios.
Also times the overview page's AppTest run and reports the process's peak memory. A benchmark,
not a test: it prints figures, it does not fail.

    python -m reporting demo --scale large --db /tmp/large.duckdb
    python -m reporting bench --db /tmp/large.duckdb
    python -m reporting bench --pages --db /tmp/large.duckdb --sessions 10 --json /tmp/pages.json

``--pages`` adds benchmarks/bench_pages.py: the real server in Chromium, every page for every
demo persona, concurrent sessions, a shared deep link; the page times beside these functions'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reporting.access.scope import Scope
from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database, stores
from reporting.core.months import add_months
from reporting.core.registry import run_report
from reporting.costs.reports import latest_month

NAME = "bench"
ORDER = 90
HELP = ("Time every cost/usage report for a whole organisation (warm), the overview's data, a "
        "subscription drill-down and the overview page's AppTest run, against a naive pandas approach.")

# targets from the product brief (milliseconds)
TARGET_REPORT_MS = 300
TARGET_OVERVIEW_MS = 150
TARGET_DRILL_MS = 50
TARGET_APPTEST_MS = 1500
TARGET_MEMORY_MB = 2048


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", help="organisation (default: the one with the most subscriptions)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per item after a warm-up (default: 5)")
    p.add_argument("--no-naive", action="store_true", help="skip the naive pandas comparison")
    p.add_argument("--no-apptest", action="store_true", help="skip the overview page's AppTest run")
    g = p.add_argument_group("pages in a real browser (benchmarks/bench_pages.py, issue 19)")
    g.add_argument("--pages", action="store_true",
                   help="start the real server and time every page for every demo persona in Chromium, "
                        "concurrent sessions and a shared deep link, beside the report functions' times")
    g.add_argument("--warm", type=int, default=3, help="warm visits of every page after the first (default: 3)")
    g.add_argument("--rounds", type=int, default=3, help="rounds of each concurrent session (default: 3)")
    g.add_argument("--sessions", default="10,50", help="concurrent session counts, comma separated (default: 10,50)")
    g.add_argument("--timeout", type=float, default=120, help="seconds a page may take to settle (default: 120)")
    g.add_argument("--browsers", type=int, default=None, metavar="K",
                   help="of each session count, K sessions in Chromium (measured as a person feels them) and "
                        "the rest over Streamlit's websocket protocol, without a browser (default: all in Chromium)")
    g.add_argument("--processes", type=int, default=1, metavar="N",
                   help="app processes: 1 is `serve`; more is `serve-cluster` (nginx, sticky sessions)")
    g.add_argument("--think", type=float, default=0.0, metavar="S",
                   help="seconds each concurrent session pauses after a page, as a person reads it "
                        "(default: 0, clicking on at once)")
    g.add_argument("--sessions-only", action="store_true",
                   help="only the concurrent sessions (no page-by-page visits, no deep link)")
    g.add_argument("--quick", action="store_true",
                   help="one persona per role, one warm visit, one round, 3 sessions (2 in Chromium; the smoke test)")
    g.add_argument("--json", metavar="OUT", help="write the page figures as JSON")
    add_db_argument(p)


def _time(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, min) milliseconds of ``repeat`` runs after one warm-up run."""
    func()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), min(runs)


def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_now_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def _mark(ms: float, target: float) -> str:
    return "ok" if ms <= target else "OVER"


class Case:
    def __init__(self, name: str, report: str, **kw):
        self.name, self.report, self.kw = name, report, kw


def _cases(sub: str, month: dt.date, centre: str) -> list[Case]:
    year = (add_months(month, -11), month)
    return [
        Case("costs-by-month (24 mo)", "costs-by-month"),
        Case("costs-trend (24 mo)", "costs-trend", month_from=add_months(month, -23), month_to=month),
        Case("costs-by-cost-centre (12 mo)", "costs-by-cost-centre", month_from=year[0], month_to=year[1]),
        Case("cost-centre-children (top, 12 mo)", "cost-centre-children", month_from=year[0], month_to=year[1]),
        Case("cost-centre-children (centre, 12 mo)", "cost-centre-children", parent=centre,
             month_from=year[0], month_to=year[1]),
        Case("costs-by-subscription (month)", "costs-by-subscription", month_from=month, month_to=month),
        Case("costs-by-subscription (12 mo)", "costs-by-subscription", month_from=year[0], month_to=year[1]),
        Case("invoice-lines (month)", "invoice-lines", month=month),
        Case("cost-overview (month)", "cost-overview", month=month),
        Case("cost-deviations (month)", "cost-deviations", month=month),
        Case("usage-by-subscription (month)", "usage-by-subscription", month_from=month, month_to=month),
        Case("usage-by-month (12 mo, type)", "usage-by-month", month_from=year[0], month_to=year[1],
             group_by="service_type"),
        Case("usage-by-month (12 mo, type x centre)", "usage-by-month", month_from=year[0], month_to=year[1]),
        Case("roaming-by-country (12 mo)", "roaming-by-country", month_from=year[0], month_to=year[1]),
        Case("cost-filter-options", "cost-filter-options"),
        Case("cost-months", "cost-months"),
    ]


def _overview_calls(month: dt.date) -> list[tuple[str, dict]]:
    """What pages/costs.py loads (first open: default filters)."""
    return [
        ("cost-overview", {"month": month}),
        ("costs-trend", {"month_from": add_months(month, -23), "month_to": month}),
        ("cost-centre-children", {"parent": None, "month_from": month, "month_to": month}),
        ("costs-by-subscription", {"month_from": month, "month_to": month, "limit": 10}),
        ("cost-deviations", {"month": month, "limit": 20}),     # pages/costs.py OVERVIEW_DEVIATIONS
        ("costs-by-month", {"month_from": add_months(month, -11), "month_to": month}),
    ]


def _drill_calls(sub: str, month: dt.date) -> list[tuple[str, dict]]:
    """What pages/drilldown.py loads at a subscription and month."""
    year = (add_months(month, -11), month)
    return [
        ("subscription-details", {"subscription": sub}),
        ("costs-by-month", {"subscription": sub, "month_from": year[0], "month_to": year[1]}),
        ("invoice-lines", {"subscription": sub, "month": month}),
        ("subscription-daily-usage", {"subscription": sub, "month": month}),
    ]


def _apptest_ms(path: Path, org: str) -> tuple[float, float, str | None]:
    """(first run of the overview page with empty caches, a rerun) in ms, or an error."""
    os.environ["REPORTING_DB"] = str(path)
    os.environ.setdefault("REPORTING_STATE_DB", str(Path("/tmp") / f"bench-state-{os.getpid()}.sqlite"))
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from reporting.ui.navigation import page

    app = str(Path(__file__).resolve().parents[2] / "app.py")
    at = AppTest.from_file(app, default_timeout=120)
    at.session_state["persona_id"] = f"demo:main:{org}"
    at.session_state["lang"] = "fi"
    at.run()
    if at.exception:
        return float("nan"), float("nan"), str(at.exception[0].message)
    at.switch_page(page("costs").path).run()            # warm DuckDB and Python imports
    st.cache_data.clear()
    st.cache_resource.clear()
    start = time.perf_counter()
    at.switch_page(page("costs").path).run()
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    at.run()
    rerun = (time.perf_counter() - start) * 1000
    return first, rerun, (str(at.exception[0].message) if at.exception else None)


def run(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    org = args.org
    if org is None and stores.is_store_root(path):      # one store per organisation: the largest
        org = stores.largest_tenants(path, 1)[0]
    db = Database(path, org)
    org = org or db.rows("SELECT org_id FROM subscriptions GROUP BY org_id ORDER BY count(*) DESC LIMIT 1")[0][0]
    scope = Scope.organisation(org)
    month = latest_month(db, scope)
    if month is None:
        print(f"no invoice lines for {org!r} in {path}")
        return 2
    sub = db.rows("SELECT subscription_id FROM charges WHERE org_id = ? AND invoice_month = ? "
                  "AND category = 'roaming' ORDER BY amount DESC LIMIT 1", [org, month])
    sub = sub[0][0] if sub else db.rows("SELECT subscription_id FROM subscriptions WHERE org_id = ? LIMIT 1",
                                        [org])[0][0]
    centre = db.rows("SELECT code FROM cost_centres WHERE org_id = ? AND parent_code IS NULL ORDER BY code LIMIT 1",
                     [org])[0][0]
    n_subs = db.rows("SELECT count(*) FROM subscriptions WHERE org_id = ?", [org])[0][0]
    n_lines = db.rows("SELECT count(*) FROM charges WHERE org_id = ?", [org])[0][0]
    print(f"database {path}  organisation {org}: {n_subs:,} subscriptions, {n_lines:,} invoice lines, "
          f"latest month {month:%Y-%m}; {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    repeat = 2 if args.pages and args.quick else args.repeat
    print(f"timings: median (min) of {repeat} warm runs after one warm-up, in milliseconds\n")
    results = measure_reports(db, scope, month, sub, centre, repeat)

    if not args.no_apptest and not args.pages:
        first, rerun, error = _apptest_ms(path, org)
        if error:
            print(f"\noverview AppTest failed: {error}")
        else:
            print(f"\n{'overview page AppTest, empty caches':44} {first:9.1f} {'':9} {'':8}  "
                  f"target {TARGET_APPTEST_MS}: {_mark(first, TARGET_APPTEST_MS)}")
            print(f"{'overview page AppTest, rerun (cached)':44} {rerun:9.1f}")
    gc.collect()
    app_peak = _rss_peak_mb()
    print(f"\nmemory: peak RSS of this process so far (reports + AppTest, as the app would hold) "
          f"{app_peak:,.0f} MB, now {_rss_now_mb():,.0f} MB; target {TARGET_MEMORY_MB:,}: "
          f"{_mark(app_peak, TARGET_MEMORY_MB)}")
    db.close()

    if not args.no_naive:
        try:        # the baseline is benchmark code: it lives in benchmarks/, not in the product
            from benchmarks.naive_pandas import compare
        except ImportError:
            print("\nnaive pandas baseline: benchmarks/naive_pandas.py not found (run from the project root)")
        else:
            compare(path, org, month, sub, results, _time, repeat=repeat)
    if args.pages:
        try:
            from benchmarks.bench_pages import run_pages
        except ImportError:
            print("\npage benchmark: benchmarks/bench_pages.py not found (run from the project root)")
            return 2
        return run_pages(path, args, results)
    return 0


def measure_reports(db: Database, scope: Scope, month: dt.date, sub: str, centre: str,
                    repeat: int) -> dict[str, float]:
    """Time (and print) every report and the pages' report sets; median milliseconds by label."""
    results: dict[str, float] = {}
    print(f"{'report (whole organisation)':44} {'median':>9} {'min':>9} {'rows':>8}  target {TARGET_REPORT_MS}")
    for case in _cases(sub, month, centre):
        rows = len(run_report(case.report, db, scope, **case.kw))
        med, low = _time(lambda c=case: run_report(c.report, db, scope, **c.kw), repeat)
        results[case.name] = med
        print(f"{case.name:44} {med:9.1f} {low:9.1f} {rows:8,}  {_mark(med, TARGET_REPORT_MS)}")

    def overview():
        for name, kw in _overview_calls(month):
            run_report(name, db, scope, **kw)

    def overview_headline():
        run_report("cost-overview", db, scope, month=month)

    def drill():
        for name, kw in _drill_calls(sub, month):
            run_report(name, db, scope, **kw)

    def daily():
        run_report("subscription-daily-usage", db, scope, subscription=sub, month=month)

    print()
    for label, func, target in (
        ("overview headline (cost-overview)", overview_headline, TARGET_OVERVIEW_MS),
        ("overview page data (all 6 reports)", overview, TARGET_OVERVIEW_MS),
        (f"subscription drill-down ({sub}, 4 reports)", drill, TARGET_DRILL_MS),
        ("subscription daily usage alone", daily, TARGET_DRILL_MS),
    ):
        med, low = _time(func, repeat)
        results[label] = med
        print(f"{label:44} {med:9.1f} {low:9.1f} {'':8}  target {target}: {_mark(med, target)}")
    return results
