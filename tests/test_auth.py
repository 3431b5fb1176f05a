"""Signing in: passwords, per-source throttling, OIDC identity mapping, the session, demo
personas."""

from __future__ import annotations

import datetime as dt

import pytest

from reporting.access.accounts import AccountError, create_account
from reporting.access.auth import (
    FREE_ATTEMPTS,
    SESSION_KEY,
    SESSION_VERSION_KEY,
    account_for_oidc,
    authenticate,
    oidc_providers,
    session_user,
    sign_in,
    sign_out,
)
from reporting.access.scope import Role
from reporting.core import state
from tests.helpers import APP, MAIN_USER, app_as, open_page

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 11, 27, 12, 0, 0)



pytestmark = pytest.mark.usefixtures("cheap_argon2")

@pytest.fixture
def store(tmp_path):
    return tmp_path / "state.sqlite"


def _account(store, email="anna@example.fi", role=Role.MAIN_USER, org="pohjola", **kw):
    return create_account(email=email, name="Anna Asiakas", role=role, org_id=org,
                          created_by="test", password=PASSWORD, path=store, **kw)


# -- passwords and lockout ------------------------------------------------------------------

def test_password_is_stored_as_argon2id_hash_and_checked(store):
    acc = _account(store)
    with state.connect(store) as con:
        stored = con.execute("SELECT password_hash FROM accounts WHERE user_id = ?",
                             (acc.user_id,)).fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate("anna@example.fi", PASSWORD, path=store, now=NOW).user_id == acc.user_id
    # e-mail matching ignores case and surrounding spaces, as people type it
    assert authenticate("  ANNA@example.fi ", PASSWORD, path=store, now=NOW).ok


def test_a_hash_with_older_parameters_is_replaced_at_sign_in_and_a_current_one_kept(store, monkeypatch):
    from argon2 import PasswordHasher

    import reporting.access.accounts

    acc = _account(store)                       # hashed with the cheap_argon2 parameters

    def stored_hash() -> str:
        with state.connect(store) as con:
            return con.execute("SELECT password_hash FROM accounts WHERE user_id = ?",
                               (acc.user_id,)).fetchone()[0]

    old = stored_hash()
    assert authenticate("anna@example.fi", PASSWORD, path=store, now=NOW).ok
    assert stored_hash() == old                 # the parameters are current: the hash is kept
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(reporting.access.accounts, "_hasher", stronger)
    assert authenticate("anna@example.fi", PASSWORD, path=store, now=NOW).ok
    new = stored_hash()
    assert new != old and "m=2048,t=2" in new and stronger.verify(new, PASSWORD)
    assert authenticate("anna@example.fi", PASSWORD, path=store, now=NOW).ok
    assert stored_hash() == new


def test_short_password_is_refused(store):
    with pytest.raises(AccountError, match="at least 12"):
        create_account(email="b@example.fi", name="B", role=Role.EMPLOYEE, org_id="pohjola",
                       created_by="test", password="short-pw", path=store)


def test_wrong_password_unknown_email_and_deactivated_account_get_the_same_answer(store):
    acc = _account(store)
    wrong = authenticate("anna@example.fi", "not the password!", path=store, now=NOW)
    unknown = authenticate("nobody@example.fi", PASSWORD, path=store, now=NOW)
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == "auth.bad_credentials"
    with state.transaction(store) as con:
        con.execute("UPDATE accounts SET active = 0 WHERE user_id = ?", (acc.user_id,))
    inactive = authenticate("anna@example.fi", PASSWORD, path=store, now=NOW)
    assert not inactive.ok and inactive.message == "auth.bad_credentials"


def test_failures_from_one_source_delay_only_that_source_and_never_lock_the_account(store):
    """An outsider failing from their address makes only their own next attempts wait, with
    growing delays; the person signing in from elsewhere is not locked out (issue 16, point 7)."""
    acc = _account(store)
    attacker, owner = "203.0.113.9", "198.51.100.7"
    answers = [authenticate("anna@example.fi", "wrong password 1", source=attacker, path=store, now=NOW + dt.timedelta(hours=i))
               for i in range(FREE_ATTEMPTS)]
    assert {a.message for a in answers} == {"auth.bad_credentials"}
    waits = []
    t = NOW + dt.timedelta(hours=FREE_ATTEMPTS)
    for _ in range(4):
        r = authenticate("anna@example.fi", "wrong password 1", source=attacker, path=store, now=t)
        assert r.message == "auth.bad_credentials_wait"
        waits.append(r.values["seconds"])
        # before the wait is over even the right password is not checked from there ...
        early = authenticate("anna@example.fi", PASSWORD, source=attacker, path=store,
                             now=t + dt.timedelta(seconds=r.values["seconds"] - 1))
        assert not early.ok and early.message == "auth.throttled"
        t += dt.timedelta(seconds=r.values["seconds"])
    assert waits == [2, 4, 8, 16]                       # growing delays
    # ... while the owner, from their own address, signs in at once
    assert authenticate("anna@example.fi", PASSWORD, source=owner, path=store, now=t).user_id == acc.user_id
    # and after the wait the right password works from the attacker's address too
    assert authenticate("anna@example.fi", PASSWORD, source=attacker, path=store, now=t).ok
    with state.connect(store) as con:
        log = [r[0] for r in con.execute("SELECT action FROM audit_log ORDER BY id")]
    assert log == ["create_account"]                    # nothing was locked


