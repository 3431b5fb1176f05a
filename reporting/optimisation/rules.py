"""Optimisation rules: which subscriptions cost money for nothing, and what to do about them.

The rules and their thresholds are plain data in reporting/optimisation/thresholds.py
(``RULES``, ``Thresholds``, ``THRESHOLD_FIELDS``), the plans and roaming packages in
reporting/optimisation/catalogue.py; the data they judge comes from the named queries
``reporting/sql/optimisation/optimisation_*.sql`` (scoped, bound parameters). Each rule is a pure function
over those frames, so it can be tested on hand-built data with known answers.

"Now" for the rules is the latest complete invoiced month of the data (or a month the user
picks), never the wall clock. A rule's window is the N months ending with "now".

A change of plan is always to a plan of the operator's catalogue (``plans``); a subscription's
current plan may also be one of its organisation's own plans (``org_plans``, introduced by its
subscriptions file), which is never recommended to anyone.
Savings are computed from the plans' fees: terminating saves the plan's monthly fee;
changing plan saves the difference of the two plans' fees (plus the overage the larger plan
absorbs, priced by the same SQL macros as the invoice lines: reporting/sql/core/
overage_macros.sql, evaluated on a private in-memory DuckDB connection); a roaming package saves the roaming charges it covers less its own fee. The package
prices are data (``data/roaming_packages.csv``), not code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.months import add_months, last_day, month_start
from reporting.core.registry import scoped_params
from reporting.core.sqlfiles import load_sql
from reporting.optimisation.catalogue import RoamingPackage, reference_allowance, roaming_packages
from reporting.optimisation.thresholds import RULE_KEYS, Thresholds, rule

FINDING_COLUMNS = [
    "rule", "subscription_id", "phone_number", "user_name", "cost_centre", "cost_centre_name",
    "service_type", "plan", "opened_on", "closed_on", "last_usage_date", "months_evaluated",
    "months_matched", "max_data_gb", "allowance_gb", "max_use_pct", "current_cost_month",
    "recommended_action", "recommended_plan", "new_cost_month", "saving_month", "saving_year",
    "refundable", "fingerprint",
]


def fingerprint(rule_key: str, *evidence: object) -> str:
    """A stable digest of the evidence that made a finding: a decision to keep it holds
    until this changes."""
    text = "|".join([rule_key, *("" if e is None or e != e else str(e) for e in evidence)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _as_date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# -- data --------------------------------------------------------------------------------------

@dataclass
class RuleData:
    """Everything the rules judge, for one scope and one "now" month."""

    now: dt.date
    subs: pd.DataFrame        # optimisation_subscriptions
    monthly: pd.DataFrame     # optimisation_monthly over the widest window
    roaming: pd.DataFrame     # optimisation_roaming over the widest window
    after_close: pd.DataFrame  # optimisation_after_close
    plans: pd.DataFrame       # optimisation_plans: the operator's catalogue, the only choices
    own_plans: pd.DataFrame | None = None  # optimisation_own_plans: the organisation's own

    def current_plans(self) -> dict[str, dict]:
        """The plans a subscription can be on: the catalogue and the organisation's own plans
        (a subscription's fee and allowance; never a recommendation)."""
        own = {} if self.own_plans is None else _plan_table(self.own_plans)
        return {**own, **_plan_table(self.plans)}


def now_month(db: Database, scope: Scope, month: dt.date | None = None) -> dt.date | None:
    """The month the rules judge: ``month`` when given, else the latest complete invoiced one."""
    if month is not None:
        return month_start(_as_date(month))
    if scope.is_empty:
        return None
    rows = db.rows(_sql("optimisation/optimisation_now"), {"org_id": scope.org_id})
    return _as_date(rows[0][0]) if rows and rows[0][0] is not None else None


def available_months(db: Database, scope: Scope) -> list[dt.date]:
    if scope.is_empty:
        return []
    return [_as_date(r[0]) for r in db.rows(_sql("optimisation/optimisation_months"), {"org_id": scope.org_id})]


def _sql(name: str) -> str:
    return load_sql(name)


def _dates(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for c in cols:
        if c in df.columns:
            df[c] = df[c].map(_as_date).astype(object)
    return df


def load_rule_data(db: Database, scope: Scope, now: dt.date, window: int) -> RuleData:
    start = add_months(now, -(window - 1))
    params = scoped_params(scope, month_from=start, month_to=now)
    subs = _dates(db.named("optimisation/optimisation_subscriptions", params),
                  "opened_on", "closed_on", "last_usage_date")
    monthly = _dates(db.named("optimisation/optimisation_monthly", params), "month", "last_usage_date")
    roaming = _dates(db.named("optimisation/optimisation_roaming", params), "month")
    after = _dates(db.named("optimisation/optimisation_after_close", params), "month")
    plans = db.named("optimisation/optimisation_plans")
    own = db.named("optimisation/optimisation_own_plans", {"org_id": scope.org_id})
    return RuleData(now, subs, monthly, roaming, after, plans, own)


# -- the rules -----------------------------------------------------------------------------------

def _open_at_end(subs: pd.DataFrame, now: dt.date) -> pd.Series:
    end = last_day(now)
    return subs.closed_on.map(lambda c: c is None or c > end).astype(bool)


def _full_window(subs: pd.DataFrame, now: dt.date, months: int) -> pd.Series:
    """Open since the first day of the window at the latest: the whole window is history."""
    start = add_months(now, -(months - 1))
    return subs.opened_on.map(lambda o: o is not None and o <= start).astype(bool) \
        & _open_at_end(subs, now)


def _window(monthly: pd.DataFrame, now: dt.date, months: int) -> pd.DataFrame:
    start = add_months(now, -(months - 1))
    return monthly[(monthly.month >= start) & (monthly.month <= now)]


def _per_sub(monthly: pd.DataFrame, now: dt.date, months: int) -> pd.DataFrame:
    """One row per subscription: its months in the window and their aggregates."""
    win = _window(monthly, now, months)
    return win.assign(
        recurring=win.fee_charged + win.usage_charged + win.roaming_charged,
        usage_month=win.usage_charged > 0, roaming_month=win.roaming_charged > 0,
        active_month=win.any_usage > 0,
    ).groupby("subscription_id").agg(
        months=("month", "size"), any_usage=("any_usage", "sum"), data_max=("data_gb", "max"),
        voice_max=("voice_min", "max"), messages_max=("messages", "max"),
        data_sum=("data_gb", "sum"), voice_sum=("voice_min", "sum"),
        usage_months=("usage_month", "sum"), usage_mean=("usage_charged", "mean"),
        roaming_months=("roaming_month", "sum"), recurring_mean=("recurring", "mean"),
        active_months=("active_month", "sum"),
    )


def _columns(agg: pd.DataFrame, *names: str) -> list[dict]:
    """Columns of a ``_per_sub`` frame as dicts by subscription: the rules look values up one
    subscription at a time, and a dict lookup costs a fraction of ``DataFrame.at``."""
    return [agg[n].to_dict() for n in names]


def _groups(frame: pd.DataFrame, ids: set[str]) -> dict[str, pd.DataFrame]:
    """Rows per subscription, only for the few subscriptions that need their months."""
    part = frame[frame.subscription_id.isin(ids)]
    return {sid: g for sid, g in part.groupby("subscription_id")} if len(part) else {}


def _plan_table(plans: pd.DataFrame) -> dict[str, dict]:
    return {r["plan"]: r for r in plans.to_dict("records")}


def _nan_none(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _finding(sub: dict, rule_key: str, **values) -> dict:
    row = {c: None for c in FINDING_COLUMNS}
    for c in ("subscription_id", "phone_number", "user_name", "cost_centre", "cost_centre_name",
              "service_type", "plan", "opened_on", "closed_on", "last_usage_date"):
        row[c] = sub.get(c)
    row["rule"] = rule_key
    row["recommended_action"] = rule(rule_key).action
    row.update(values)
    if row["saving_month"] is not None:
        row["saving_month"] = round(float(row["saving_month"]), 2)
        row["saving_year"] = round(row["saving_month"] * 12, 2)
    return row


def find_inactive(data: RuleData, th: Thresholds) -> list[dict]:
    """No voice, messaging or data usage (any country) in the last N months while a monthly
    fee is still charged in "now"; only subscriptions open for the whole window."""
    n = th.inactive_months
    subs = data.subs[_full_window(data.subs, data.now, n)]
    agg = _per_sub(data.monthly, data.now, n)
    fee_now = data.monthly[data.monthly.month == data.now].set_index("subscription_id").fee_charged.to_dict()
    any_usage, recurring = _columns(agg, "any_usage", "recurring_mean")
    plans = data.current_plans()
    out = []
    for s in subs.to_dict("records"):
        sid = s["subscription_id"]
        if sid not in any_usage or any_usage[sid] > 0 or fee_now.get(sid, 0) <= 0:
            continue
        fee = plans.get(s["plan"], {}).get("monthly_fee")
        saving = float(fee) if fee is not None else float(fee_now[sid])
        out.append(_finding(
            s, "inactive", months_evaluated=n, months_matched=n,
            current_cost_month=round(float(recurring[sid]), 2), new_cost_month=0.0,
            saving_month=saving,
            fingerprint=fingerprint("inactive", s["plan"], s["last_usage_date"])))
    return out


def _covers(cand: dict, peaks: dict[str, float], headroom: float) -> bool:
    for col, peak in peaks.items():
        allowance = _nan_none(cand.get(col))
        if allowance is not None and allowance < peak * (1 + headroom / 100):
            return False
    return True


def find_oversized(data: RuleData, th: Thresholds, exclude: set[str] = frozenset()) -> list[dict]:
    """Data use below X % of the allowance in each of the last N months, and a cheaper plan
    of the same service type with a smaller allowance covers the peak data, voice and
    message use of those months plus the headroom."""
    n = th.oversized_months
    subs = data.subs[_full_window(data.subs, data.now, n)]
    agg = _per_sub(data.monthly, data.now, n)
    current = data.current_plans()
    choices = _plan_table(data.plans)       # recommendations: the operator's catalogue only
    allowances = {k: reference_allowance(p, data.plans) for k, p in current.items()}
    months, data_max, voice_max, messages_max = _columns(
        agg, "months", "data_max", "voice_max", "messages_max")
    out = []
    for s in subs.to_dict("records"):
        sid = s["subscription_id"]
        plan = current.get(s["plan"])
        if sid in exclude or plan is None or sid not in months or months[sid] < n:
            continue
        allowance = allowances[s["plan"]]
        peak_gb = float(data_max[sid])
        if allowance is None or not peak_gb / allowance < th.oversized_pct / 100:
            continue            # every month below X % <=> the peak month below X %
        peaks = {"data_gb": peak_gb, "voice_min": float(voice_max[sid]),
                 "sms": float(messages_max[sid])}
        current_gb = _nan_none(plan["data_gb"])
        cands = [
            p for p in choices.values()
            if p["service_type"] == plan["service_type"] and p["monthly_fee"] < plan["monthly_fee"]
            and _nan_none(p["data_gb"]) is not None
            and (current_gb is None or p["data_gb"] < current_gb)
            and _covers(p, peaks, th.headroom_pct)
        ]
        if not cands:
            continue
        best = min(cands, key=lambda p: (p["monthly_fee"], -p["data_gb"]))
        out.append(_finding(
            s, "oversized", months_evaluated=n, months_matched=n,
            max_data_gb=round(peak_gb, 3), allowance_gb=allowance,
            max_use_pct=round(peak_gb / allowance, 4),
            current_cost_month=round(float(plan["monthly_fee"]), 2), recommended_plan=best["plan"],
            new_cost_month=round(float(best["monthly_fee"]), 2),
            saving_month=float(plan["monthly_fee"]) - float(best["monthly_fee"]),
            fingerprint=fingerprint("oversized", s["plan"], best["plan"])))
    return out


_OVERAGE_COLUMNS = ["data_gb", "voice_min", "messages", "plan_data_gb", "data_overage_per_gb",
                    "plan_voice_min", "voice_per_min", "plan_sms", "sms_each"]


def _overage_row(plan: dict, data_gb: float, voice_min: float, messages: float) -> dict:
    return {"data_gb": data_gb, "voice_min": voice_min, "messages": messages,
            "plan_data_gb": plan.get("data_gb"), "data_overage_per_gb": plan.get("data_overage_per_gb"),
            "plan_voice_min": plan.get("voice_min"), "voice_per_min": plan.get("voice_per_min"),
            "plan_sms": plan.get("sms"), "sms_each": plan.get("sms_each")}


def overage_costs(rows: pd.DataFrame) -> np.ndarray:
    """What each row's month of use would cost on top of its plan's fee (the operator's
    pricing: data by started GB over the allowance, voice by the minute, messages each).
    ``rows``: the use (data_gb, voice_min, messages) and the plan's allowances (plan_data_gb,
    plan_voice_min, plan_sms; missing = unlimited) and prices (data_overage_per_gb,
    voice_per_min, sms_each). Priced in one query by the SQL macros the demo's invoice lines
    use (reporting/sql/core/overage_macros.sql), on a private in-memory connection."""
    if rows.empty:
        return np.zeros(0)
    frame = rows[_OVERAGE_COLUMNS].astype(float).assign(_row=np.arange(len(rows)))
    con = duckdb.connect(":memory:")
    try:
        con.execute(load_sql("core/overage_macros"))
        con.register("overage_rows", frame)
        priced = con.execute(load_sql("optimisation/overage_costs")).fetchall()
    finally:
        con.close()
    return np.array([r[0] for r in priced], dtype=float)


def overage_cost(plan: dict, data_gb: float, voice_min: float, messages: float) -> float:
    """One month's overage on ``plan`` (a row of ``optimisation_plans`` as a dict)."""
    return float(overage_costs(pd.DataFrame([_overage_row(plan, data_gb, voice_min, messages)]))[0])


def find_undersized(data: RuleData, th: Thresholds, exclude: set[str] = frozenset()) -> list[dict]:
    """Usage (overage) charges in more than half of the last N months, and a larger plan of
    the same service type whose fee plus its own overage for the same use is cheaper than the
    current fee plus the usage charges, on average over the window."""
    n = th.undersized_months
    subs = data.subs[_full_window(data.subs, data.now, n)]
    agg = _per_sub(data.monthly, data.now, n)
    agg = agg[(agg.months >= n) & (agg.usage_months * 2 > n)]
    subs = subs[subs.subscription_id.isin(agg.index) & ~subs.subscription_id.isin(exclude)]
    by_sub = _groups(_window(data.monthly, data.now, n), set(subs.subscription_id))
    plans = data.current_plans()
    choices = _plan_table(data.plans)       # recommendations: the operator's catalogue only
    # every larger plan's overage for each month of use, priced in one query:
    # subscription -> [(plan, first row, end row)] into ``priced``
    candidates: dict[str, list[tuple[dict, int, int]]] = {}
    priced: list[dict] = []
    for s in subs.to_dict("records"):
        plan = plans.get(s["plan"])
        if plan is None:
            continue
        g = by_sub[s["subscription_id"]]
        months = list(zip(g.data_gb, g.voice_min, g.messages, strict=True))
        spans = candidates.setdefault(s["subscription_id"], [])
        for p in choices.values():
            if p["service_type"] != plan["service_type"] or p["monthly_fee"] <= plan["monthly_fee"]:
                continue
            spans.append((p, len(priced), len(priced) + len(months)))
            priced += [_overage_row(p, *m) for m in months]
    overage = overage_costs(pd.DataFrame(priced, columns=_OVERAGE_COLUMNS)).tolist()
    usage_mean, data_max, usage_months = _columns(agg, "usage_mean", "data_max", "usage_months")
    out = []
    for s in subs.to_dict("records"):
        sid = s["subscription_id"]
        plan = plans.get(s["plan"])
        if plan is None:
            continue
        current = float(plan["monthly_fee"]) + float(usage_mean[sid])
        best, best_cost = None, current
        for p, lo, hi in candidates[sid]:
            cost = float(p["monthly_fee"]) + sum(overage[lo:hi]) / (hi - lo)
            if cost < best_cost - 1e-9:
                best, best_cost = p, cost
        if best is None:
            continue
        allowance = _nan_none(plan["data_gb"])
        peak_gb = float(data_max[sid])
        out.append(_finding(
            s, "undersized", months_evaluated=n, months_matched=int(usage_months[sid]),
            max_data_gb=round(peak_gb, 3), allowance_gb=allowance,
            max_use_pct=round(peak_gb / allowance, 4) if allowance else None,
            current_cost_month=round(current, 2), recommended_plan=best["plan"],
            new_cost_month=round(best_cost, 2), saving_month=round(current, 2) - round(best_cost, 2),
            fingerprint=fingerprint("undersized", s["plan"], best["plan"])))
    return out


def package_cost(pkg: RoamingPackage, rows: pd.DataFrame) -> float:
    """One month's roaming cost with ``pkg``: its fee, the charges it does not cover, and the
    covered data over its allowance at that month's average price per GB. ``rows``: that
    month's ``optimisation_roaming`` rows of one subscription."""
    return _package_cost(pkg, list(zip(rows.country, rows.usage_type, rows.quantity, rows.amount,
                                       strict=True)))


def _package_cost(pkg: RoamingPackage, rows: list[tuple]) -> float:
    cost, gb, amount = pkg.monthly_fee, 0.0, 0.0
    for country, usage_type, qty, amt in rows:
        if usage_type == "data_mb" and country in pkg.countries:
            gb, amount = gb + qty, amount + amt
        else:
            cost += amt
    if gb > pkg.data_gb and gb > 0:
        cost += (gb - pkg.data_gb) * amount / gb
    return cost


def find_roaming(data: RuleData, th: Thresholds, exclude: set[str] = frozenset(),
                 packages: tuple[RoamingPackage, ...] | None = None) -> list[dict]:
    """Roaming charges in at least M of the last N months, and a roaming package whose fee
    plus the charges it leaves is below the roaming charges, on average over the months of
    the window the subscription was open."""
    packages = roaming_packages() if packages is None else packages
    n = th.roaming_months
    agg = _per_sub(data.monthly, data.now, n)
    agg = agg[agg.roaming_months >= th.roaming_min_months]
    subs = data.subs[_open_at_end(data.subs, data.now) & data.subs.subscription_id.isin(agg.index)
                     & ~data.subs.subscription_id.isin(exclude)]
    ids = set(subs.subscription_id)
    by_sub = _groups(_window(data.monthly, data.now, n), ids)
    r_by_sub = _groups(_window(data.roaming, data.now, n), ids)
    (roaming_months,) = _columns(agg, "roaming_months")
    out = []
    for s in subs.to_dict("records"):
        sid = s["subscription_id"]
        if sid not in r_by_sub:
            continue
        r = r_by_sub[sid]
        months = list(by_sub[sid].month)
        per_month: dict[dt.date, list[tuple]] = {m: [] for m in months}
        for m, *row in zip(r.month, r.country, r.usage_type, r.quantity, r.amount, strict=True):
            per_month.setdefault(m, []).append(tuple(row))
        current = float(r.amount.sum()) / len(months)
        best, best_cost = None, current
        for pkg in packages:
            cost = sum(_package_cost(pkg, per_month[m]) for m in months) / len(months)
            if cost < best_cost - 1e-9:
                best, best_cost = pkg, cost
        if best is None:
            continue
        out.append(_finding(
            s, "roaming", months_evaluated=len(months), months_matched=int(roaming_months[sid]),
            current_cost_month=round(current, 2), recommended_plan=best.package,
            new_cost_month=round(best_cost, 2), saving_month=round(current, 2) - round(best_cost, 2),
            fingerprint=fingerprint("roaming", s["plan"], best.package)))
    return out


def person_key(name) -> str:
    if name is None or name != name:        # no user name (None, or NaN from a frame)
        return ""
    return " ".join(str(name).lower().split())


def find_duplicates(data: RuleData, th: Thresholds) -> list[dict]:
    """The same user (name compared without case and extra spaces; with the option, only
    within one cost centre) holds several open mobile voice subscriptions; the most used one
    is kept, each other one is a finding."""
    subs = data.subs[_open_at_end(data.subs, data.now) & (data.subs.service_type == "mobile_voice")]
    agg = _per_sub(data.monthly, data.now, th.inactive_months)
    plans = data.current_plans()
    active, voice, data_sum = _columns(agg, "active_months", "voice_sum", "data_sum")
    groups: dict[tuple, list[dict]] = {}
    for s in subs.to_dict("records"):
        person = person_key(s["user_name"])
        if person:
            key = (person, s["cost_centre"]) if th.duplicate_same_cost_centre else (person,)
            groups.setdefault(key, []).append(s)

    def used(s: dict) -> tuple:
        sid = s["subscription_id"]
        if sid not in active:
            return (0, 0.0, 0.0, sid)
        return (-active[sid], -voice[sid], -data_sum[sid], sid)

    out = []
    for grp in groups.values():
        if len(grp) < 2:
            continue
        ids = ",".join(sorted(s["subscription_id"] for s in grp))
        ranked = sorted(grp, key=used)
        kept = ranked[0]
        for s in ranked[1:]:
            fee = float(plans.get(s["plan"], {}).get("monthly_fee", 0.0))
            out.append(_finding(
                s, "duplicate", months_evaluated=th.inactive_months,
                months_matched=len(grp), current_cost_month=fee, new_cost_month=0.0,
                recommended_plan=kept["subscription_id"], saving_month=fee,
                fingerprint=fingerprint("duplicate", s["plan"], ids)))
    return out


def find_billed_after_close(data: RuleData, th: Thresholds) -> list[dict]:
    """Charges for invoice months after the month of the subscription's closing date.
    The whole amount is claimable; what is still billed in "now" recurs until stopped."""
    ac = data.after_close
    if ac.empty:
        return []
    subs = {s["subscription_id"]: s for s in data.subs.to_dict("records")}
    out = []
    for sid, g in ac.groupby("subscription_id"):
        s = subs.get(sid)
        if s is None:
            continue
        months = sorted(set(g.month))
        now_amount = float(g.loc[g.month == data.now, "amount"].sum())
        out.append(_finding(
            s, "billed_after_close", months_evaluated=len(months), months_matched=len(months),
            current_cost_month=round(now_amount, 2), new_cost_month=0.0,
            saving_month=now_amount, refundable=round(float(g.amount.sum()), 2),
            fingerprint=fingerprint("billed_after_close", s["closed_on"],
                                    ",".join(m.isoformat() for m in months))))
    return out


def evaluate(data: RuleData, th: Thresholds,
             packages: tuple[RoamingPackage, ...] | None = None) -> pd.DataFrame:
    """Every rule's findings for one scope and month, one row per (rule, subscription)."""
    inactive = find_inactive(data, th)
    gone = {f["subscription_id"] for f in inactive}
    rows = (inactive + find_oversized(data, th, gone) + find_undersized(data, th, gone)
            + find_roaming(data, th, gone, packages) + find_duplicates(data, th)
            + find_billed_after_close(data, th))
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    order = {k: i for i, k in enumerate(RULE_KEYS)}
    if len(df):
        df = df.sort_values(["rule", "saving_month", "subscription_id"],
                            key=lambda c: c.map(order) if c.name == "rule" else c,
                            ascending=[True, False, True]).reset_index(drop=True)
    return df
