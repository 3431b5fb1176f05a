"""Signing in: local passwords with per-source throttling, OpenID Connect identity mapping,
the session, a person's own password change.

Nothing here trusts the URL or a widget: the signed-in account is the ``user_id`` that
``sign_in`` put into the session state after a successful check, and the User is reloaded
from the state store (``reporting.access.accounts.load_user``) at every interaction, so a
deactivation, a role change or a revoked grant takes effect at the user's next click; a
password reset or change ends every session signed in before it (the account's credentials
version, kept in the session at sign-in, no longer matches).

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

SESSION_KEY = "_auth_uid"      # the only place the signed-in account id is kept
SESSION_VERSION_KEY = "_auth_cv"   # the account's credentials version when the session began
# Session keys that survive signing in or out (the UI language); everything else is cleared
# so nothing chosen by one person (filters, selections) carries over to the next.
KEEP_ON_SIGN_IN = ("lang",)

# Throttling (reporting/sql/state/migrations/1600_sign_in.sql): failed attempts are counted per
# source (the client's address, see ``client_source``) and typed address, and per source as a
# whole. After the free attempts, each failure doubles the wait before the next attempt from
# that source, up to MAX_DELAY_S; attempts during the wait are refused unchecked. A success
# from the source clears its count for that address; counts are forgotten after
# THROTTLE_MEMORY. Nothing locks the account itself, so nobody elsewhere can lock anyone out,
# and the answer is the same whether or not the address has an account.
FREE_ATTEMPTS = 3              # per source and address
FREE_ATTEMPTS_SOURCE = 20      # per source, all addresses together (people behind one NAT)
MAX_DELAY_S = 15 * 60
THROTTLE_MEMORY = dt.timedelta(hours=24)
ANY_ACCOUNT = "*"

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


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after ``failures`` failed attempts of which ``free`` cost nothing:
    0, ..., 0, 2, 4, 8 ... up to MAX_DELAY_S."""
    if failures <= free:
        return 0
    return min(MAX_DELAY_S, 2 ** min(30, failures - free))


def client_source(ip_address: str | None) -> str:
    """The source a sign-in attempt is counted against: the client's address as the server
    sees it (Streamlit's ``st.context.ip_address``: the WebSocket peer, or what a reverse proxy
    on the same machine forwards, which uvicorn trusts from 127.0.0.1 only), or 'local' for a
    connection from this machine (Streamlit gives none)."""
    return (ip_address.strip()[:64] if isinstance(ip_address, str) else "") or "local"


def authenticate(email: str, password: str, *, source: str = "local", path: Path | None = None,
                 now: dt.datetime | None = None) -> LoginResult:
    """Check an e-mail and password from ``source`` (``client_source``).

    An unknown e-mail, a wrong password and a deactivated account get the same answer, and the
    throttle answers the same for every address; only the right password of an active account
    goes further: a temporary password past its expiry is refused with its own message."""
    now = now or _now()
    email = normalise_email(email) or (email or "").strip().lower()
    with state.transaction(path) as con:
        wait = _waiting(con, source, email, now)
        if wait:
            return LoginResult(None, "auth.throttled", {"seconds": wait})
        row = con.execute(state.sql("access/account_by_email"), {"email": email}).fetchone()
        if row is None or not row["password_hash"]:
            _verify(_DUMMY_HASH, password)
            return _failed(con, source, email, now)
        if not _verify(row["password_hash"], password) or not row["active"]:
            return _failed(con, source, email, now)
        con.execute(state.sql("access/throttle_clear"), {"source": source, "account": email})
        if row["password_temporary"] and row["password_expires_at"] \
                and dt.datetime.fromisoformat(row["password_expires_at"]) <= now:
            return LoginResult(None, "auth.temporary_expired")
        rehashed = (accounts._hasher.hash(password)
                    if accounts._hasher.check_needs_rehash(row["password_hash"]) else None)
        con.execute(state.sql("access/account_login_ok"),
                    {"user_id": row["user_id"], "password_hash": rehashed})
        return LoginResult(row["user_id"])


def _waiting(con, source: str, email: str, now: dt.datetime) -> int:
    """Seconds ``source`` must still wait before trying ``email`` (0: it may try now)."""
    wait = 0
    for r in con.execute(state.sql("access/throttle_of"), {"source": source, "account": email}).fetchall():
        if r["blocked_until"]:
            left = int((dt.datetime.fromisoformat(r["blocked_until"]) - now).total_seconds())
            wait = max(wait, left)
    return max(0, wait)