def test_known_and_unknown_addresses_get_the_same_answers_all_the_way(store):
    """Five wrong passwords for an existing address and for an unknown one: the same answers
    (message and wait), so sign-in does not tell which addresses exist."""
    _account(store)

    def answers(email: str, source: str) -> list:
        out = []
        for i in range(FREE_ATTEMPTS + 3):
            r = authenticate(email, "wrong password 1", source=source, path=store,
                             now=NOW + dt.timedelta(hours=i))
            out.append((r.ok, r.message, r.values))
        return out

    assert answers("anna@example.fi", "192.0.2.1") == answers("nobody@example.fi", "192.0.2.2")


def test_a_success_clears_the_sources_count_for_the_address(store):
    _account(store)
    for i in range(FREE_ATTEMPTS):
        authenticate("anna@example.fi", "wrong password 1", source="s", path=store, now=NOW + dt.timedelta(minutes=i))
    assert authenticate("anna@example.fi", PASSWORD, source="s", path=store, now=NOW + dt.timedelta(minutes=5)).ok
    after = authenticate("anna@example.fi", "wrong password 1", source="s", path=store,
                         now=NOW + dt.timedelta(minutes=6))
    assert after.message == "auth.bad_credentials"      # counted from one again


def test_one_source_trying_many_addresses_is_slowed_down_too(store):
    from reporting.access.auth import FREE_ATTEMPTS_SOURCE

    t = NOW
    for i in range(FREE_ATTEMPTS_SOURCE):
        r = authenticate(f"user{i}@example.fi", "wrong password 1", source="s", path=store, now=t)
        assert r.message == "auth.bad_credentials"
        t += dt.timedelta(seconds=1)
    r = authenticate("another@example.fi", "wrong password 1", source="s", path=store, now=t)
    assert r.message == "auth.bad_credentials_wait" and r.values == {"seconds": 2}
    assert authenticate("other@example.fi", "x" * 12, source="elsewhere", path=store, now=t).message == "auth.bad_credentials"


# -- OpenID Connect -------------------------------------------------------------------------

ISS = "https://login.example.com/tenant/v2.0"


def _link(store, user_id, issuer, subject):
    with state.transaction(store) as con:
        con.execute("UPDATE accounts SET oidc_issuer = ?, oidc_subject = ? WHERE user_id = ?",
                    (issuer, subject, user_id))


def test_oidc_matches_issuer_and_subject_together(store):
    acc = _account(store)
    _link(store, acc.user_id, ISS, "sub-123")
    assert account_for_oidc({"iss": ISS, "sub": "sub-123"}, path=store).user_id == acc.user_id
    # the same subject from another issuer is another person
    other = account_for_oidc({"iss": "https://evil.example.net", "sub": "sub-123"}, path=store)
    assert not other.ok and other.message == "auth.oidc_unknown"
    assert other.values == {"issuer": "https://evil.example.net", "subject": "sub-123"}


def test_oidc_never_matches_on_email_alone(store):
    _account(store)  # an account with this e-mail exists but no identity is linked to it
    claims = {"iss": ISS, "sub": "someone", "email": "anna@example.fi", "email_verified": True}
    assert not account_for_oidc(claims, path=store).ok


def test_oidc_refuses_incomplete_claims_and_deactivated_accounts(store):
    acc = _account(store)
    _link(store, acc.user_id, ISS, "sub-123")
    assert account_for_oidc({"sub": "sub-123"}, path=store).message == "auth.oidc_incomplete"
    assert account_for_oidc({"iss": ISS, "sub": ""}, path=store).message == "auth.oidc_incomplete"
    with state.transaction(store) as con:
        con.execute("UPDATE accounts SET active = 0")
    assert not account_for_oidc({"iss": ISS, "sub": "sub-123"}, path=store).ok


