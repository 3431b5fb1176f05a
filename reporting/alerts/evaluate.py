"""Evaluating alert rules against the data: after every import of an organisation, and in
every pass of ``python -m reporting run-due`` (cron or the scheduler).

Each rule looks at its scope through the registered reports (the figures equal the pages').
A condition fires once per rule, period and condition: the alert's key (``period``,
``condition_key``) is unique per rule in the state store, so the same month's overrun found
again by the next import or the next daily pass adds nothing. A new alert goes into the
outbox for its rule's owner when the owner's account has an e-mail address.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from reporting.alerts.rules import Rule, orgs_with_rules, rules_of
from reporting.core import config, state
from reporting.core.db import Database
from reporting.core.months import add_months
from reporting.core.registry import run_report
from reporting.costs.reports import latest_month

MIN_SHOCK_EUR = 20.0     # a factor bill-shock rule ignores months below this


def _num(v) -> float:
    return 0.0 if v is None or pd.isna(v) else float(v)


def _budget_conditions(db: Database, rule: Rule) -> list[tuple[str, str, dict]]:
    threshold = float(rule.amount or 0)
    scope = rule.scope()
    latest = latest_month(db, scope)
    if latest is None:
        return []
    out = []
    for month in (latest, add_months(latest, 1)):
        df = run_report("budget-vs-actual", db, scope, month=month)
        row = df[df.cost_centre.isna()] if not rule.cost_centre else df[df.cost_centre == rule.cost_centre]
        if row.empty:
            continue
        r = row.iloc[0]
        if pd.notna(r.used_pct) and float(r.used_pct) >= threshold:
            what = "actual" if bool(r.month_closed) else "forecast"
            out.append((month.strftime("%Y-%m"), f"budget:{rule.cost_centre or '*'}:{what}",
                        {"month": month.isoformat(), "what": what, "used_pct": float(r.used_pct),
                         "budget": round(_num(r.budget), 2), "amount": round(_num(r.forecast), 2),
                         "cost_centre": rule.cost_centre, "cost_centre_name": r.cost_centre_name
                         if isinstance(r.cost_centre_name, str) else None}))
    return out


def _subscription_conditions(db: Database, rule: Rule) -> list[tuple[str, str, dict]]:
    scope = rule.scope()
    month = latest_month(db, scope)
    if month is None:
        return []
    now = run_report("costs-by-subscription", db, scope, month_from=month, month_to=month)
    out = []
    if rule.kind == "roaming":
        limit = float(rule.amount)
        for r in now.itertuples():
            if _num(r.roaming) > limit:
                out.append((month.strftime("%Y-%m"), f"sub:{r.subscription_id}", {
                    "month": month.isoformat(), "subscription_id": r.subscription_id,
                    "user_name": r.user_name if isinstance(r.user_name, str) else None,
                    "amount": round(_num(r.roaming), 2), "limit": limit}))
        return out
    before = run_report("costs-by-subscription", db, scope, month_from=add_months(month, -3),
                        month_to=add_months(month, -1))
    average = {r.subscription_id: _num(r.amount) / 3 for r in before.itertuples()}
    for r in now.itertuples():
        amount = _num(r.amount)
        if rule.factor is not None:
            avg = average.get(r.subscription_id, 0.0)
            # a multiple of a small bill is no shock: the month must also be MIN_SHOCK_EUR or more
            hit = avg > 0 and amount > float(rule.factor) * avg and amount >= MIN_SHOCK_EUR
            limit = round(avg * float(rule.factor), 2)
        else:
            limit = float(rule.amount)
            hit = amount > limit
        if hit:
            out.append((month.strftime("%Y-%m"), f"sub:{r.subscription_id}", {
                "month": month.isoformat(), "subscription_id": r.subscription_id,
                "user_name": r.user_name if isinstance(r.user_name, str) else None,
                "amount": round(amount, 2), "limit": limit,
                "average": round(average.get(r.subscription_id, 0.0), 2)}))
    return out


def _incident_conditions(db: Database, rule: Rule) -> list[tuple[str, str, dict]]:
    df = run_report("status-incidents", db, rule.scope())
    out = []
    for r in df.itertuples():
        start = pd.Timestamp(r.starts_at)
        out.append((start.date().isoformat(), f"event:{r.service_id}:{r.event_id}", {
            "phase": r.phase, "service_name": r.service_name, "status": r.status,
            "starts_at": start.isoformat(), "title": r.event_title}))
    return out


def _sla_conditions(db: Database, rule: Rule) -> list[tuple[str, str, dict]]:
    """Services whose availability missed the SLA target in the last complete month."""
    df = run_report("status-sla", db, rule.scope())
    out = []
    for r in df[df.meets_sla.astype("boolean").fillna(True) == False].itertuples():  # noqa: E712
        month = pd.Timestamp(r.month).date()
        out.append((month.strftime("%Y-%m"), f"sla:{r.service_id}", {
            "month": month.isoformat(), "service_name": r.service_name,
            "availability_pct": float(r.availability_pct), "target_pct": float(r.sla_availability_pct)}))
    return out


def _ticket_conditions(db: Database, rule: Rule) -> list[tuple[str, str, dict]]:
    """Support requests, open or of the last complete month, that breached their SLA."""
    scope = rule.scope()
    df = pd.concat([run_report("tickets", db, scope, open_only=True, all_months=True),
                    run_report("tickets", db, scope)], ignore_index=True).drop_duplicates("ticket_id")
    out = []
    for r in df[df.sla_breached.astype(bool)].itertuples():
        opened = pd.Timestamp(r.opened_at)
        out.append((opened.strftime("%Y-%m"), f"ticket:{r.ticket_id}", {
            "ticket_id": r.ticket_id, "service_name": r.service_name, "priority": r.priority,
            "subject": r.subject, "opened_at": opened.isoformat()}))
    return out


def _allowance_conditions(db: Database, rule: Rule) -> list[tuple[str, str, dict]]:
    """Phone subscriptions (the Saldoviesti figures: mobile voice, the newest invoiced month)
    that used at least ``threshold`` % of their plan's data allowance; unlimited plans never."""
    scope = rule.scope()
    month = latest_month(db, scope)
    if month is None:
        return []
    df = run_report("saldoviesti", db, scope, month=month)
    limit = float(rule.amount)
    out = []
    for r in df.itertuples():
        allowance = _num(r.allowance_gb)
        if allowance <= 0:
            continue
        used = 100.0 * _num(r.data_gb) / allowance
        if used >= limit:
            out.append((month.strftime("%Y-%m"), f"sub:{r.subscription_id}", {
                "month": month.isoformat(), "subscription_id": r.subscription_id,
                "user_name": r.user_name if isinstance(r.user_name, str) else None,
                "used_pct": used, "data_gb": _num(r.data_gb), "allowance_gb": allowance}))
    return out


