"""The pandas baseline of ``python -m reporting bench`` (benchmark code, kept out of the product
package): what a careful cached Streamlit + pandas app would do, timed against the product's
report functions in the same run.

    python -m reporting bench --db /tmp/large.duckdb           # the reports, then this baseline
    python benchmarks/naive_pandas.py --db /tmp/large.duckdb   # the same

Fair, as issue 19 asks: the organisation's lines are loaded once (in EUR, as the reports count
them), with categoricals for every repeated string (not Python strings), each amount rounded once
at load; ``charges`` already carries each line's cost centre, service type and plan, so nothing is
merged with the subscriptions per call; filters are boolean masks over one scan; the monthly
summary is pre-built at load where the product pre-builds ``cost_monthly``; one subscription's
lines come from a frame sorted and indexed by subscription (what an app would keep for drill-downs).
What the load costs (time, memory) is printed apart: an app pays it once per data version.

The printed ratio is pandas time / product time: above 1 the product is faster. Some can be below
1 (an index lookup in memory beats a query); the figures say so rather than hide it.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reporting.costs.reports import add_months

CATEGORIES = ["monthly_fee", "usage", "roaming", "one_time", "discount", "service"]

LINES_SQL = """
SELECT invoice_month, subscription_id, category::VARCHAR AS category, description, quantity::DOUBLE AS quantity,
       unit, amount::DOUBLE AS amount, country, coalesce(sub_cost_centre, cost_centre) AS centre,
       sub_service_type::VARCHAR AS service_type, sub_plan AS plan
FROM charges WHERE org_id = ? AND currency = 'EUR'
"""
USAGE_SQL = """
SELECT subscription_id, month, usage_type::VARCHAR AS usage_type, country, quantity::DOUBLE AS quantity,
       amount::DOUBLE AS amount
FROM usage_monthly WHERE org_id = ?
"""
SUBS_SQL = ("SELECT subscription_id, user_name, cost_centre, plan, service_type::VARCHAR AS service_type "
            "FROM subscriptions WHERE org_id = ?")


def _categorical(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for col in columns:
        df[col] = df[col].astype("category")
    return df


class Fair:
    """One organisation's data in memory, the way a cached pandas app would hold it."""

    def __init__(self, path: Path, org: str):
        con = duckdb.connect(str(path), read_only=True)
        start = time.perf_counter()
        lines = con.execute(LINES_SQL, [org]).df()
        usage = con.execute(USAGE_SQL, [org]).df()
        subs = con.execute(SUBS_SQL, [org]).df()
        con.close()
        lines["invoice_month"] = pd.to_datetime(lines["invoice_month"])
        lines["amount"] = lines["amount"].round(2)              # once, at load
        _categorical(lines, ["subscription_id", "category", "description", "unit", "country", "centre",
                             "service_type", "plan"])
        self.lines = lines
        # the pre-built monthly summary, as the product keeps cost_monthly
        self.monthly = (lines.groupby(["invoice_month", "centre", "service_type", "plan", "category"],
                                      observed=True, dropna=False).amount.sum().reset_index())
        # one subscription's lines: sorted and indexed by subscription
        self.by_sub = lines.sort_values(["subscription_id", "invoice_month"]).set_index("subscription_id")
        usage["month"] = pd.to_datetime(usage["month"])
        self.usage = _categorical(usage, ["subscription_id", "usage_type", "country"])
        self.subs = _categorical(subs, ["cost_centre", "plan", "service_type"]).set_index("subscription_id")
        self.load_ms = (time.perf_counter() - start) * 1000

    def _months(self, df: pd.DataFrame, col: str, month_from, month_to) -> pd.DataFrame:
        values = df[col]
        return df[(values >= pd.Timestamp(month_from)) & (values <= pd.Timestamp(month_to))]

    def costs_by_month(self):
        return (self.monthly.groupby(["invoice_month", "category"], observed=True).amount.sum()
                .unstack(fill_value=0))

    def costs_by_cost_centre(self, month_from, month_to):
        m = self._months(self.monthly, "invoice_month", month_from, month_to)
        return m.groupby("centre", observed=True, dropna=False).amount.sum()

    def costs_by_subscription(self, month_from, month_to):
        lines = self._months(self.lines, "invoice_month", month_from, month_to)
        per = (lines.groupby(["subscription_id", "category"], observed=True).amount.sum()
               .unstack(fill_value=0))
        return per.join(self.subs[["user_name", "cost_centre", "plan"]])

    def invoice_lines(self, month):
        return self.lines[self.lines.invoice_month == pd.Timestamp(month)]

    def usage_by_subscription(self, month):
        u = self.usage[self.usage.month == pd.Timestamp(month)]
        per = u.pivot_table(index="subscription_id", columns="usage_type", values="quantity", aggfunc="sum",
                            observed=True)
        return self.subs.join(per).fillna({c: 0 for c in per.columns})

    def drill(self, sub, month):
        mine = self.by_sub.loc[[sub]]                      # one index lookup for all four parts
        return (self.subs.loc[[sub]], mine.groupby("invoice_month").amount.sum(),
                mine[mine.invoice_month == pd.Timestamp(month)],
                mine.groupby("category", observed=True).amount.sum())

    def overview(self, month):
        m = self._months(self.monthly, "invoice_month", add_months(month, -23), month)
        by_month = m.groupby("invoice_month").amount.sum()
        trend = m.groupby(["invoice_month", "category", "service_type"], observed=True, dropna=False).amount.sum()
        this = m[m.invoice_month == pd.Timestamp(month)]
        centres = this.groupby("centre", observed=True, dropna=False).amount.sum()
        lines = self.invoice_lines(month)
        top = lines.groupby("subscription_id", observed=True).amount.sum().nlargest(10)
        return by_month, trend, centres, top