def test_oidc_providers_from_secrets():
    base = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    assert oidc_providers(None) == []
    assert oidc_providers({}) == []
    assert oidc_providers({"auth": {**base}}) == []                       # no provider
    assert oidc_providers({"auth": {"client_id": "a", "redirect_uri": "r"}}) == []  # no cookie secret
    assert oidc_providers({"auth": {**base, "client_id": "a", "client_secret": "b"}}) == [None]
    assert oidc_providers({"auth": {**base, "entra": {"client_id": "a"}, "okta": {"client_id": "b"},
                                    "junk": {"x": 1}}}) == ["entra", "okta"]


# -- the session ----------------------------------------------------------------------------

def test_sign_in_clears_the_previous_persons_choices_and_keeps_the_language(store):
    acc = _account(store)
    session = {"lang": "en", "org": "kaarna", "filters": ("x",), "_user": object()}
    sign_in(session, acc.user_id, path=store)
    assert session == {"lang": "en", SESSION_KEY: acc.user_id, SESSION_VERSION_KEY: 0}
    sign_out(session)
    assert session == {"lang": "en"}


def test_session_user_is_reloaded_and_a_deactivation_ends_the_session(store):
    acc = _account(store, role=Role.MANAGER, cost_centres=("1000",))
    session: dict = {}
    sign_in(session, acc.user_id, path=store)
    assert session_user(session, path=store).cost_centres == frozenset({"1000"})
    with state.transaction(store) as con:
        con.execute("UPDATE grants SET value = '2000' WHERE user_id = ?", (acc.user_id,))
    assert session_user(session, path=store).cost_centres == frozenset({"2000"})
    with state.transaction(store) as con:
        con.execute("UPDATE accounts SET active = 0 WHERE user_id = ?", (acc.user_id,))
    assert session_user(session, path=store) is None
    assert SESSION_KEY not in session


# -- the app (AppTest) ----------------------------------------------------------------------

def _login_page(at) -> bool:
    return any(el.value in ("Kirjaudu sisään", "Sign in") for el in at.subheader)


def test_without_demo_mode_the_app_offers_only_the_sign_in_page(app_env, monkeypatch):
    monkeypatch.setenv("REPORTING_DEMO", "0")
    at = app_as(MAIN_USER)  # a persona id in the session is ignored outside demo mode
    assert not at.exception
    assert _login_page(at)
    assert not [s for s in at.sidebar.selectbox if s.key == "persona_id"]
    assert not at.metric  # nothing of any organisation


def test_demo_mode_offers_marked_personas(app_env):
    at = app_as(MAIN_USER)
    assert not at.exception
    assert [s for s in at.sidebar.selectbox if s.key == "persona_id"]
    assert any("DEMOTILA" in w.value for w in at.sidebar.warning)
    assert not _login_page(at)


def test_login_form_signs_in_and_wrong_password_shows_a_message(app_env, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REPORTING_DEMO", "0")
    acc = _account(None, email="paula@example.fi")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert _login_page(at)
    at.text_input(key="_login_email").input("paula@example.fi")
    at.text_input(key="_login_password").input("wrong password here")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Sähköpostiosoite tai salasana on väärin."]
    assert SESSION_KEY not in at.session_state

    at.text_input(key="_login_email").input("paula@example.fi")
    at.text_input(key="_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state[SESSION_KEY] == acc.user_id
    # (AppTest reruns the page script alone after the first run; open home explicitly)
    at = open_page(at, "home")
    assert "Pohjolan Rakennus Oy" in [s.value for s in at.subheader]


def test_throttle_message_in_the_app(app_env, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REPORTING_DEMO", "0")
    _account(None, email="lock@example.fi")
    at = AppTest.from_file(APP, default_timeout=60).run()
    for _ in range(FREE_ATTEMPTS + 1):
        at.text_input(key="_login_email").input("lock@example.fi")
        at.text_input(key="_login_password").input("wrong password here")
        at.button[0].click().run()
    assert at.error[0].value == ("Sähköpostiosoite tai salasana on väärin. Seuraava yritys on mahdollinen "
                                 "2 sekunnin kuluttua.")


def test_identity_cannot_come_from_the_url(app_env, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REPORTING_DEMO", "0")
    acc = _account(None, email="url@example.fi")
    at = AppTest.from_file(APP, default_timeout=60)
    for key in (SESSION_KEY, "persona_id", "user", "user_id", "_user"):
        at.query_params[key] = acc.user_id
    at.run()
    assert _login_page(at) and not at.metric
