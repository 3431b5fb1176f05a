"""User management: the main user's self-service, checked on the server, audited, priced."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from reporting.access.accounts import AccountError, create_account, load_user
from reporting.access.auth import SESSION_KEY, authenticate
from reporting.access.scope import Role, User
from reporting.access.users import (
    AccessDenied,
    active_user_count,
    audit_trail,
    create_user,
    grant_options,
    link_oidc,
    list_users,
    manual_change_price,
    manual_changes,
    monthly_fee,
    reset_password,
    set_active,
    update_access,
)
from reporting.core import state
from reporting.orders.pricing import UserTier, load_price_list
from tests.helpers import ROOT, app_as_account, open_page

PASSWORD = "main user password"
OPERATOR = User("op-1", "Operaattori", Role.OPERATOR)



pytestmark = pytest.mark.usefixtures("cheap_argon2")

@pytest.fixture
def store(tmp_path):
    return tmp_path / "state.sqlite"


@pytest.fixture
def main(store):
    acc = create_account(email="main@pohjola.fi", name="Maija Pää", role=Role.MAIN_USER,
                         org_id="pohjola", created_by="order", password=PASSWORD, path=store)
    return load_user(acc.user_id, store)


@pytest.fixture(scope="module")
def org_data(raw):
    """Cost centres and subscriptions per organisation, straight from the raw tables."""
    cc, subs = raw("cost_centres"), raw("subscriptions")
    return {
        org: {"ccs": set(cc.loc[cc.org_id == org, "code"]),
              "subs": sorted(subs.loc[subs.org_id == org, "subscription_id"])}
        for org in sorted(cc.org_id.unique())
    }


def _audit(store) -> list[dict]:
    with state.connect(store) as con:
        return [dict(r) for r in con.execute("SELECT * FROM audit_log ORDER BY id")]


def test_monthly_fee_tiers_from_the_price_list():
    # the brief's list prices, as the shipped price list (data/price_list.toml) has them
    assert [monthly_fee(n) for n in (0, 1, 2, 5, 6, 10)] == [
        Decimal(0), Decimal(80), Decimal(150), Decimal(150), Decimal(200), Decimal(200)]
    assert monthly_fee(11) is None and monthly_fee(250) is None  # a custom offer
    assert manual_change_price() == Decimal(100)
    # ... and read from the price list, not from code
    other = dataclasses.replace(load_price_list(), user_tiers=(UserTier(3, Decimal("99")),),
                                manual_credential_change=Decimal("55"))
    assert monthly_fee(3, other) == Decimal("99") and monthly_fee(4, other) is None
    assert manual_change_price(other) == Decimal("55")


def test_main_user_creates_a_manager_who_can_sign_in_with_the_temporary_password(main, demo_db, store):
    change = create_user(main, demo_db, org_id="pohjola", email="esko@pohjola.fi", name="Esko Esihenkilö",
                         role="manager", cost_centres=["1000"], path=store)
    assert change.temporary_password and len(change.temporary_password) >= 12
    result = authenticate("esko@pohjola.fi", change.temporary_password, path=store)
    assert result.user_id == change.account.user_id
    user = load_user(result.user_id, store)
    assert user.role is Role.MANAGER and user.cost_centres == frozenset({"1000"})
    assert user.scope().params()["ccs"] == ["1000"]
    entry = _audit(store)[-1]
    assert (entry["actor"], entry["action"], entry["target"], entry["manual"]) == (
        main.user_id, "create_account", change.account.user_id, 0)
    assert entry["at"]  # when


def test_grants_must_exist_in_the_main_users_own_organisation(demo_db, store, org_data):
    main = load_user(create_account(email="main@saimaa.fi", name="S", role=Role.MAIN_USER, org_id="saimaa",
                                    created_by="order", password=PASSWORD, path=store).user_id, store)
    own = org_data["saimaa"]
    foreign_cc = sorted(org_data["pohjola"]["ccs"] - own["ccs"])
    foreign_sub = org_data["pohjola"]["subs"][0]
    assert foreign_cc, "the demo data should have a centre code only another organisation has"
    with pytest.raises(AccessDenied, match=foreign_cc[0]):
        create_user(main, demo_db, org_id="saimaa", email="x@saimaa.fi", name="X",
                    role="manager", cost_centres=[foreign_cc[0]], path=store)
    with pytest.raises(AccessDenied, match="NOPE-1"):
        create_user(main, demo_db, org_id="saimaa", email="x@saimaa.fi", name="X",
                    role="analyst", cost_centres=["NOPE-1"], path=store)
    with pytest.raises(AccessDenied, match=foreign_sub):
        create_user(main, demo_db, org_id="saimaa", email="x@saimaa.fi", name="X",
                    role="employee", subscriptions=[foreign_sub], path=store)
    emp = create_user(main, demo_db, org_id="saimaa", email="e@saimaa.fi", name="E", role="employee",
                      subscriptions=[own["subs"][0]], path=store).account
    with pytest.raises(AccessDenied, match=foreign_sub):
        update_access(main, demo_db, emp.user_id, role="employee", subscriptions=[own["subs"][1], foreign_sub],
                      path=store)
    # nothing was written by the refused saves
    assert list(list_users(main, "saimaa", path=store)["email"]) == ["e@saimaa.fi", "main@saimaa.fi"]
    assert load_user(emp.user_id, store).subscriptions == frozenset({own["subs"][0]})
    assert [e["action"] for e in _audit(store)] == ["create_account", "create_account"]


def test_main_user_cannot_reach_another_organisation(main, demo_db, store, org_data):
    other = create_account(email="k@kaarna.fi", name="K", role=Role.MANAGER, org_id="kaarna",
                           created_by="order", password=PASSWORD, cost_centres=(sorted(org_data["kaarna"]["ccs"])[0],),
                           path=store)
    with pytest.raises(AccessDenied):
        create_user(main, demo_db, org_id="kaarna", email="y@kaarna.fi", name="Y", role="employee",
                    subscriptions=[org_data["kaarna"]["subs"][0]], path=store)
    for attempt in (
        lambda: update_access(main, demo_db, other.user_id, role="analyst", path=store),
        lambda: set_active(main, other.user_id, False, path=store),
        lambda: reset_password(main, other.user_id, path=store),
        lambda: link_oidc(main, other.user_id, issuer="i", subject="s", path=store),
        lambda: list_users(main, "kaarna", path=store),
        lambda: audit_trail(main, "kaarna", path=store),
        lambda: grant_options(main, demo_db, "kaarna"),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert load_user(other.user_id, store).role is Role.MANAGER
    assert authenticate("k@kaarna.fi", PASSWORD, path=store).ok


def test_grant_options_list_only_the_own_organisation(main, demo_db, org_data):
    options = grant_options(main, demo_db, "pohjola")
    assert set(options.cost_centres["code"]) == org_data["pohjola"]["ccs"]
    assert sorted(options.subscriptions["subscription_id"]) == org_data["pohjola"]["subs"]


def test_no_self_service_escalation_or_lockout(main, demo_db, store):
    with pytest.raises(AccessDenied):
        update_access(main, demo_db, main.user_id, role="employee", path=store)
    with pytest.raises(AccessDenied):
        set_active(main, main.user_id, False, path=store)
    with pytest.raises(AccessDenied):
        create_user(main, demo_db, org_id="pohjola", email="op@x.fi", name="Op", role="operator", path=store)
    manager = User("m", "M", Role.MANAGER, org_id="pohjola", cost_centres=frozenset({"1000"}))
    with pytest.raises(AccessDenied):
        create_user(manager, demo_db, org_id="pohjola", email="z@pohjola.fi", name="Z", role="employee",
                    path=store)
    with pytest.raises(AccountError, match="not cost centres"):
        create_user(main, demo_db, org_id="pohjola", email="z@pohjola.fi", name="Z", role="employee",
                    cost_centres=["1000"], path=store)


def test_change_role_grants_deactivate_and_reset_are_each_audited(main, demo_db, store, org_data):
    subs = org_data["pohjola"]["subs"][:2]
    emp = create_user(main, demo_db, org_id="pohjola", email="e@pohjola.fi", name="Eeva", role="employee",
                      subscriptions=[subs[0]], path=store).account
    update_access(main, demo_db, emp.user_id, role="employee", subscriptions=[subs[1]], path=store)
    assert load_user(emp.user_id, store).subscriptions == frozenset({subs[1]})
    update_access(main, demo_db, emp.user_id, role="manager", cost_centres=["2000"], path=store)
    user = load_user(emp.user_id, store)
    assert user.role is Role.MANAGER and user.cost_centres == frozenset({"2000"}) and not user.subscriptions
    change = reset_password(main, emp.user_id, path=store)
    assert authenticate("e@pohjola.fi", change.temporary_password, path=store).ok
    set_active(main, emp.user_id, False, path=store)
    assert load_user(emp.user_id, store) is None
    assert not authenticate("e@pohjola.fi", change.temporary_password, path=store).ok
    assert active_user_count("pohjola", path=store) == 1

    log = [(e["action"], json.loads(e["details"])) for e in _audit(store) if e["target"] == emp.user_id]
    assert log == [
        ("create_account", {"email": "e@pohjola.fi", "role": "employee", "cost_centres": [],
                            "subscriptions": [subs[0]]}),
        ("revoke", {"kind": "subscription", "value": subs[0]}),
        ("grant", {"kind": "subscription", "value": subs[1]}),
        ("change_role", {"from": "employee", "to": "manager"}),
        ("revoke", {"kind": "subscription", "value": subs[1]}),
        ("grant", {"kind": "cost_centre", "value": "2000"}),
        ("reset_password", {}),
        ("deactivate", {}),
    ]
    assert all(e["actor"] == main.user_id and e["manual"] == 0 for e in _audit(store)[1:])
    trail = audit_trail(main, "pohjola", path=store)
    assert trail.iloc[0]["action"] == "deactivate" and "Maija Pää" in trail.iloc[0]["actor"]


def test_operator_changes_are_manual_and_counted(main, demo_db, store):
    emp = create_user(OPERATOR, demo_db, org_id="pohjola", email="o@pohjola.fi", name="Olli",
                      role="analyst", path=store).account
    reset_password(OPERATOR, emp.user_id, path=store)
    create_user(main, demo_db, org_id="pohjola", email="s@pohjola.fi", name="Self", role="analyst",
                path=store)  # self-service: free
    assert manual_changes("pohjola", path=store) == 2
    assert manual_changes("kaarna", path=store) == 0
    today = dt.datetime.now(dt.UTC).date()
    assert manual_changes("pohjola", month=today, path=store) == 2
    assert manual_changes("pohjola", month=dt.date(2001, 1, 1), path=store) == 0


def test_oidc_link_is_unique(main, demo_db, store):
    a = create_user(main, demo_db, org_id="pohjola", email="a@pohjola.fi", name="A", role="analyst",
                    path=store).account
    b = create_user(main, demo_db, org_id="pohjola", email="b@pohjola.fi", name="B", role="analyst",
                    path=store).account
    link_oidc(main, a.user_id, issuer="https://idp", subject="s1", path=store)
    with pytest.raises(AccountError, match="already linked"):
        link_oidc(main, b.user_id, issuer="https://idp", subject="s1", path=store)
    with pytest.raises(AccountError, match="both"):
        link_oidc(main, b.user_id, issuer="https://idp", subject="", path=store)


# -- the page (AppTest) ---------------------------------------------------------------------

def _real_main(app_env) -> str:
    return create_account(email="paa@pohjola.fi", name="Paula Pää", role=Role.MAIN_USER,
                          org_id="pohjola", created_by="order", password=PASSWORD).user_id


def test_users_page_creates_a_user_and_shows_the_fee(app_env):
    uid = _real_main(app_env)
    at = open_page(app_as_account(uid), "users")
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aktiiviset käyttäjät"] == "1"
    assert metrics["Kuukausimaksu (alv 0 %)"] == "80,00\xa0€"
    w = _new_user_widgets(at)
    w["new_name"].input("Uusi Käyttäjä")
    w["new_email"].input("uusi@pohjola.fi").run()
    at.button(key="create_user").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aktiiviset käyttäjät"] == "2"
    assert metrics["Kuukausimaksu (alv 0 %)"] == "150,00\xa0€"
    # the temporary password is shown once, and it works
    assert authenticate("uusi@pohjola.fi", at.code[0].value).ok
    assert not at.run().code
    with state.connect() as con:
        row = con.execute("SELECT org_id, role, created_by FROM accounts WHERE email = 'uusi@pohjola.fi'").fetchone()
    assert tuple(row) == ("pohjola", "employee", uid)


def test_users_page_refuses_other_roles(app_env):
    mgr = create_account(email="mgr@pohjola.fi", name="M", role=Role.MANAGER, org_id="pohjola",
                         created_by="t", password=PASSWORD, cost_centres=("1000",)).user_id
    at = app_as_account(mgr)
    # navigation does not offer the page to a manager ...
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(at, "users")
    # ... and the page refuses on its own when run directly
    page = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=60)
    page.session_state[SESSION_KEY] = mgr
    page.run()
    assert [e.value for e in page.error] == ["Sinulla ei ole oikeutta tähän sivuun."]
    assert not page.dataframe and not page.metric


def test_users_page_url_with_another_organisations_user_shows_nothing_of_theirs(app_env):
    uid = _real_main(app_env)
    other = create_account(email="secret@kaarna.fi", name="Salainen Henkilö", role=Role.ANALYST,
                           org_id="kaarna", created_by="t", password=PASSWORD)
    at = app_as_account(uid)
    at = open_page(at, "users", user=other.user_id)
    assert not at.exception
    shown = " ".join(str(x) for x in [*(e.value for e in at.markdown), *(s.value for s in at.selectbox)])
    frames = " ".join(df.value.to_csv() for df in at.dataframe)
    assert "secret@kaarna.fi" not in shown + frames and "Salainen" not in shown + frames
    assert at.session_state[SESSION_KEY] == uid


def _grants_of(email: str) -> set[tuple[str, str]]:
    with state.connect() as con:
        return {(r["kind"], r["value"]) for r in con.execute(
            "SELECT g.kind, g.value FROM grants g JOIN accounts a USING (user_id) WHERE a.email = ?",
            (email,))}


def _new_user_widgets(at: AppTest) -> dict[str, object]:
    """The add-user form's widgets of the current render, by their base key (the page
    renders them with a per-form suffix that changes after every create)."""
    import re

    found = {}
    for kind in ("selectbox", "text_input", "multiselect"):
        for w in getattr(at, kind):
            m = re.fullmatch(r"new_(role|name|email)_\d+|new_\d+_(ccs|subs)", str(w.key or ""))
            if m:
                found["new_" + (m.group(1) or m.group(2))] = w
    return found


def test_add_user_form_is_empty_after_each_create_and_each_user_gets_only_their_grants(app_env, org_data):
    """Issue 14.1: a second new user inherited the first one's cost centre."""
    uid = _real_main(app_env)
    first_cc, second_cc = sorted(org_data["pohjola"]["ccs"])[:2]
    at = open_page(app_as_account(uid), "users")
    for email, name, cc in (("eka@pohjola.fi", "Eka Esihenkilö", first_cc),
                            ("toka@pohjola.fi", "Toka Esihenkilö", second_cc)):
        w = _new_user_widgets(at)
        assert w["new_name"].value == "" and w["new_email"].value == ""
        w["new_role"].set_value("manager").run()
        w = _new_user_widgets(at)
        assert w["new_ccs"].value == []            # nothing carried over from the previous person
        w["new_name"].input(name)
        w["new_email"].input(email)
        w["new_ccs"].select(cc).run()
        at.button(key="create_user").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    assert _grants_of("eka@pohjola.fi") == {("cost_centre", first_cc)}
    assert _grants_of("toka@pohjola.fi") == {("cost_centre", second_cc)}