CONDITIONS = {"data_allowance": _allowance_conditions, "budget_burn": _budget_conditions, "bill_shock": _subscription_conditions,
              "roaming": _subscription_conditions, "incident": _incident_conditions,
              "sla_missed": _sla_conditions, "ticket_breach": _ticket_conditions}


def evaluate_org(db: Database, org_id: str, *, path: Path | None = None) -> list[int]:
    """Evaluate the organisation's rules; returns the ids of the alerts that fired now."""
    fired: list[int] = []
    db = db.for_org(org_id)
    rules = rules_of(org_id, path)
    found = [(rule, cond) for rule in rules for cond in CONDITIONS[rule.kind](db, rule)]
    if not found:
        return fired
    with state.transaction(path) as con:
        for rule, (period, key, facts) in found:
            row = con.execute(state.sql("alerts/alert_insert"), {
                "rule_id": rule.rule_id, "org_id": org_id, "period": period, "condition_key": key,
                "facts": json.dumps(facts, ensure_ascii=False, default=str)}).fetchone()
            if row is None:
                continue            # fired before: once per rule, period and condition
            fired.append(int(row[0]))
            email = con.execute(state.sql("alerts/owner_email"), {"user_id": rule.owner}).fetchone()
            if email is not None and email[0]:
                con.execute(state.sql("alerts/outbox_insert"),
                            {"alert_id": int(row[0]), "recipient": email[0], "lang": rule.lang})
    return fired


def evaluate_all(db: Database, *, path: Path | None = None) -> dict[str, list[int]]:
    """Every organisation with rules (the daily pass)."""
    return {org: evaluate_org(db, org, path=path) for org in orgs_with_rules(path)}


def alerts_after(result, db_path: Path) -> list[int]:
    """Evaluate the organisation's rules on what an import (``result``:
    reporting.ingest.model.ImportResult) loaded. The import has landed whatever happens
    here: a failing rule is logged, not raised."""
    if not result.rows_loaded:
        return []
    try:
        return after_import(Path(db_path), result.org_id, config.state_path(Path(db_path)))
    except Exception:
        logging.getLogger(__name__).exception("alert rules of %s after an import", result.org_id)
        return []


def after_import(db_path: Path, org_id: str, state_path: Path | None = None) -> list[int]:
    """The alerts an import's new data fires (called after a loaded import)."""
    db = Database(db_path, org_id)
    try:
        return evaluate_org(db, org_id, path=state_path)
    finally:
        db.close()

