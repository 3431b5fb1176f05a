"""User management: what a main user (self-service) or the operator (a manual change on the
customer's request) may do to the accounts of an organisation. Every operation checks on the
server who is asking and what they ask for, writes in one transaction and audits it.

Rules
- A main user manages the accounts of their own organisation only; the operator manages any
  organisation's, and each such change is recorded as manual (priced, ``manual_change_price``).
- Grants must exist in the organisation in the analytical database: cost centres for managers
  and analysts, subscriptions for employees. Anything else is refused, naming the values.
- Nobody changes their own role, grants or active state (no locking oneself out, no
  self-promotion); operator accounts are created only from the command line.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from reporting.access.accounts import Account, AccountError, audit, create_account, hash_password
from reporting.access.passwords import temporary_expiry
from reporting.access.permissions import is_operator, may_manage_users
from reporting.access.scope import Role, User
from reporting.core import state
from reporting.core.db import Database
from reporting.core.months import add_months, month_start
from reporting.orders.pricing import PriceList, load_price_list

MANAGEABLE_ROLES = (Role.MAIN_USER, Role.MANAGER, Role.ANALYST, Role.EMPLOYEE)


class AccessDenied(AccountError):
    """The actor may not do this (another organisation, their own account, a higher role)."""


def monthly_fee(active_users: int, price_list: PriceList | None = None) -> Decimal | None:
    """The reporting service's monthly fee (EUR VAT 0 %) for ``active_users`` from the
    operator's price list (reporting.orders.pricing): None above the last user tier (a custom offer
    from sales); 0 users cost nothing."""
    return (price_list or load_price_list()).monthly_fee_for(max(0, active_users))


def manual_change_price(price_list: PriceList | None = None) -> Decimal:
    """The price of one manual credential change made by the operator (self-service is free)."""
    return (price_list or load_price_list()).manual_credential_change


@dataclass(frozen=True)
class Change:
    """The result of an operation: what was done and, for a new password, the password to
    hand over once (it is stored only as a hash)."""

    account: Account
    temporary_password: str | None = None


# -- checks ---------------------------------------------------------------------------------

def _require_org(actor: User, org_id: str | None) -> None:
    if not may_manage_users(actor, org_id):
        raise AccessDenied("You may manage the users of your own organisation only.")


def changes_are_manual(actor: User) -> bool:
    """The operator's changes are made on the customer's request: manual and priced."""
    return is_operator(actor)


def _target(con, actor: User, user_id: str, *, self_ok: bool = False):
    row = con.execute(state.sql("access/account_by_id"), {"user_id": user_id}).fetchone()
    # Another organisation's account and a missing one get the same answer.
    if row is None or row["role"] == Role.OPERATOR.value or not may_manage_users(actor, row["org_id"]):
        raise AccessDenied("No such user in your organisation.")
    if not self_ok and row["user_id"] == actor.user_id:
        raise AccessDenied("You cannot change your own role, access or account state.")
    return row


def _role(role: Role | str) -> Role:
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"Unknown role {role!r}.") from None
    if role not in MANAGEABLE_ROLES:
        raise AccessDenied("Operator accounts are created with the command line only.")
    return role


def grant_kind(role: Role | str) -> str | None:
    """What a role is granted: cost centres (managers and analysts, sub-centres included),
    its own subscriptions (employees), or nothing (a main user sees the whole organisation)."""
    role = Role(role)
    if role in (Role.MANAGER, Role.ANALYST):
        return "cost_centre"
    if role is Role.EMPLOYEE:
        return "subscription"
    return None


@dataclass(frozen=True)
class Offered:
    """What a form showed when it was rendered: its pickers' options. A submission that
    grants anything else (a value a browser kept from an earlier form, a forged one) is
    refused, whatever else it asks for."""

    cost_centres: frozenset[str] = frozenset()
    subscriptions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, cost_centres=(), subscriptions=()) -> Offered:
        return cls(frozenset(map(str, cost_centres or ())), frozenset(map(str, subscriptions or ())))


def check_grants(db: Database, org_id: str, role: Role, cost_centres, subscriptions,
                 offered: Offered | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The grants that fit ``role``, each checked to exist in ``org_id`` in the analytical
    database and, when ``offered`` is given, to be among the options the form showed. Raises
    AccountError naming what does not exist, was not offered or does not fit."""
    ccs = tuple(sorted({str(c).strip() for c in cost_centres or () if str(c).strip()}))
    subs = tuple(sorted({str(s).strip() for s in subscriptions or () if str(s).strip()}))
    if offered is not None:
        not_shown = [c for c in ccs if c not in offered.cost_centres] + \
                    [s for s in subs if s not in offered.subscriptions]
        if not_shown:
            raise AccessDenied("The form did not offer these grants; nothing was saved: "
                               f"{', '.join(not_shown)}.")
    kind = grant_kind(role)
    if kind is None and (ccs or subs):
        raise AccountError("A main user sees the whole organisation; grant nothing to them.")
    if kind == "cost_centre" and subs:
        raise AccountError("Managers and analysts are granted cost centres, not subscriptions.")
    if kind == "subscription" and ccs:
        raise AccountError("Employees are granted their own subscriptions, not cost centres.")
    if ccs:
        known = set(db.named("access/access_cost_centres", {"org_id": org_id})["code"])
        unknown = [c for c in ccs if c not in known]
        if unknown:
            raise AccessDenied(f"Cost centres not in your organisation: {', '.join(unknown)}.")
    if subs:
        known = set(db.named("access/access_subscriptions", {"org_id": org_id})["subscription_id"])
        unknown = [s for s in subs if s not in known]
        if unknown:
            raise AccessDenied(f"Subscriptions not in your organisation: {', '.join(unknown)}.")
    return ccs, subs