def test_a_grant_the_form_did_not_offer_is_refused_on_the_server(main, demo_db, store, org_data):
    from reporting.access.users import Offered

    shown, hidden = sorted(org_data["pohjola"]["ccs"])[:2]
    with pytest.raises(AccessDenied, match=f"did not offer these grants.*{hidden}"):
        create_user(main, demo_db, org_id="pohjola", email="x@pohjola.fi", name="X", role="manager",
                    cost_centres=(shown, hidden), offered=Offered.of(cost_centres=(shown,)), path=store)
    with state.connect(store) as con:
        assert con.execute("SELECT count(*) FROM accounts WHERE email = 'x@pohjola.fi'").fetchone()[0] == 0
    ok = create_user(main, demo_db, org_id="pohjola", email="x@pohjola.fi", name="X", role="manager",
                     cost_centres=(shown,), offered=Offered.of(cost_centres=(shown,)), path=store)
    with pytest.raises(AccessDenied, match="did not offer"):
        update_access(main, demo_db, ok.account.user_id, role="manager", cost_centres=(shown, hidden),
                      offered=Offered.of(cost_centres=(shown,)), path=store)


def test_users_page_refuses_a_grant_its_form_did_not_show(app_env, org_data):
    """The page records what the form offered; a value outside it (here put into the
    widget's state as a stale browser would send it) is refused and nothing is created."""
    uid = _real_main(app_env)
    at = open_page(app_as_account(uid), "users")
    w = _new_user_widgets(at)
    w["new_role"].set_value("employee").run()       # the form offers subscriptions only
    w = _new_user_widgets(at)
    w["new_name"].input("Ei Oikeuksia")
    w["new_email"].input("ei@pohjola.fi").run()
    form_key = _new_user_widgets(at)["new_name"].key.removeprefix("new_name_")
    at.session_state[f"new_{form_key}_ccs"] = [sorted(org_data["pohjola"]["ccs"])[0]]
    at.button(key="create_user").click().run()
    assert not at.exception
    with state.connect() as con:
        assert con.execute("SELECT count(*) FROM accounts WHERE email = 'ei@pohjola.fi'").fetchone()[0] == 0
    assert any("did not offer" in e.value for e in at.error)


