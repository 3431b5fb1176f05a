"""The naive pandas baseline of ``python -m reporting bench`` (benchmark code, kept out of the
product package): load the tables into DataFrames once, then filter and group with pandas, and
print each computation's time against the product's report time measured in the same run.

    python -m reporting bench --db /tmp/large.duckdb           # the reports, then this baseline
    python benchmarks/naive_pandas.py --db /tmp/large.duckdb   # the same

The baseline is deliberately naive (issue 19 asks for a fair one: categoricals, one load and
rounding, the summaries the product pre-builds); the ratios it prints say how far a
straightforward pandas app is from the product, not how fast pandas can be.
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


def compare(path: Path, org: str, month: dt.date, sub: str, results: dict[str, float],
            time_fn: Callable[[Callable[[], object], int], tuple[float, float]], *, repeat: int) -> None:
    """Time the baseline's computations (``time_fn`` as the product's were timed) and print them
    against ``results`` (the product's median milliseconds by label)."""
    print("\nnaive pandas: load charges, subscriptions, cost_centres and usage_monthly into DataFrames, "
          "then filter and group")
    naive = Naive(path, org)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'load the tables (once)':44} {naive.load_ms:9.1f} ms; peak RSS now {peak:,.0f} MB")
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
        med, _ = time_fn(func, max(1, min(repeat, 3)))
        ours = results[label]
        print(f"{label:44} {med:9.1f} {ours:9.1f} {med / ours:7.1f}x")


if __name__ == "__main__":
    from reporting.core.cli import main

    raise SystemExit(main(["bench", *sys.argv[1:]]))