def _new_password() -> str:
    return secrets.token_urlsafe(12)          # 16 characters, above the minimum length


# -- operations -----------------------------------------------------------------------------

def create_user(actor: User, db: Database, *, org_id: str, email: str, name: str,
                role: Role | str, cost_centres=(), subscriptions=(), password: str | None = None,
                offered: Offered | None = None, path: Path | None = None) -> Change:
    """Create (invite) an account in ``org_id``. Without ``password`` a temporary one is
    generated and returned once, to hand over to the person. ``offered``: what the page's
    form showed (Offered); grants outside it are refused."""
    _require_org(actor, org_id)
    role = _role(role)
    if not name or not name.strip():
        raise AccountError("Give the person's name.")
    ccs, subs = check_grants(db, org_id, role, cost_centres, subscriptions, offered)
    generated = None if password else _new_password()
    # a password someone else chose or generated is temporary: changed at the first sign-in
    account = create_account(email=email, name=name, role=role, org_id=org_id,
                             created_by=actor.user_id, password=password or generated,
                             cost_centres=ccs, subscriptions=subs, manual=changes_are_manual(actor), path=path,
                             temporary=True)
    return Change(account, generated)


def update_access(actor: User, db: Database, user_id: str, *, role: Role | str,
                  cost_centres=(), subscriptions=(), offered: Offered | None = None,
                  path: Path | None = None) -> Change:
    """Set an account's role and replace its grants; each difference is audited.
    ``offered``: what the page's form showed (Offered); grants outside it are refused."""
    role = _role(role)
    with state.transaction(path) as con:
        row = _target(con, actor, user_id)
        org_id = row["org_id"]
        ccs, subs = check_grants(db, org_id, role, cost_centres, subscriptions, offered)
        manual = changes_are_manual(actor)
        if row["role"] != role.value:
            con.execute(state.sql("access/account_set_role"), {"user_id": user_id, "role": role.value})
            audit(con, actor=actor.user_id, action="change_role", org_id=org_id, target=user_id,
                  details={"from": row["role"], "to": role.value}, manual=manual)
        current = {(g["kind"], g["value"]) for g in
                   con.execute(state.sql("access/grants_of_user"), {"user_id": user_id})}
        wanted = {("cost_centre", c) for c in ccs} | {("subscription", s) for s in subs}
        for kind, value in sorted(current - wanted):
            con.execute(state.sql("access/grant_delete"), {"user_id": user_id, "kind": kind, "value": value})
            audit(con, actor=actor.user_id, action="revoke", org_id=org_id, target=user_id,
                  details={"kind": kind, "value": value}, manual=manual)
        for kind, value in sorted(wanted - current):
            con.execute(state.sql("access/grant_insert"),
                        {"user_id": user_id, "kind": kind, "value": value, "granted_by": actor.user_id})
            audit(con, actor=actor.user_id, action="grant", org_id=org_id, target=user_id,
                  details={"kind": kind, "value": value}, manual=manual)
        row = con.execute(state.sql("access/account_by_id"), {"user_id": user_id}).fetchone()
    return Change(Account.from_row(row))