def compare(path: Path, org: str, month: dt.date, sub: str, results: dict[str, float],
            time_fn: Callable[[Callable[[], object], int], tuple[float, float]], *, repeat: int) -> dict:
    """Time the baseline's computations (``time_fn`` as the product's were timed), print them
    against ``results`` (the product's median milliseconds by label), and return them."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\npandas baseline (benchmarks/naive_pandas.py): the organisation's EUR lines, usage and subscriptions "
          "loaded once with categoricals, rounded once, the monthly summary pre-built, indexed by subscription")
    fair = Fair(path, org)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'load and prepare (once per data version)':44} {fair.load_ms:9.1f} ms; "
          f"{len(fair.lines):,} lines; peak RSS {before:,.0f} -> {peak:,.0f} MB")
    year = (add_months(month, -11), month)
    pairs = [
        ("costs-by-month (24 mo)", fair.costs_by_month),
        ("costs-by-cost-centre (12 mo)", lambda: fair.costs_by_cost_centre(*year)),
        ("costs-by-subscription (month)", lambda: fair.costs_by_subscription(month, month)),
        ("costs-by-subscription (12 mo)", lambda: fair.costs_by_subscription(*year)),
        ("invoice-lines (month)", lambda: fair.invoice_lines(month)),
        ("usage-by-subscription (month)", lambda: fair.usage_by_subscription(month)),
        ("overview page data (all 6 reports)", lambda: fair.overview(month)),
        (f"subscription drill-down ({sub}, 4 reports)", lambda: fair.drill(sub, month)),
    ]
    print(f"{'':44} {'pandas':>9} {'product':>9} {'ratio':>8}  (pandas / product: above 1 the product is faster)")
    out: dict = {"load_ms": fair.load_ms, "peak_rss_mb": peak, "reports": {}}
    for label, func in pairs:
        med, _ = time_fn(func, max(1, repeat))
        ours = results[label]
        out["reports"][label] = {"pandas_ms": med, "product_ms": ours, "ratio": med / ours}
        print(f"{label:44} {med:9.1f} {ours:9.1f} {med / ours:7.2f}x")
    return out


if __name__ == "__main__":
    from reporting.core.cli import main

    raise SystemExit(main(["bench", *sys.argv[1:]]))
