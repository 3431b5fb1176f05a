"""Decisions on optimisation findings, stored in the state store (SQLite, survives restarts).

Only an operator or the organisation's main user may record a decision; that is checked
here, on the server side, whatever the page shows. A decision is stored with who made it,
when, the evidence fingerprint of the finding and the month it was judged in; history is
kept and the latest decision per (organisation, subscription, rule) is the one in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from reporting.access.permissions import may_decide_optimisation
from reporting.access.scope import User
from reporting.core import config, state
from reporting.core.db import Database
from reporting.core.months import month_start
from reporting.core.sqlfiles import load_sql

DECISIONS = ("terminate", "change_plan", "keep", "review")
DECISION_COLUMNS = [
    "id", "org_id", "subscription_id", "rule", "decision", "reason", "target_plan",
    "fingerprint", "finding_month", "plan_at_decision", "estimated_saving_month",
    "baseline_cost_month", "decided_by", "decided_by_name", "decided_at",
]


class _Keyed:
    """An error with an i18n key (``opt.err.*``) for the page and an English message for logs."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


class DecisionRefused(_Keyed, PermissionError):
    """The user may not record this decision."""


class DecisionInvalid(_Keyed, ValueError):
    """The decision is incomplete or malformed; the message says what to fix."""


def _state_path(db: Database | None, path: Path | None) -> Path:
    return Path(path) if path else config.state_path(db.path if db is not None else None)


def record_decision(db: Database, user: User, org_id: str, finding: Mapping, decision: str,
                    reason: str = "", *, target_plan: str | None = None,
                    finding_month: dt.date, baseline_cost_month: float | None = None,
                    path: Path | None = None) -> int:
    """Store one decision on ``finding`` (a row of the ``optimisation`` report) and return
    its id. Refused unless ``user`` is an operator or the organisation's main user and the
    subscription is in the organisation."""
    if not may_decide_optimisation(user, org_id):
        raise DecisionRefused("opt.err.not_allowed", "Only the organisation's main user or the operator may record "
                              "decisions on optimisation findings.")
    if decision not in DECISIONS:
        raise DecisionInvalid("opt.err.unknown", f"Unknown decision {decision!r}; choose one of {', '.join(DECISIONS)}.")
    reason = (reason or "").strip()
    if decision == "keep" and not reason:
        raise DecisionInvalid("opt.err.reason", "A decision to keep the subscription needs a reason.")
    sid = str(finding.get("subscription_id") or "")
    rule_key = str(finding.get("finding_rule") or "")
    fp = str(finding.get("evidence_fingerprint") or "")
    if not sid or not rule_key or not fp:
        raise DecisionInvalid("opt.err.finding", "The finding lacks its subscription, rule or fingerprint.")
    scope = user.scope(org_id)
    found = db.rows(load_sql("optimisation/optimisation_subscription_in_scope"), {**scope.params(), "sid": sid})
    if not found:
        raise DecisionRefused("opt.err.not_in_org", f"Subscription {sid} is not in organisation {org_id}.")
    if decision == "change_plan":
        target_plan = target_plan or finding.get("recommended_plan") or None
        if not target_plan:
            raise DecisionInvalid("opt.err.target", "A change of plan needs the plan to change to.")
    else:
        target_plan = None
    saving = finding.get("saving_month")
    with state.transaction(_state_path(db, path)) as con:
        cur = con.execute(state.sql("optimisation/decision_insert"), {
            "org_id": org_id, "subscription_id": sid, "rule": rule_key, "decision": decision,
            "reason": reason, "target_plan": target_plan, "fingerprint": fp,
            "finding_month": month_start(finding_month).isoformat(),
            "plan_at_decision": finding.get("plan"),
            "estimated_saving_month": float(saving) if saving is not None and saving == saving else 0.0,
            "baseline_cost_month": None if baseline_cost_month is None else float(baseline_cost_month),
            "decided_by": user.user_id, "decided_by_name": user.name})
        return int(cur.lastrowid)


def latest_decisions(org_id: str | None, *, db: Database | None = None,
                     path: Path | None = None) -> pd.DataFrame:
    """The decision in force per (subscription, rule) of the organisation."""
    if not org_id:
        return pd.DataFrame(columns=DECISION_COLUMNS)
    with state.connect(_state_path(db, path)) as con:
        rows = con.execute(state.sql("optimisation/decisions_latest"), {"org_id": org_id}).fetchall()
    df = pd.DataFrame([dict(r) for r in rows], columns=DECISION_COLUMNS)
    df["finding_month"] = df.finding_month.map(lambda v: dt.date.fromisoformat(v) if v else None)
    return df


def version(org_id: str | None, *, db: Database | None = None, path: Path | None = None) -> str:
    """Changes whenever a decision of the organisation is recorded: part of cache keys."""
    if not org_id:
        return "0"
    where = _state_path(db, path)
    with state.connect(where) as con:
        n, last, at = con.execute(state.sql("optimisation/decisions_version"), {"org_id": org_id}).fetchone()
    return f"{where}:{n}-{last}-{at}"