def set_active(actor: User, user_id: str, active: bool, *, path: Path | None = None) -> Change:
    """Deactivate (the person's next click signs them out) or reactivate an account."""
    with state.transaction(path) as con:
        row = _target(con, actor, user_id)
        if bool(row["active"]) != active:
            con.execute(state.sql("access/account_set_active"), {"user_id": user_id, "active": int(active)})
            audit(con, actor=actor.user_id, action="reactivate" if active else "deactivate",
                  org_id=row["org_id"], target=user_id, manual=changes_are_manual(actor))
        row = con.execute(state.sql("access/account_by_id"), {"user_id": user_id}).fetchone()
    return Change(Account.from_row(row))


def reset_password(actor: User, user_id: str, *, password: str | None = None,
                   path: Path | None = None) -> Change:
    """Set a new password (a generated one unless given). A password someone else set, or a
    generated one, is temporary (changed at the next sign-in, expires after
    reporting.access.passwords.TEMPORARY_DAYS); every session of the account ends; the
    sign-in delays of its address are lifted. Anyone may reset their own password this way."""
    new = password or _new_password()
    with state.transaction(path) as con:
        row = _target(con, actor, user_id, self_ok=True)
        pw_hash = hash_password(new, (row["email"], row["name"]))
        temporary = password is None or actor.user_id != user_id
        con.execute(state.sql("access/account_set_password"), {
            "user_id": user_id, "password_hash": pw_hash, "temporary": int(temporary),
            "expires_at": temporary_expiry() if temporary else None})
        con.execute(state.sql("access/throttle_clear_account"), {"account": row["email"]})
        audit(con, actor=actor.user_id, action="reset_password", org_id=row["org_id"],
              target=user_id, manual=changes_are_manual(actor))
    return Change(Account.from_row(row), None if password else new)


def link_oidc(actor: User, user_id: str, *, issuer: str, subject: str,
              path: Path | None = None) -> Change:
    """Link an OpenID Connect identity (issuer + subject, shown to the person on the sign-in
    page) to an account; empty values remove the link."""
    issuer, subject = (issuer or "").strip(), (subject or "").strip()
    if bool(issuer) != bool(subject):
        raise AccountError("Give both the issuer and the subject, or neither.")
    with state.transaction(path) as con:
        row = _target(con, actor, user_id, self_ok=True)
        if issuer:
            other = con.execute(state.sql("access/account_oidc_taken"),
                                {"issuer": issuer, "subject": subject, "user_id": user_id}).fetchone()
            if other:
                raise AccountError("That sign-in identity is already linked to another account.")
        con.execute(state.sql("access/account_set_oidc"),
                    {"user_id": user_id, "issuer": issuer or None, "subject": subject or None})
        audit(con, actor=actor.user_id, action="link_oidc" if issuer else "unlink_oidc",
              org_id=row["org_id"], target=user_id,
              details={"issuer": issuer, "subject": subject} if issuer else {}, manual=changes_are_manual(actor))
        row = con.execute(state.sql("access/account_by_id"), {"user_id": user_id}).fetchone()
    return Change(Account.from_row(row))


