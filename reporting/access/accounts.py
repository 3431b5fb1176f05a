"""Personal accounts in the state store: creation, lookup and the User they sign in as.

Passwords are hashed with argon2id (argon2-cffi). Login, lockout, OIDC and the main user's
user management build on these functions (reporting.access.auth, pages/users.py).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher

from reporting.access.scope import Role, User
from reporting.core import state
from reporting.core.identifiers import normalise_email

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request that cannot be done, in one sentence for the user."""


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    name: str
    role: Role
    org_id: str | None
    active: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Account:
        return cls(row["user_id"], row["email"], row["name"], Role(row["role"]), row["org_id"],
                   bool(row["active"]))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    return _hasher.hash(password)


def audit(con: sqlite3.Connection, *, actor: str, action: str, org_id: str | None = None,
          target: str | None = None, details: dict | None = None, manual: bool = False) -> None:
    con.execute(state.sql("access/audit_insert"), {
        "actor": actor, "org_id": org_id, "action": action, "target": target,
        "details": json.dumps(details or {}, ensure_ascii=False), "manual": int(manual)})


def create_account(*, email: str, name: str, role: Role | str, org_id: str | None,
                   created_by: str, password: str | None = None,
                   cost_centres: tuple[str, ...] = (), subscriptions: tuple[str, ...] = (),
                   manual: bool = False, path: Path | None = None,
                   con: sqlite3.Connection | None = None) -> Account:
    """Create an account (and its grants) in one transaction, audited. Pass ``con`` to take
    part in the caller's transaction (for example an order that creates its main user)."""
    role = Role(role)
    address = normalise_email(email)
    if address is None:
        raise AccountError(f"{email.strip()!r} is not an e-mail address.")
    email = address
    if role is not Role.OPERATOR and not org_id:
        raise AccountError("Every account except an operator's belongs to an organisation.")
    pw_hash = hash_password(password) if password else None
    user_id = "u_" + secrets.token_hex(8)

    def write(c: sqlite3.Connection) -> None:
        if c.execute(state.sql("access/account_by_email"), {"email": email}).fetchone():
            raise AccountError(f"An account with the e-mail address {email} already exists.")
        c.execute(state.sql("access/account_insert"), {
            "user_id": user_id, "email": email, "name": name.strip(), "role": role.value,
            "org_id": org_id, "password_hash": pw_hash, "created_by": created_by})
        for kind, values in (("cost_centre", cost_centres), ("subscription", subscriptions)):
            for v in values:
                c.execute(state.sql("access/grant_insert"),
                          {"user_id": user_id, "kind": kind, "value": v, "granted_by": created_by})
        audit(c, actor=created_by, action="create_account", org_id=org_id, target=user_id,
              details={"email": email, "role": role.value, "cost_centres": list(cost_centres),
                       "subscriptions": list(subscriptions)}, manual=manual)

    if con is not None:
        write(con)
    else:
        with state.transaction(path) as c:
            write(c)
    return Account(user_id, email, name.strip(), role, org_id, True)


def find_account(email: str, path: Path | None = None) -> Account | None:
    with state.connect(path) as con:
        row = con.execute(state.sql("access/account_by_email"),
                          {"email": normalise_email(email) or email.strip()}).fetchone()
    return Account.from_row(row) if row else None


def load_user(user_id: str, path: Path | None = None) -> User | None:
    """The User (with current grants) for an active account; None when missing or inactive.
    Called at every interaction, so a revoked grant takes effect at the next one."""
    with state.connect(path) as con:
        row = con.execute(state.sql("access/account_active_by_id"), {"user_id": user_id}).fetchone()
        if row is None:
            return None
        grants = con.execute(state.sql("access/grants_of_user"), {"user_id": user_id}).fetchall()
    ccs = frozenset(g["value"] for g in grants if g["kind"] == "cost_centre")
    subs = frozenset(g["value"] for g in grants if g["kind"] == "subscription")
    role = Role(row["role"])
    return User(
        user_id=row["user_id"], name=row["name"], role=role, org_id=row["org_id"],
        cost_centres=ccs if (ccs or role is Role.MANAGER) else None,
        subscriptions=subs, email=row["email"],
    )
