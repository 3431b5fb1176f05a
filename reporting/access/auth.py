"""Signing in: local passwords with lockout, OpenID Connect identity mapping, the session.

Nothing here trusts the URL or a widget: the signed-in account is the ``user_id`` that
``sign_in`` put into the session state after a successful check, and the User is reloaded
from the state store (``reporting.access.accounts.load_user``) at every interaction, so a
deactivation or a revoked grant takes effect at the user's next click.

The Streamlit-specific glue (``st.login`` / ``st.user``) lives in pages/login.py; the mapping
from OIDC claims to an account is the pure function ``account_for_oidc`` so it can be tested
without an identity provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError

from reporting.access import accounts
from reporting.access.accounts import audit, load_user
from reporting.access.scope import User
from reporting.core import state
from reporting.core.identifiers import normalise_email

MAX_FAILED_LOGINS = 5          # consecutive failures before the account is locked
LOCKOUT_MINUTES = 15
SESSION_KEY = "_auth_uid"      # the only place the signed-in account id is kept
# Session keys that survive signing in or out (the UI language); everything else is cleared
# so nothing chosen by one person (filters, selections) carries over to the next.
KEEP_ON_SIGN_IN = ("lang",)

# Verified against when the e-mail is unknown, so the answer takes as long as for a real one.
# Hashing and verifying use the one hasher of reporting.access.accounts (one set of parameters).
_DUMMY_HASH = accounts._hasher.hash("not-a-real-password-but-long-enough")


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a sign-in attempt: ``user_id`` on success, otherwise an i18n message
    key (``values`` fill it in)."""

    user_id: str | None
    message: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.user_id is not None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def authenticate(email: str, password: str, *, path: Path | None = None,
                 now: dt.datetime | None = None) -> LoginResult:
    """Check an e-mail and password. After MAX_FAILED_LOGINS consecutive failures the
    account is locked for LOCKOUT_MINUTES; while locked even the right password is refused.
    An unknown e-mail, a wrong password and a deactivated account get the same answer."""
    now = now or _now()
    email = normalise_email(email) or (email or "").strip()
    with state.transaction(path) as con:
        row = con.execute(state.sql("access/account_by_email"), {"email": email}).fetchone()
        if row is None or not row["password_hash"]:
            _verify(_DUMMY_HASH, password)
            return LoginResult(None, "auth.bad_credentials")
        locked_until = dt.datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None
        if locked_until and locked_until > now:
            return LoginResult(None, "auth.locked", {"minutes": _minutes_left(locked_until, now)})
        if not _verify(row["password_hash"], password) or not row["active"]:
            failures = row["failed_logins"] + 1
            if failures >= MAX_FAILED_LOGINS:
                until = now + dt.timedelta(minutes=LOCKOUT_MINUTES)
                con.execute(state.sql("access/account_lock"),
                            {"user_id": row["user_id"], "locked_until": until.isoformat()})
                audit(con, actor="system", action="lockout", org_id=row["org_id"],
                      target=row["user_id"], details={"until": until.isoformat()})
                return LoginResult(None, "auth.locked", {"minutes": LOCKOUT_MINUTES})
            con.execute(state.sql("access/account_login_failed"),
                        {"user_id": row["user_id"], "failed_logins": failures})
            return LoginResult(None, "auth.bad_credentials")
        rehashed = (accounts._hasher.hash(password)
                    if accounts._hasher.check_needs_rehash(row["password_hash"]) else None)
        con.execute(state.sql("access/account_login_ok"),
                    {"user_id": row["user_id"], "password_hash": rehashed})
        return LoginResult(row["user_id"])


def _verify(pw_hash: str, password: str) -> bool:
    try:
        return accounts._hasher.verify(pw_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, -(-int((until - now).total_seconds()) // 60))


def account_for_oidc(claims: Mapping[str, Any], *, path: Path | None = None) -> LoginResult:
    """The account an OpenID Connect identity signs in as: matched on the token's issuer
    (``iss``) AND subject (``sub``) together, never on the e-mail address, which a provider
    may let people change or reuse. An identity no account is linked to gets a message that
    shows the issuer and subject, so the main user can link them (pages/users.py)."""
    issuer = str(claims.get("iss") or "").strip()
    subject = str(claims.get("sub") or "").strip()
    if not issuer or not subject:
        return LoginResult(None, "auth.oidc_incomplete")
    with state.connect(path) as con:
        row = con.execute(state.sql("access/account_by_oidc"), {"issuer": issuer, "subject": subject}).fetchone()
    if row is None or not row["active"]:
        return LoginResult(None, "auth.oidc_unknown", {"issuer": issuer, "subject": subject})
    return LoginResult(row["user_id"])


def sign_in(session: MutableMapping[str, Any], user_id: str) -> None:
    """Start a signed-in session: clear everything the previous person chose, keep the language."""
    kept = {k: session[k] for k in KEEP_ON_SIGN_IN if k in session}
    for key in list(session.keys()):
        del session[key]
    session.update(kept)
    session[SESSION_KEY] = user_id


def sign_out(session: MutableMapping[str, Any]) -> None:
    kept = {k: session[k] for k in KEEP_ON_SIGN_IN if k in session}
    for key in list(session.keys()):
        del session[key]
    session.update(kept)


def session_user(session: MutableMapping[str, Any], *, path: Path | None = None) -> User | None:
    """The signed-in account's User, reloaded from the store now (current role and grants).
    A deactivated or deleted account ends the session."""
    user_id = session.get(SESSION_KEY)
    if not isinstance(user_id, str) or not user_id:
        return None
    user = load_user(user_id, path)
    if user is None:
        sign_out(session)
    return user


SHOW_LOGIN_KEY = "_show_login"  # demo mode: the visitor asked for the sign-in page instead


def oidc_providers(secrets: Mapping[str, Any] | None) -> list[str | None]:
    """The OIDC providers configured in .streamlit/secrets.toml ``[auth]``: None for the
    default provider (client_id directly under [auth]), else the names of ``[auth.NAME]``
    sections that have a client_id. Empty when OIDC is not configured."""
    if not secrets:
        return []
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return []
    providers: list[str | None] = [None] if auth.get("client_id") else []
    providers += sorted(name for name, value in auth.items()
                        if isinstance(value, Mapping) and value.get("client_id"))
    return providers