# -- reading --------------------------------------------------------------------------------

USER_COLUMNS = ["user_id", "name", "email", "role", "active", "cost_centres", "subscriptions",
                "oidc_linked", "locked", "created_at"]


def list_users(actor: User, org_id: str, *, path: Path | None = None,
               now: dt.datetime | None = None) -> pd.DataFrame:
    """The organisation's accounts with their grants (one row each)."""
    _require_org(actor, org_id)
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with state.connect(path) as con:
        rows = con.execute(state.sql("access/accounts_of_org"), {"org_id": org_id}).fetchall()
        grants = con.execute(state.sql("access/grants_of_org"), {"org_id": org_id}).fetchall()
        delayed = {r["account"] for r in con.execute(state.sql("access/throttle_delayed"),
                                                     {"now": now.replace(microsecond=0).isoformat()})}
    by_user: dict[str, dict[str, list[str]]] = {}
    for g in grants:
        by_user.setdefault(g["user_id"], {}).setdefault(g["kind"], []).append(g["value"])
    out = []
    for r in rows:
        g = by_user.get(r["user_id"], {})
        # "locked": some source must wait before its next sign-in attempt for this address
        # (reporting.access.auth; the account itself is never locked)
        locked = r["email"].lower() in delayed
        out.append({
            "user_id": r["user_id"], "name": r["name"], "email": r["email"], "role": r["role"],
            "active": bool(r["active"]), "cost_centres": ", ".join(g.get("cost_centre", [])),
            "subscriptions": ", ".join(g.get("subscription", [])),
            "oidc_linked": bool(r["oidc_subject"]), "locked": locked,
            "created_at": pd.Timestamp(r["created_at"]),
        })
    return pd.DataFrame(out, columns=USER_COLUMNS)


@dataclass(frozen=True)
class GrantOptions:
    cost_centres: pd.DataFrame      # code, name, parent_code, depth
    subscriptions: pd.DataFrame     # subscription_id, phone_number, user_name, cost_centre ...


def grant_options(actor: User, db: Database, org_id: str) -> GrantOptions:
    """What may be granted in ``org_id``: only that organisation's cost centres and
    subscriptions (the same lists ``check_grants`` accepts)."""
    _require_org(actor, org_id)
    return GrantOptions(db.named("access/access_cost_centres", {"org_id": org_id}),
                        db.named("access/access_subscriptions", {"org_id": org_id}))


def active_user_count(org_id: str, *, path: Path | None = None) -> int:
    with state.connect(path) as con:
        return con.execute(state.sql("access/active_user_count"), {"org_id": org_id}).fetchone()[0]


def manual_changes(org_id: str, *, month: dt.date | None = None, path: Path | None = None) -> int:
    """How many changes the operator made on the organisation's request (all time, or in the
    calendar month of ``month``); each is priced ``manual_change_price()``."""
    params = {"org_id": org_id, "start": None, "end": None}
    if month is not None:
        start, end = month_start(month), add_months(month, 1)
        params.update(start=start.isoformat(), end=end.isoformat())
    with state.connect(path) as con:
        return con.execute(state.sql("access/manual_change_count"), params).fetchone()[0]


@dataclass(frozen=True)
class FeeSummary:
    """The Users page's figures: the fee from the active users, and this month's manual
    changes with what they cost."""
    active_users: int
    monthly_fee: Decimal | None          # None above the last user tier: a custom offer
    manual_change_price: Decimal
    manual_changes_month: int
    manual_changes_cost: Decimal


def fee_summary(org_id: str, price_list: PriceList | None = None, *, today: dt.date | None = None,
                path: Path | None = None) -> FeeSummary:
    prices = price_list or load_price_list()
    active = active_user_count(org_id, path=path)
    price = manual_change_price(prices)
    manual = manual_changes(org_id, month=month_start(today or dt.date.today()), path=path)
    return FeeSummary(active, monthly_fee(active, prices), price, manual, manual * price)


