"""Credentials (issue 16): a password reset, role change or grant change reaches every open
session at its next interaction (point 6); weak and common passwords are refused, temporary
passwords must be changed at the first sign-in and expire, people change their own password
(point 8). Per-source throttling (point 7) is in tests/test_auth.py."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from reporting.access import passwords
from reporting.access.accounts import AccountError, create_account, load_user
from reporting.access.auth import (
    SESSION_KEY,
    authenticate,
    change_password,
    session_user,
    sign_in,
)
from reporting.access.scope import Role
from reporting.access.users import create_user, list_users, reset_password, update_access
from tests.helpers import APP, open_page

PASSWORD = "main user password"
NEW = "seven brisk otters paddle"

pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture
def store(tmp_path):
    return tmp_path / "state.sqlite"


@pytest.fixture
def main(store):
    acc = create_account(email="main@pohjola.fi", name="Maija Pää", role=Role.MAIN_USER,
                         org_id="pohjola", created_by="order", password=PASSWORD, path=store)
    return load_user(acc.user_id, store)


def _sessions(user_id: str, store, n: int = 2) -> list[dict]:
    out = []
    for _ in range(n):
        session: dict = {}
        sign_in(session, user_id, path=store)
        out.append(session)
    return out


# -- point 6: every open session -----------------------------------------------------------------

def test_a_password_reset_ends_every_open_session(main, demo_db, store):
    emp = create_account(email="e@pohjola.fi", name="Eeva", role=Role.ANALYST, org_id="pohjola",
                         created_by="t", password=PASSWORD, path=store)
    laptop, phone = _sessions(emp.user_id, store)
    assert session_user(laptop, path=store) is not None and session_user(phone, path=store) is not None
    reset_password(main, emp.user_id, path=store)
    assert session_user(laptop, path=store) is None and session_user(phone, path=store) is None
    assert SESSION_KEY not in laptop and SESSION_KEY not in phone
    # the main user who reset it goes on
    assert session_user(_sessions(main.user_id, store, 1)[0], path=store) is not None


def test_a_role_change_and_a_grant_change_reach_every_open_session(main, demo_db, store):
    mgr = create_account(email="m@pohjola.fi", name="Mikko", role=Role.MANAGER, org_id="pohjola",
                         created_by="t", password=PASSWORD, cost_centres=("1000",), path=store)
    sessions = _sessions(mgr.user_id, store, 3)
    update_access(main, demo_db, mgr.user_id, role="manager", cost_centres=["2000"], path=store)
    assert [session_user(s, path=store).cost_centres for s in sessions] == [frozenset({"2000"})] * 3
    update_access(main, demo_db, mgr.user_id, role="analyst", cost_centres=[], path=store)
    assert [session_user(s, path=store).role for s in sessions] == [Role.ANALYST] * 3


def test_changing_ones_own_password_ends_the_other_sessions_and_keeps_this_one(main, store):
    here, other = _sessions(main.user_id, store)
    assert change_password(here, PASSWORD, NEW, NEW, path=store) is None
    assert session_user(here, path=store) is not None
    assert session_user(other, path=store) is None
    assert authenticate("main@pohjola.fi", NEW, path=store).ok
    assert not authenticate("main@pohjola.fi", PASSWORD, path=store, source="elsewhere").ok


def test_a_reset_ends_a_signed_in_app_session_at_its_next_interaction(app_env, demo_db, monkeypatch):
    monkeypatch.setenv("REPORTING_DEMO", "0")
    main_acc = create_account(email="mu@pohjola.fi", name="Maija", role=Role.MAIN_USER, org_id="pohjola",
                              created_by="t", password=PASSWORD)
    emp = create_account(email="an@pohjola.fi", name="Anni", role=Role.ANALYST, org_id="pohjola",
                         created_by="t", password=PASSWORD)
    at = _signed_in_app(emp.user_id)
    assert "Pohjolan Rakennus Oy" in [s.value for s in at.subheader]
    reset_password(load_user(main_acc.user_id), emp.user_id)
    at.run()
    assert SESSION_KEY not in at.session_state
    assert not at.metric


def _app_signed_in(user_id: str) -> AppTest:
    """An AppTest whose session holds what a sign-in leaves there (reporting.access.auth.sign_in)."""
    at = AppTest.from_file(APP, default_timeout=60)
    session: dict = {}
    sign_in(session, user_id)
    for key, value in session.items():
        at.session_state[key] = value
    return at


def _signed_in_app(user_id: str) -> AppTest:
    return open_page(_app_signed_in(user_id).run(), "home")


# -- point 8: passwords ----------------------------------------------------------------------------

@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "123456789012", "password1234", " " * 12,
                                  "Salasana1234", "qwertyuiop12"])
def test_weak_and_common_passwords_are_refused(store, weak):
    with pytest.raises(AccountError, match="too easy to guess|only spaces"):
        create_account(email="main@pohjola.fi", name="Maija Pää", role=Role.MAIN_USER, org_id="pohjola",
                       created_by="t", password=weak, path=store)


def test_a_password_made_of_the_persons_own_name_and_address_is_refused(main, store):
    with pytest.raises(AccountError, match="too easy to guess"):
        reset_password(main, main.user_id, password="Maija Pää 2026", path=store)
    with pytest.raises(AccountError, match="too easy to guess"):
        reset_password(main, main.user_id, password="main@pohjola.fi", path=store)
    assert passwords.weakness("Maija Pää 2026") is None       # fine for someone else


def test_generated_passwords_are_temporary_must_be_changed_and_expire(main, demo_db, store):
    change = create_user(main, demo_db, org_id="pohjola", email="new@pohjola.fi", name="Uusi",
                         role="analyst", path=store)
    temp = change.temporary_password
    assert passwords.weakness(temp) is None
    assert load_user(change.account.user_id, store).must_change_password
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert authenticate("new@pohjola.fi", temp, path=store, now=now).ok
    late = now + dt.timedelta(days=passwords.TEMPORARY_DAYS, minutes=1)
    expired = authenticate("new@pohjola.fi", temp, path=store, now=late, source="x")
    assert not expired.ok and expired.message == "auth.temporary_expired"
    # changed by the person: no longer temporary, and it does not expire
    session: dict = {}
    sign_in(session, change.account.user_id, path=store)
    assert change_password(session, temp, NEW, NEW, path=store) is None
    assert not load_user(change.account.user_id, store).must_change_password
    assert authenticate("new@pohjola.fi", NEW, path=store, now=late).ok


def test_a_reset_by_someone_else_is_temporary_and_ones_own_is_not(main, store):
    emp = create_account(email="e@pohjola.fi", name="Eeva", role=Role.ANALYST, org_id="pohjola",
                         created_by="t", password=PASSWORD, path=store)
    reset_password(main, emp.user_id, password="a chosen phrase for eeva", path=store)
    assert load_user(emp.user_id, store).must_change_password
    reset_password(main, main.user_id, password="my own fresh phrase", path=store)
    assert not load_user(main.user_id, store).must_change_password


def test_change_password_checks_the_current_one_the_repeat_and_the_rules(main, store):
    session: dict = {}
    sign_in(session, main.user_id, path=store)
    assert change_password(session, "not it at all!", NEW, NEW, path=store) == "auth.change.wrong_current"
    assert change_password(session, PASSWORD, NEW, NEW + "x", path=store) == "auth.change.mismatch"
    assert change_password(session, PASSWORD, PASSWORD, PASSWORD, path=store) == "auth.change.same"
    assert "too easy to guess" in change_password(session, PASSWORD, "password1234", "password1234", path=store)
    assert authenticate("main@pohjola.fi", PASSWORD, path=store).ok       # nothing changed


def test_reset_lifts_the_sign_in_delays_of_the_address(main, store):
    emp = create_account(email="e@pohjola.fi", name="Eeva", role=Role.ANALYST, org_id="pohjola",
                         created_by="t", password=PASSWORD, path=store)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for _ in range(6):
        authenticate("e@pohjola.fi", "wrong password 1", source="s", path=store, now=now)
    assert dict(zip(list_users(main, "pohjola", path=store, now=now).email,
                    list_users(main, "pohjola", path=store, now=now).locked, strict=True))["e@pohjola.fi"]
    reset_password(main, emp.user_id, path=store)
    assert not list_users(main, "pohjola", path=store, now=now).locked.any()


def test_the_app_offers_only_the_change_page_until_a_temporary_password_is_changed(app_env, demo_db, monkeypatch):
    monkeypatch.setenv("REPORTING_DEMO", "0")
    main_acc = create_account(email="mu2@pohjola.fi", name="Maija", role=Role.MAIN_USER, org_id="pohjola",
                              created_by="t", password=PASSWORD)
    change = create_user(load_user(main_acc.user_id), demo_db, org_id="pohjola", email="t@pohjola.fi",
                         name="Tilapäinen", role="analyst")
    at = _app_signed_in(change.account.user_id).run()
    assert [t.value for t in at.title] == ["Vaihda salasana"]
    assert any("väliaikaisella salasanalla" in w.value for w in at.warning)
    with pytest.raises(ValueError):
        open_page(at, "costs")                     # no other page is offered
    at.text_input(key="_pw_current").input(change.temporary_password)
    at.text_input(key="_pw_new").input(NEW)
    at.text_input(key="_pw_repeat").input(NEW)
    next(b for b in at.button if b.label == "Vaihda salasana").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not load_user(change.account.user_id).must_change_password
    at = open_page(at, "home")
    assert "Pohjolan Rakennus Oy" in [s.value for s in at.subheader]
