"""python -m reporting bench: time the cost and usage reports on a database (meant for the large
demo scale) and, in the same run on the same data, a naive pandas approach (load the tables into
DataFrames, filter, group), printing the ratios. Also times the overview page's AppTest run and
reports the process's peak memory. A benchmark, not a test: it prints figures, it does not fail.

    python -m reporting demo --scale large --db /tmp/large.duckdb
    python -m reporting bench --db /tmp/large.duckdb
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

import duckdb
import pandas as pd

from reporting.access.scope import Scope
from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database
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


# -- the naive pandas approach -------------------------------------------------------------------

class Naive:
    """Load the tables into DataFrames once, then filter and group with pandas."""

    def __init__(self, path: Path, org: str):
        con = duckdb.connect(str(path), read_only=True)
        start = time.perf_counter()
        self.charges = con.execute("SELECT * FROM charges").df()
        self.subs = con.execute("SELECT * FROM subscriptions").df()
        self.centres = con.execute("SELECT * FROM cost_centres").df()
        self.usage = con.execute("SELECT * FROM usage_monthly").df()
        self.load_ms = (time.perf_counter() - start) * 1000
        con.close()
        self.org = org
        for df in (self.charges, self.subs, self.usage):
            for col in df.columns:
                if isinstance(df[col].dtype, pd.CategoricalDtype):
                    df[col] = df[col].astype(str)
        self.charges["amount"] = self.charges.amount.astype(float)

    def _lines(self, month_from=None, month_to=None, subscription=None) -> pd.DataFrame:
        ch = self.charges[(self.charges.org_id == self.org) & (self.charges.currency == "EUR")]
        if month_from is not None:
            ch = ch[ch.invoice_month >= pd.Timestamp(month_from)]
        if month_to is not None:
            ch = ch[ch.invoice_month <= pd.Timestamp(month_to)]
        if subscription is not None:
            ch = ch[ch.subscription_id == subscription]
        subs = self.subs[self.subs.org_id == self.org][["subscription_id", "cost_centre", "service_type", "plan"]]
        out = ch.merge(subs.rename(columns={"cost_centre": "sub_cc"}), on="subscription_id", how="left")
        out["centre"] = out.sub_cc.fillna(out.cost_centre)
        out["amount"] = out.amount.round(2)
        return out

    def costs_by_month(self):
        return self._lines().pivot_table(index="invoice_month", columns="category", values="amount",
                                         aggfunc="sum", fill_value=0)

    def costs_by_cost_centre(self, month_from, month_to):
        return self._lines(month_from, month_to).groupby("centre", dropna=False).amount.sum()

    def costs_by_subscription(self, month_from, month_to):
        lines = self._lines(month_from, month_to)
        per = lines.pivot_table(index="subscription_id", columns="category", values="amount", aggfunc="sum",
                                fill_value=0)
        return per.join(self.subs.set_index("subscription_id")[["user_name", "cost_centre", "plan"]])

    def invoice_lines(self, month):
        return self._lines(month, month)

    def usage_by_subscription(self, month):
        u = self.usage[(self.usage.org_id == self.org) & (self.usage.month == pd.Timestamp(month))]
        per = u.pivot_table(index="subscription_id", columns="usage_type", values="quantity", aggfunc="sum")
        subs = self.subs[self.subs.org_id == self.org].set_index("subscription_id")
        return subs.join(per).fillna(0)

    def drill(self, sub, month):
        return (self.subs[(self.subs.org_id == self.org) & (self.subs.subscription_id == sub)],
                self._lines(subscription=sub).groupby("invoice_month").amount.sum(),
                self._lines(month, month, subscription=sub))

    def overview(self, month):
        lines = self._lines(add_months(month, -23), month)
        by_month = lines.groupby("invoice_month").amount.sum()
        trend = lines.groupby(["invoice_month", "category", "service_type"], dropna=False).amount.sum()
        this = lines[lines.invoice_month == pd.Timestamp(month)]
        top = this.groupby("subscription_id").amount.sum().nlargest(10)
        return by_month, trend, top


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
    start = time.perf_counter()
    at.switch_page(page("costs").path).run()
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    at.run()
    rerun = (time.perf_counter() - start) * 1000
    return first, rerun, (str(at.exception[0].message) if at.exception else None)


def run(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    db = Database(path)
    org = args.org or db.rows("SELECT org_id FROM subscriptions GROUP BY org_id ORDER BY count(*) DESC LIMIT 1")[0][0]
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
    print(f"timings: median (min) of {args.repeat} warm runs after one warm-up, in milliseconds\n")

    results: dict[str, float] = {}
    print(f"{'report (whole organisation)':44} {'median':>9} {'min':>9} {'rows':>8}  target {TARGET_REPORT_MS}")
    for case in _cases(sub, month, centre):
        rows = len(run_report(case.report, db, scope, **case.kw))
        med, low = _time(lambda c=case: run_report(c.report, db, scope, **c.kw), args.repeat)
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
        med, low = _time(func, args.repeat)
        results[label] = med
        print(f"{label:44} {med:9.1f} {low:9.1f} {'':8}  target {target}: {_mark(med, target)}")

    if not args.no_apptest:
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

    if args.no_naive:
        return 0
    print("\nnaive pandas: load charges, subscriptions, cost_centres and usage_monthly into DataFrames, "
          "then filter and group")
    naive = Naive(path, org)
    print(f"{'load the tables (once)':44} {naive.load_ms:9.1f} ms; peak RSS now {_rss_peak_mb():,.0f} MB")
    year = (add_months(month, -11), month)
    pairs = [
        ("costs-by-month (24 mo)", naive.costs_by_month),
        ("costs-by-cost-centre (12 mo)", lambda: naive.costs_by_cost_centre(*year)),
        ("costs-by-subscription (12 mo)", lambda: naive.costs_by_subscription(*year)),
        ("invoice-lines (month)", lambda: naive.invoice_lines(month)),
        ("usage-by-subscription (month)", lambda: naive.usage_by_subscription(month)),
        ("overview page data (all 6 reports)", lambda: naive.overview(month)),
        (f"subscription drill-down ({sub}, 4 reports)", lambda: naive.drill(sub, month)),
    ]
    print(f"{'':44} {'pandas':>9} {'duckdb':>9} {'ratio':>8}  (pandas / duckdb, tables already loaded)")
    for label, func in pairs:
        med, _ = _time(func, max(1, min(args.repeat, 3)))
        ours = results[label]
        print(f"{label:44} {med:9.1f} {ours:9.1f} {med / ours:7.1f}x")
    return 0