AUDIT_COLUMNS = ["at", "actor", "action", "target", "details", "manual"]


def _audit_who(value: object, lang: str) -> object:
    """An actor or target without an account: a demo persona's id (demo:<role>:...) as the
    words "Demo user (role)"; anything else as it is."""
    from reporting.i18n import has_string, t

    if isinstance(value, str) and value.startswith("demo:"):
        role = value.split(":")[1]
        role = {"main": "main_user"}.get(role, role)      # demo:main:<org> is a main user
        if has_string(f"role.{role}"):
            return t("audit.demo_user", lang, role=t(f"role.{role}", lang))
    return value


def _audit_details(action: str, details: object, lang: str) -> str:
    """An audit row's JSON details as a short phrase in the language."""
    import json

    from reporting.i18n import MISSING, code_label, t

    try:
        d = json.loads(details) if isinstance(details, str) and details else {}
    except ValueError:
        return str(details)
    if not isinstance(d, dict) or not d:
        return MISSING

    def role(v):
        return code_label("role", v, lang)

    parts = []
    if action == "create_account":
        if d.get("role"):
            parts.append(t("audit.role", lang, role=role(d["role"])))
        if d.get("cost_centres"):
            parts.append(t("audit.cost_centres", lang, values=", ".join(map(str, d["cost_centres"]))))
        if d.get("subscriptions"):
            parts.append(t("audit.subscriptions", lang, values=", ".join(map(str, d["subscriptions"]))))
    elif action in ("grant", "revoke") and d.get("kind") in ("cost_centre", "subscription"):
        parts.append(t(f"audit.{d['kind']}", lang, value=d.get("value", "")))
    elif action == "change_role":
        parts.append(t("audit.from_to", lang, old=role(d.get("from")), new=role(d.get("to"))))
    elif action == "order_state":
        parts.append(t("audit.from_to", lang, old=code_label("order_state", d.get("from"), lang),
                       new=code_label("order_state", d.get("to"), lang)))
    elif action == "order_received":
        parts.append(t("audit.account_created" if d.get("account_created") else "audit.account_existed", lang))
    elif action == "link_oidc" and d.get("issuer"):
        parts.append(t("audit.issuer", lang, issuer=d["issuer"]))
    else:                                   # an action this list does not know: its values
        parts += [f"{k}: {v}" for k, v in d.items()]
    return " · ".join(parts) or MISSING


def audit_for_screen(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``audit_trail`` for a person to read: the change in words, a demo persona's id as
    "Demo user (role)", the details as a phrase instead of JSON, the time on the Finnish wall
    clock (the state store keeps UTC). The download keeps ``audit_trail`` as it is."""
    from reporting.i18n import TIME_ZONE, code_label

    out = log.copy()
    if out.empty:
        return out
    out["details"] = [_audit_details(a, d, lang) for a, d in zip(out.action, out.details, strict=True)]
    out["action"] = [code_label("audit.action", a, lang) for a in out.action]
    out["actor"] = [_audit_who(v, lang) for v in out.actor]
    out["target"] = [_audit_who(v, lang) for v in out.target]
    at = pd.to_datetime(out["at"])
    at = at.dt.tz_localize("UTC") if at.dt.tz is None else at
    out["at"] = at.dt.tz_convert(TIME_ZONE).dt.tz_localize(None)
    return out


def audit_trail(actor: User, org_id: str, *, limit: int = 500, path: Path | None = None) -> pd.DataFrame:
    """The organisation's access changes, newest first, with names instead of ids."""
    _require_org(actor, org_id)
    with state.connect(path) as con:
        rows = con.execute(state.sql("access/audit_trail"), {"org_id": org_id, "limit": limit}).fetchall()
    df = pd.DataFrame([dict(r) for r in rows], columns=AUDIT_COLUMNS)
    df["at"] = pd.to_datetime(df["at"])
    df["manual"] = df["manual"].astype(bool)
    return df