def test_an_employee_grant_is_found_by_search_among_many_subscriptions_and_saved(app_env, org_data, raw):
    """An organisation of hundreds (at the operator's scale 100,000) of subscriptions: the
    picker offers the first 200 and what a search finds, the last one by its phone number."""
    subs = raw("subscriptions")
    mine = subs[subs.org_id == "pohjola"].sort_values("subscription_id")
    assert len(mine) > 200
    target = mine[mine.phone_number.notna()].iloc[-1]
    uid = _real_main(app_env)
    at = open_page(app_as_account(uid), "users")
    w = _new_user_widgets(at)
    assert w["new_role"].value == "employee"
    assert len(w["new_subs"].options) == 200
    search = next(t for t in at.text_input if str(t.key).endswith("_sub_search"))
    search.input(str(target.phone_number)).run()
    w = _new_user_widgets(at)
    offered = [o for o in w["new_subs"].options]
    assert len(offered) >= 1 and len(offered) <= 200
    assert all(str(target.phone_number) in o for o in offered)       # the labels hold the number
    w["new_name"].input("Eero Etsitty")
    w["new_email"].input("eero@pohjola.fi")
    w["new_subs"].select(offered[0]).run()
    at.button(key="create_user").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _grants_of("eero@pohjola.fi") == {("subscription", target.subscription_id)}