def _failed(con, source: str, email: str, now: dt.datetime) -> LoginResult:
    """Count a failed attempt for the source and address and for the source as a whole; the
    answer is the same whatever the address."""
    con.execute(state.sql("access/throttle_prune"), {"before": (now - THROTTLE_MEMORY).isoformat()})
    known = {r["account"]: r["failures"] for r in
             con.execute(state.sql("access/throttle_of"), {"source": source, "account": email}).fetchall()}
    wait = 0
    for account, free in ((email, FREE_ATTEMPTS), (ANY_ACCOUNT, FREE_ATTEMPTS_SOURCE)):
        failures = known.get(account, 0) + 1
        delay = delay_after(failures, free)
        wait = max(wait, delay)
        con.execute(state.sql("access/throttle_set"), {
            "source": source, "account": account, "failures": failures, "last_failure": now.isoformat(),
            "blocked_until": (now + dt.timedelta(seconds=delay)).isoformat() if delay else None})
    if wait:
        return LoginResult(None, "auth.bad_credentials_wait", {"seconds": wait})
    return LoginResult(None, "auth.bad_credentials")


def _verify(pw_hash: str, password: str) -> bool:
    try:
        return accounts._hasher.verify(pw_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


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


def sign_in(session: MutableMapping[str, Any], user_id: str, *, path: Path | None = None) -> None:
    """Start a signed-in session: clear everything the previous person chose, keep the language,
    and remember the account's credentials version (a later password change ends the session)."""
    kept = {k: session[k] for k in KEEP_ON_SIGN_IN if k in session}
    for key in list(session.keys()):
        del session[key]
    session.update(kept)
    session[SESSION_KEY] = user_id
    session[SESSION_VERSION_KEY] = _credentials_version(user_id, path)


def sign_out(session: MutableMapping[str, Any]) -> None:
    kept = {k: session[k] for k in KEEP_ON_SIGN_IN if k in session}
    for key in list(session.keys()):
        del session[key]
    session.update(kept)


def _credentials_version(user_id: str, path: Path | None) -> int | None:
    with state.connect(path) as con:
        row = con.execute(state.sql("access/account_session"), {"user_id": user_id}).fetchone()
    return None if row is None else int(row["credentials_version"])


def session_user(session: MutableMapping[str, Any], *, path: Path | None = None) -> User | None:
    """The signed-in account's User, reloaded from the store now: its current role and grants,
    so a role or grant change shows at the session's next interaction. A deactivated or
    deleted account, or a password reset or changed since the session began (in any session),
    ends the session."""
    user_id = session.get(SESSION_KEY)
    if not isinstance(user_id, str) or not user_id:
        return None
    version = _credentials_version(user_id, path)
    # (a session without the key began before versions were kept: version 0, never reset)
    user = load_user(user_id, path) if version is not None and version == session.get(SESSION_VERSION_KEY, 0) else None
    if user is None:
        sign_out(session)
    return user


def change_password(session: MutableMapping[str, Any], current: str, new: str, repeated: str, *,
                    path: Path | None = None) -> str | None:
    """The signed-in person changes their own password: the current one must be right, the new
    one acceptable (reporting.access.passwords) and typed twice. It is no longer temporary;
    every other session of the account ends, this one goes on. None when done, else the
    i18n key of the reason (or the policy's own sentence)."""
    user = session_user(session, path=path)
    if user is None:
        return "common.no_access"
    if new != repeated:
        return "auth.change.mismatch"
    if new == current:
        return "auth.change.same"
    with state.transaction(path) as con:
        row = con.execute(state.sql("access/account_by_id"), {"user_id": user.user_id}).fetchone()
        if row is None or not row["password_hash"] or not _verify(row["password_hash"], current):
            return "auth.change.wrong_current"
        try:
            pw_hash = accounts.hash_password(new, (row["email"], row["name"]))
        except accounts.AccountError as exc:
            return str(exc)
        con.execute(state.sql("access/account_set_password"),
                    {"user_id": user.user_id, "password_hash": pw_hash, "temporary": 0, "expires_at": None})
        audit(con, actor=user.user_id, action="change_password", org_id=row["org_id"], target=user.user_id)
    session[SESSION_VERSION_KEY] = _credentials_version(user.user_id, path)
    return None


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
