"""Alert rules: what a main user sets for the organisation and a manager for their centres.

Kinds (``threshold`` is decimal text, its unit by kind):

* ``budget_burn`` — a budget's month used at least ``threshold`` % (the actual of the newest
  invoiced month or the forecast of the open month; reporting.budgets.reports);
* ``bill_shock`` — a subscription's newest invoiced month over ``threshold`` € (``150``), or
  over ``threshold`` times its average of the three months before (``2x``) and at least 20 €
  (a multiple of a few euros is no shock);
* ``roaming`` — a subscription's roaming in the newest invoiced month over ``threshold`` €;
* ``data_allowance`` — a phone subscription that used at least ``threshold`` % of its plan's
  data allowance in the newest invoiced month (the Saldoviesti figures; unlimited plans never);
* ``incident`` — an incident going on, or maintenance scheduled, for a service of the
  organisation (no threshold; organisation-wide, so not for a manager);
* ``sla_missed`` — a service's availability under its SLA target in the last complete month;
* ``ticket_breach`` — a support request (open, or opened in the last complete month) past its
  response or resolution time (the SLA report's ``sla_breached``).

A rule is about the whole organisation (no centre) or one centre with its sub-centres; a
manager may set rules only for centres in their grants. Its alerts go to its owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from reporting.access.permissions import may_manage_org
from reporting.access.scope import Role, Scope, User
from reporting.core import state
from reporting.i18n import fmt_money, fmt_number, fmt_percent

KINDS = ("budget_burn", "bill_shock", "roaming", "data_allowance", "incident", "sla_missed", "ticket_breach")
NEEDS_THRESHOLD = {"budget_burn", "bill_shock", "roaming", "data_allowance"}
ORG_ONLY = {"incident", "sla_missed", "ticket_breach"}     # services are organisation-wide


class RuleError(ValueError):
    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(f"{key}: {values}")


@dataclass(frozen=True)
class Rule:
    rule_id: int
    org_id: str
    kind: str
    cost_centre: str | None
    threshold: str | None
    lang: str
    owner: str
    owner_name: str

    def scope(self) -> Scope:
        """What the rule looks at: the organisation, or its centre with the sub-centres."""
        if self.cost_centre:
            return Scope(org_id=self.org_id, cost_centres=frozenset({self.cost_centre}))
        return Scope.organisation(self.org_id)

    @property
    def factor(self) -> Decimal | None:
        """A bill-shock rule's factor (``2x``), None for a rule in euros."""
        t = (self.threshold or "").strip().lower()
        return Decimal(t[:-1]) if t.endswith("x") else None

    @property
    def amount(self) -> Decimal | None:
        t = (self.threshold or "").strip()
        return None if not t or t.lower().endswith("x") else Decimal(t)


def parse_threshold(kind: str, text: str | None) -> str | None:
    """The threshold as stored (``12.5``, ``2x``), or RuleError naming what is wrong."""
    if kind not in NEEDS_THRESHOLD:
        return None
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").lower()
    factor = kind == "bill_shock" and raw.endswith(("x", "×"))
    number = raw.rstrip("x×%€") if raw else raw
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise RuleError("alerts.error.threshold", value=text or "") from None
    if not value.is_finite() or value <= 0 or value > Decimal("1000000"):
        raise RuleError("alerts.error.threshold", value=text or "")
    return f"{value.normalize():f}" + ("x" if factor else "")


PERCENT_KINDS = {"budget_burn", "data_allowance"}


def threshold_text(kind: str, threshold: str | None, lang: str = "fi") -> str:
    """A stored threshold as the rules table shows it, with its unit: ``90 %``, ``150,00 €``,
    ``2 ×`` (Finnish; ``90%``, ``€150.00``, ``2×`` in English); ``–`` for a kind without one."""
    if not threshold:
        return "–"
    if threshold.endswith("x"):
        value = Decimal(threshold[:-1])
        return fmt_number(value, lang, 0 if value == value.to_integral() else 1) + ("\u00a0×" if lang == "fi" else "×")
    value = Decimal(threshold)
    if kind in PERCENT_KINDS:
        return fmt_percent(value / 100, lang, 0 if value == value.to_integral() else 1)
    return fmt_money(value, lang)


def may_set(user: User | None, org_id: str, kind: str, cost_centre: str | None) -> bool:
    """The operator and the organisation's main user for anything in it; a manager for a
    centre in their grants (not an organisation-wide rule, not an incident rule)."""
    if may_manage_org(user, org_id):
        return True
    if user is None or user.role is not Role.MANAGER or user.org_id != org_id:
        return False
    return kind not in ORG_ONLY and bool(cost_centre) and cost_centre in (user.cost_centres or ())


def add_rule(user: User, org_id: str, kind: str, cost_centre: str | None, threshold: str | None,
             lang: str = "fi", known_centres: set[str] | None = None, path: Path | None = None) -> int:
    """Store a rule for ``user``; returns its id. ``known_centres``: the organisation's
    centres (a rule's centre must be one of them)."""
    if kind not in KINDS:
        raise RuleError("alerts.error.kind", kind=kind)
    cost_centre = cost_centre or None
    if kind in ORG_ONLY:
        cost_centre = None
    if not may_set(user, org_id, kind, cost_centre):
        raise RuleError("alerts.error.not_allowed")
    if cost_centre and known_centres is not None and cost_centre not in known_centres:
        raise RuleError("alerts.error.unknown_centre", centre=cost_centre)
    stored = parse_threshold(kind, threshold)
    with state.transaction(path) as con:
        cur = con.execute(state.sql("alerts/rule_insert"), {
            "org_id": org_id, "kind": kind, "cost_centre": cost_centre, "threshold": stored,
            "lang": lang, "owner": user.user_id, "owner_name": user.name})
        return int(cur.lastrowid)


def rules_of(org_id: str, path: Path | None = None) -> list[Rule]:
    with state.connect(path) as con:
        rows = con.execute(state.sql("alerts/rules_of_org"), {"org_id": org_id}).fetchall()
    return [Rule(r["rule_id"], r["org_id"], r["kind"], r["cost_centre"], r["threshold"], r["lang"],
                 r["owner"], r["owner_name"]) for r in rows]


def rules_for(user: User, org_id: str, path: Path | None = None) -> pd.DataFrame:
    """The rules ``user`` sees: all of the organisation's for one who manages it, else their own."""
    rules = [r for r in rules_of(org_id, path) if may_manage_org(user, org_id) or r.owner == user.user_id]
    return pd.DataFrame([{"alert_kind": r.kind, "cost_centre": r.cost_centre, "threshold": r.threshold,
                          "rule_owner": r.owner_name, "rule_id": r.rule_id} for r in rules],
                        columns=["alert_kind", "cost_centre", "threshold", "rule_owner", "rule_id"])


def remove_rule(user: User, org_id: str, rule_id: int, path: Path | None = None) -> None:
    rule = next((r for r in rules_of(org_id, path) if r.rule_id == rule_id), None)
    if rule is None or not (may_manage_org(user, org_id) or rule.owner == user.user_id):
        raise RuleError("alerts.error.not_allowed")
    with state.transaction(path) as con:
        con.execute(state.sql("alerts/rule_deactivate"), {"rule_id": rule_id, "org_id": org_id})


def orgs_with_rules(path: Path | None = None) -> list[str]:
    with state.connect(path) as con:
        return [r[0] for r in con.execute(state.sql("alerts/orgs_with_rules")).fetchall()]
