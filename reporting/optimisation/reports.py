"""Optimisation reports: findings of the rules (reporting/optimisation/rules.py) with the decisions
taken on them (reporting/optimisation/decisions.py), their totals, the evidence of one subscription and
the follow-up of decisions in later months.

Every function takes the thresholds as keyword filters (defaults: ``Thresholds()``), ``month``
(the rules' "now"; default the latest complete invoiced month) and ``state_version`` (ignored
here; pages pass ``decisions.version`` so a new decision invalidates the cached result).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.months import last_day
from reporting.core.registry import report, scoped_params
from reporting.optimisation import catalogue, derived
from reporting.optimisation import decisions as dec
from reporting.optimisation import rules as opt
from reporting.optimisation.thresholds import RULE_KEYS, Thresholds

DECISION_INFO = ["status", "decision", "reason", "target_plan", "decided_by_name", "decided_at"]
OPTIMISATION_COLUMNS = ["month", *opt.FINDING_COLUMNS, *DECISION_INFO]
TOTAL_COLUMNS = ["findings", "saving_month", "saving_year", "refundable"]
BY_RULE_COLUMNS = ["rule", *TOTAL_COLUMNS]
BY_CENTRE_COLUMNS = ["cost_centre", "cost_centre_name", *TOTAL_COLUMNS]
EVIDENCE_COLUMNS = [
    "month", "data_gb", "allowance_gb", "use_pct", "voice_min", "messages", "last_usage_date",
    "fee_charged", "usage_charged", "roaming_charged", "other_charged", "total_charged",
]
FOLLOWUP_COLUMNS = [
    "stage", "subscription_id", "user_name", "cost_centre", "rule", "decision", "reason",
    "decided_by_name", "decided_at", "finding_month", "plan_at_decision", "target_plan",
    "current_plan", "closed_on", "estimated_saving_month", "baseline_cost_month",
    "cost_now_month", "realised_saving_month",
]
STAGES = ("open", "review", "decided", "carried_out", "realised", "kept")
FOLLOWUP_TOTAL_COLUMNS = ["stage", "items", "estimated_saving_month", "realised_saving_month"]

# Output names of the reports (CSV headers, ``col.*`` labels): specific to this area so they
# cannot clash with another area's column labels.
OUT_NAMES = {
    "rule": "finding_rule", "last_usage_date": "last_used_on", "max_data_gb": "peak_data_gb",
    "allowance_gb": "data_allowance_gb", "max_use_pct": "peak_use_pct",
    "refundable": "refund_claim", "fingerprint": "evidence_fingerprint",
    "status": "finding_status", "decision": "decided_action", "reason": "decision_reason",
    "decided_by_name": "decided_by", "findings": "finding_count", "data_gb": "data_use_gb",
    "voice_min": "voice_use_min", "messages": "messages_use", "use_pct": "data_use_pct",
    "stage": "followup_stage", "items": "followup_items", "current_plan": "plan_now",
    "fee_charged": "fee_billed", "usage_charged": "usage_billed", "roaming_charged": "roaming_billed",
    "other_charged": "other_billed", "total_charged": "total_billed", "month": "judged_month",
}


DATE_COLUMNS = ("month", "opened_on", "closed_on", "last_usage_date", "finding_month")


def out(df: pd.DataFrame) -> pd.DataFrame:
    """A report frame with its output column names; dates as datetime64 like DuckDB's DATE
    columns, so a missing date is NaT (shown empty), not the text None."""
    df = df.copy()
    for c in DATE_COLUMNS:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c])
    return df.rename(columns=OUT_NAMES)


def _thresholds(filters: dict) -> Thresholds:
    return Thresholds.from_filters(filters)


@lru_cache(maxsize=16)
def _evaluated(db: Database, db_version: str, scope_key: tuple, now: dt.date,
               th: Thresholds, packages: tuple[catalogue.RoamingPackage, ...]) -> pd.DataFrame:
    """The rules' findings before decisions: the findings, totals and follow-up reports of
    one page run share them (the key holds the database version, so an import invalidates)."""
    return opt.evaluate(_rule_data(db, db_version, scope_key, now, th.window()), th, packages)


@lru_cache(maxsize=16)
def _derived(db: Database, db_version: str, scope_key: tuple, now: dt.date,
             rules: str) -> pd.DataFrame | None:
    """The findings derived at write time (reporting/optimisation/derived.py) for the default
    thresholds, or None when they are not there for this month and these rules."""
    return derived.read_findings(db, Scope.from_key(scope_key), now, rules)


def _base_findings(db: Database, scope: Scope, now: dt.date, th: Thresholds) -> pd.DataFrame:
    """The rules' findings before decisions: for the default thresholds (every first visit)
    the rows derived when the data was written, else (a threshold changed, an older month, a
    scope of listed subscriptions, rules changed since the write) evaluated live."""
    packages = catalogue.roaming_packages()
    if th == Thresholds() and scope.subscriptions is None:
        df = _derived(db, db.data_version(scope.org_id), scope.key(), now, derived.rules_fingerprint(packages))
        if df is not None:
            return df
    return _evaluated(db, db.data_version(scope.org_id), scope.key(), now, th, packages)


@lru_cache(maxsize=16)
def _rule_data(db: Database, db_version: str, scope_key: tuple, now: dt.date,
               window: int) -> opt.RuleData:
    return opt.load_rule_data(db, Scope.from_key(scope_key), now, window)


def _narrowed(scope: Scope, subscription_ids: set[str]) -> Scope:
    """``scope`` limited to the listed subscriptions (those of them it may see)."""
    ids = frozenset(subscription_ids)
    return Scope(scope.org_id, scope.cost_centres,
                 ids if scope.subscriptions is None else scope.subscriptions & ids)


def findings(db: Database, scope: Scope, month: dt.date | None = None,
             **filters) -> tuple[dt.date | None, pd.DataFrame]:
    """(now, findings with the decision in force), kept findings with unchanged evidence left out."""
    filters.pop("state_version", None)
    now = opt.now_month(db, scope, month)
    if scope.is_empty or now is None:
        return now, pd.DataFrame(columns=OPTIMISATION_COLUMNS)
    th = _thresholds(filters)
    df = _base_findings(db, scope, now, th).copy()
    df.insert(0, "month", now)
    d = dec.latest_decisions(scope.org_id, db=db)
    d = d.loc[d.finding_month.map(lambda m: m is not None and m <= now).astype(bool)]
    merged = df.merge(d[["subscription_id", "rule", "decision", "reason", "target_plan",
                         "decided_by_name", "decided_at", "fingerprint"]]
                      .rename(columns={"fingerprint": "decided_fingerprint"}),
                      on=["subscription_id", "rule"], how="left")
    same = merged.decided_fingerprint == merged.fingerprint
    merged = merged[~(same & (merged.decision == "keep"))].copy()
    same = merged.decided_fingerprint == merged.fingerprint
    # a decision on other evidence no longer applies: the finding is open again
    for col in ("decision", "reason", "target_plan", "decided_by_name", "decided_at"):
        merged[col] = merged[col].astype(object).where(same & merged[col].notna(), None)
    merged["status"] = merged.decision.where(same, "open").fillna("open")
    return now, merged[OPTIMISATION_COLUMNS].reset_index(drop=True)


SEARCH_COLUMNS = ("subscription_id", "user_name", "cost_centre")


def matching(df: pd.DataFrame, search: str | None) -> pd.DataFrame:
    """The rows whose subscription, user name or cost centre contains ``search`` (as typed,
    case-insensitive, no patterns); every row for an empty search."""
    words = (search or "").strip().casefold()
    if not words or df.empty:
        return df
    hit = pd.Series(False, index=df.index)
    for col in SEARCH_COLUMNS:
        if col in df.columns:
            hit |= df[col].astype(object).map(
                lambda v: isinstance(v, str) and words in v.casefold()).astype(bool)
    return df[hit]


@report("optimisation", "report.optimisation")
def optimisation(db: Database, scope: Scope, month: dt.date | None = None,
                 rules: tuple[str, ...] | None = None, search: str | None = None,
                 **filters) -> pd.DataFrame:
    """Optimisation findings: inactive, mis-sized, roaming, duplicate, billed after closing
    (``rules``: only the findings of those rules; ``search``: only those whose subscription,
    user name or cost centre contains the text)."""
    df = findings(db, scope, month, **filters)[1]
    if rules is not None:
        df = df[df.rule.isin(list(rules))]
    return out(matching(df, search).reset_index(drop=True))


KPI_COLUMNS = ["findings", "saving_month", "saving_year"]


@report("optimisation-kpis", "report.optimisation_kpis", exportable=False)
def optimisation_kpis(db: Database, scope: Scope, month: dt.date | None = None, **filters) -> pd.DataFrame:
    """One row: the findings and the savings potential a month and a year, each subscription
    counted once (``potential``)."""
    df = findings(db, scope, month, **filters)[1]
    if df.empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    saving = potential(df)
    return pd.DataFrame([{"findings": len(df), "saving_month": saving, "saving_year": round(saving * 12, 2)}],
                        columns=KPI_COLUMNS)


@report("optimisation-months", "report.optimisation_months", exportable=False)
def optimisation_months(db: Database, scope: Scope) -> pd.DataFrame:
    """The months the rules can judge ("now"), newest first: the complete invoiced months."""
    return pd.DataFrame({"month": pd.to_datetime(opt.available_months(db, scope))}, columns=["month"])


@report("optimisation-plans", "report.optimisation_plans", exportable=False)
def optimisation_plans(db: Database, scope: Scope, service_type: str | None = None) -> pd.DataFrame:
    """The catalogue's plans (of one service type), cheapest first: the choices for a change
    of plan."""
    if scope.is_empty or opt.now_month(db, scope) is None:       # nothing to decide on
        return pd.DataFrame(columns=["plan", "service_type", "monthly_fee"])
    return catalogue.catalogue_plans(db, service_type)[["plan", "service_type", "monthly_fee"]]


def _totals(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=[*keys, *TOTAL_COLUMNS])
    out = df.groupby(keys, dropna=False).agg(
        findings=("subscription_id", "size"), saving_month=("saving_month", "sum"),
        saving_year=("saving_year", "sum"), refundable=("refundable", lambda s: s.fillna(0).sum()))
    for c in ("saving_month", "saving_year", "refundable"):
        out[c] = out[c].astype(float).round(2)
    return out.reset_index()


@report("optimisation-by-rule", "report.optimisation_by_rule")
def optimisation_by_rule(db: Database, scope: Scope, month: dt.date | None = None,
                         **filters) -> pd.DataFrame:
    """Optimisation savings potential by rule."""
    df = findings(db, scope, month, **filters)[1]
    tot = _totals(df, ["rule"])
    order = {k: i for i, k in enumerate(RULE_KEYS)}
    return out(tot.sort_values("rule", key=lambda c: c.map(order)).reset_index(drop=True)[BY_RULE_COLUMNS])


@report("optimisation-by-cost-centre", "report.optimisation_by_cost_centre")
def optimisation_by_cost_centre(db: Database, scope: Scope, month: dt.date | None = None,
                                **filters) -> pd.DataFrame:
    """Optimisation savings potential by cost centre."""
    df = findings(db, scope, month, **filters)[1]
    tot = _totals(df, ["cost_centre", "cost_centre_name"])
    return out(tot.sort_values(["saving_month", "cost_centre"], ascending=[False, True])
               .reset_index(drop=True)[BY_CENTRE_COLUMNS])


def potential(df: pd.DataFrame) -> float:
    """The monthly savings potential of an ``optimisation`` report with each subscription
    counted once (its largest saving): a subscription found by two rules cannot be saved twice."""
    if df.empty:
        return 0.0
    return round(float(df.groupby("subscription_id").saving_month.max().sum()), 2)


@report("optimisation-evidence", "report.optimisation_evidence", exportable=False)
def optimisation_evidence(db: Database, scope: Scope, subscription_id: str | None = None,
                          month: dt.date | None = None, **filters) -> pd.DataFrame:
    """One subscription's months in the rules' window: use against allowance and the charges."""
    filters.pop("state_version", None)
    now = opt.now_month(db, scope, month)
    if scope.is_empty or now is None or not subscription_id:
        return out(pd.DataFrame(columns=EVIDENCE_COLUMNS)).rename(columns={"judged_month": "month"})
    th = _thresholds(filters)
    # that subscription's data alone (the same rows as the whole scope's, a fraction of the work)
    data = _rule_data(db, db.data_version(scope.org_id), _narrowed(scope, {subscription_id}).key(), now, th.window())
    m = data.monthly[data.monthly.subscription_id == subscription_id].copy()
    sub = data.subs[data.subs.subscription_id == subscription_id]
    allowance = None
    if len(sub):
        plan = data.current_plans().get(sub.iloc[0]["plan"])
        allowance = catalogue.reference_allowance(plan, data.plans) if plan else None
    m["allowance_gb"] = allowance
    m["use_pct"] = (m.data_gb / allowance).round(4) if allowance else None
    m["data_gb"] = m.data_gb.round(3)
    return out(m.sort_values("month", ascending=False)[EVIDENCE_COLUMNS].reset_index(drop=True)) \
        .rename(columns={"judged_month": "month"})


def followup(db: Database, scope: Scope, month: dt.date | None = None, **filters) -> pd.DataFrame:
    now, found = findings(db, scope, month, **filters)
    if scope.is_empty or now is None:
        return pd.DataFrame(columns=FOLLOWUP_COLUMNS)
    d = dec.latest_decisions(scope.org_id, db=db)
    d = d.loc[d.finding_month.map(lambda m: m is not None and m <= now).astype(bool)]
    # the decided subscriptions alone: only they are looked up
    subs = opt._dates(db.named("optimisation/optimisation_subscriptions",
                               scoped_params(_narrowed(scope, set(d.subscription_id)),
                                             month_from=now, month_to=now)),
                      "opened_on", "closed_on")
    d = d.merge(subs[["subscription_id", "user_name", "cost_centre", "plan", "closed_on"]]
                .rename(columns={"plan": "current_plan"}), on="subscription_id", how="inner")
    costs = opt._dates(db.named("optimisation/optimisation_costs", scoped_params(
        scope, month_to=now, sub_ids=sorted(set(d.subscription_id)))), "month")
    cost = {(r.subscription_id, r.month): r.recurring_cost for r in costs.itertuples()}
    rows = []
    end = last_day(now)
    for r in d.to_dict("records"):
        closed = r["closed_on"]
        baseline = r["baseline_cost_month"]
        if baseline is None or baseline != baseline:
            baseline = cost.get((r["subscription_id"], r["finding_month"]), 0.0)
        cost_now = cost.get((r["subscription_id"], now), 0.0)
        stage = {"keep": "kept", "review": "review"}.get(r["decision"], "decided")
        if r["decision"] == "terminate" and closed is not None and closed <= end:
            stage = "realised" if closed < now and now > r["finding_month"] else "carried_out"
        elif r["decision"] == "change_plan" and r["current_plan"] != r["plan_at_decision"]:
            stage = "realised" if now > r["finding_month"] else "carried_out"
        rows.append({
            **{c: r.get(c) for c in FOLLOWUP_COLUMNS if c in r},
            "stage": stage, "baseline_cost_month": round(float(baseline), 2),
            "cost_now_month": round(float(cost_now), 2),
            "realised_saving_month": round(float(baseline) - float(cost_now), 2)
            if stage == "realised" else None,
        })
    open_rows = found.loc[found.status == "open", ["subscription_id", "user_name", "cost_centre", "rule",
                                                   "plan", "closed_on", "saving_month"]]
    for r in open_rows.to_dict("records"):
        rows.append({"stage": "open", "subscription_id": r["subscription_id"],
                     "user_name": r["user_name"], "cost_centre": r["cost_centre"], "rule": r["rule"],
                     "current_plan": r["plan"], "closed_on": r["closed_on"],
                     "estimated_saving_month": r["saving_month"]})
    df = pd.DataFrame(rows, columns=FOLLOWUP_COLUMNS)
    # decided items first, the latest decision first; the open findings after them
    decided_at = pd.to_datetime(df.decided_at, utc=True, errors="coerce", format="ISO8601")
    df = df.assign(_open=(df.stage == "open").astype(int), _at=decided_at)
    return df.sort_values(["_open", "_at", "subscription_id", "rule"],
                          ascending=[True, False, True, True], na_position="last", kind="stable") \
        .drop(columns=["_open", "_at"]).reset_index(drop=True)


@report("optimisation-followup", "report.optimisation_followup")
def optimisation_followup(db: Database, scope: Scope, month: dt.date | None = None,
                          stages: tuple[str, ...] | None = None, search: str | None = None,
                          **filters) -> pd.DataFrame:
    """Follow-up of optimisation decisions: decided items first (latest decision first:
    review, decided, carried out, realised, kept), then the open findings. ``stages``: only
    those stages; ``search``: only items whose subscription, user name or cost centre
    contains the text."""
    df = followup(db, scope, month, **filters)
    if stages is not None:
        df = df[df.stage.isin(list(stages))]
    return out(matching(df, search).reset_index(drop=True))


def _once_per_subscription(df: pd.DataFrame, col: str) -> float:
    if df.empty:
        return 0.0
    return round(float(df[col].astype(float).fillna(0).groupby(df.subscription_id).max().sum()), 2)


@report("optimisation-followup-totals", "report.optimisation_followup_totals")
def optimisation_followup_totals(db: Database, scope: Scope, month: dt.date | None = None,
                                 **filters) -> pd.DataFrame:
    """Follow-up totals by stage: items, estimated and realised monthly saving, each
    subscription counted once in a stage (its largest saving, as ``potential``: one found by
    two rules cannot be saved twice), so the open stage's estimate is the findings' potential."""
    if scope.is_empty or opt.now_month(db, scope, month) is None:
        return out(pd.DataFrame(columns=FOLLOWUP_TOTAL_COLUMNS))
    df = followup(db, scope, month, **filters)
    rows = []
    for stage in STAGES:
        g = df[df.stage == stage]
        rows.append({"stage": stage, "items": len(g),
                     "estimated_saving_month": _once_per_subscription(g, "estimated_saving_month"),
                     "realised_saving_month": _once_per_subscription(g, "realised_saving_month")})
    return out(pd.DataFrame(rows, columns=FOLLOWUP_TOTAL_COLUMNS))
