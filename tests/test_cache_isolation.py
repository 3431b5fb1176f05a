"""Cache poisoning and hostile URLs: a result cached for one scope is never served to
another, a revoked grant or a deactivation takes effect at the next interaction, and ids of
another organisation or cost centre in the URL show nothing of theirs."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from reporting.access.accounts import create_account, load_user
from reporting.access.auth import SESSION_KEY
from reporting.access.scope import Role, Scope, User
from reporting.access.users import set_active, update_access
from reporting.ui import cache as ui_cache
from reporting.ui.navigation import pages_for
from tests.helpers import app_as_account, open_page

PASSWORD = "a long enough password"
MAIN_POHJOLA = User("main-p", "Main", Role.MAIN_USER, org_id="pohjola")


def _descendants(raw, org: str, code: str) -> set[str]:
    cc = raw("cost_centres")
    cc = cc[cc.org_id == org]
    out, todo = set(), [code]
    while todo:
        c = todo.pop()
        out.add(c)
        todo += list(cc.loc[cc.parent_code == c, "code"])
    return out


def _cost(raw, org: str, month, subs: set[str] | None = None) -> float:
    """EUR cost of a month from the raw charges (subscription lines of ``subs`` when given)."""
    ch = raw("charges")
    ch = ch[(ch.org_id == org) & (ch.invoice_month == pd.Timestamp(month)) & (ch.currency == "EUR")]
    if subs is not None:
        ch = ch[ch.subscription_id.isin(subs)]
    return float(ch.amount.sum())


def _subs_under(raw, org: str, code: str) -> set[str]:
    s = raw("subscriptions")
    return set(s.loc[(s.org_id == org) & s.cost_centre.isin(_descendants(raw, org, code)), "subscription_id"])


def _money(text: str) -> float:
    return float(re.sub(r"[^\d,-]", "", text).replace(",", "."))


# -- the cache ------------------------------------------------------------------------------

def test_a_cached_result_is_shared_but_what_one_caller_changes_reaches_no_other(app_env):
    """The report cache hands every session the one shared result (no per-session copy of a
    100,000-row frame); a page that adds a column, overwrites values or sorts its frame in
    place changes only its own."""
    ui_cache._cached.clear()
    try:
        first = ui_cache.load_report("costs-by-subscription", Scope.organisation("pohjola"))
        expected = first.copy(deep=True)
        assert len(first) > 1
        first["added"] = 1
        first.loc[first.index[0], "amount"] = -123456.0
        first["subscription_id"] = "changed"
        second = ui_cache.load_report("costs-by-subscription", Scope.organisation("pohjola"))
        pd.testing.assert_frame_equal(second, expected)
        shared = ui_cache._cached("costs-by-subscription", *_key("costs-by-subscription"))
        # the data is not copied per caller: the next caller's column is the cached one's memory
        assert np.shares_memory(second["amount"].to_numpy(), shared["amount"].to_numpy())
    finally:
        ui_cache._cached.clear()


def _key(name: str) -> tuple:
    from reporting.ui.context import get_db

    return get_db().data_version("pohjola"), Scope.organisation("pohjola").key(), (), ""


def test_cached_result_is_never_served_to_another_scope(app_env, raw, monkeypatch):
    calls: list[tuple] = []
    real = ui_cache.run_report

    def counting(name, db, scope, **filters):
        calls.append(scope.key())
        return real(name, db, scope, **filters)

    monkeypatch.setattr(ui_cache, "run_report", counting)
    ui_cache._cached.clear()
    try:
        a = ui_cache.load_report("home-headline", Scope.organisation("pohjola"))
        again = ui_cache.load_report("home-headline", Scope.organisation("pohjola"))
        assert len(calls) == 1 and again.equals(a)              # the cache is in use ...
        b = ui_cache.load_report("home-headline", Scope.organisation("saimaa"))
        m = ui_cache.load_report("home-headline", Scope("pohjola", cost_centres=frozenset({"1000"})))
        e = ui_cache.load_report("home-headline", Scope("pohjola", subscriptions=frozenset({"X"})))
        assert len(calls) == 4                                  # ... but keyed on the scope
    finally:
        ui_cache._cached.clear()
    month = a.at[0, "month"]
    assert list(b.org_id) == ["saimaa"] and float(b.at[0, "cost_month"]) == pytest.approx(
        _cost(raw, "saimaa", b.at[0, "month"]))
    assert float(a.at[0, "cost_month"]) == pytest.approx(_cost(raw, "pohjola", month))
    assert float(m.at[0, "cost_month"]) == pytest.approx(
        _cost(raw, "pohjola", month, _subs_under(raw, "pohjola", "1000")))
    assert float(e.at[0, "cost_month"]) == 0 and e.at[0, "active_subscriptions"] == 0


def test_two_sessions_of_different_organisations_share_no_result(app_env, raw):
    p = create_account(email="p@pohjola.fi", name="P", role=Role.MAIN_USER, org_id="pohjola",
                       created_by="t", password=PASSWORD)
    s = create_account(email="s@saimaa.fi", name="S", role=Role.MAIN_USER, org_id="saimaa",
                       created_by="t", password=PASSWORD)
    first = app_as_account(p.user_id)
    second = app_as_account(s.user_id)
    assert [x.value for x in first.subheader] == ["Pohjolan Rakennus Oy"]
    assert [x.value for x in second.subheader] == ["Saimaan Ohjelmistotalo Oy"]
    cost = {m.label: m.value for m in second.metric}["Kustannukset (alv 0 %)"]
    assert _money(cost) == pytest.approx(_cost(raw, "saimaa", "2026-10-01"), abs=0.01)


# -- a grant revoked mid-session ------------------------------------------------------------

def test_revoked_grant_and_deactivation_take_effect_at_the_next_interaction(app_env, raw):
    mgr = create_account(email="m@pohjola.fi", name="Mikko", role=Role.MANAGER, org_id="pohjola",
                         created_by="t", password=PASSWORD, cost_centres=("1000",))
    at = app_as_account(mgr.user_id)
    cost = lambda: _money({m.label: m.value for m in at.metric}["Kustannukset (alv 0 %)"])  # noqa: E731
    assert cost() == pytest.approx(_cost(raw, "pohjola", "2026-10-01", _subs_under(raw, "pohjola", "1000")),
                                   abs=0.01)
    assert any("1000" in c.value for c in at.caption)

    update_access(MAIN_POHJOLA, _db(), mgr.user_id, role="manager", cost_centres=["2000"])
    assert load_user(mgr.user_id).cost_centres == frozenset({"2000"})
    at.run()  # the next interaction
    assert cost() == pytest.approx(_cost(raw, "pohjola", "2026-10-01", _subs_under(raw, "pohjola", "2000")),
                                   abs=0.01)
    assert not any("1000" in c.value for c in at.caption)

    set_active(MAIN_POHJOLA, mgr.user_id, False)
    at.run()
    assert not at.metric and not at.dataframe              # signed out, nothing shown
    assert SESSION_KEY not in at.session_state
    # the page refuses (AppTest runs the page file), or the app shows the sign-in page
    shown = [e.value for e in at.error] + [s.value for s in at.subheader]
    assert "Sinulla ei ole oikeutta tähän sivuun." in shown or "Kirjaudu sisään" in shown


def _db():
    from reporting.ui.context import get_db

    return get_db()


# -- hostile URLs ---------------------------------------------------------------------------

HOSTILE_KEYS = ("org", "org_id", "organisation", "cost_centre", "cost_centres", "cc", "centre",
                "subscription", "subscription_id", "subscriptions", "sub", "phone", "user",
                "user_id", "service", "service_id", "ticket", "persona_id")


ALERTS = ("info", "warning", "error", "success")


def visible_text(at, kinds=("title", "header", "subheader", "markdown", "caption", "text", "code",
                            *ALERTS, "exception")) -> str:
    """Everything a page shows: text elements, metrics, tables and option lists."""
    parts: list[str] = []
    for kind in kinds:
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for df in [*at.dataframe, *at.table]:
        parts.append(df.value.to_csv() if hasattr(df.value, "to_csv") else str(df.value))
    for box in [*at.selectbox, *at.multiselect]:
        parts += [str(o) for o in box.options]
    return "\n".join(parts)


@pytest.mark.parametrize("role", [Role.MAIN_USER, Role.MANAGER, Role.EMPLOYEE, Role.ANALYST])
def test_other_organisations_ids_in_the_url_show_nothing_of_theirs(app_env, raw, monkeypatch, role):
    monkeypatch.setenv("REPORTING_DEMO", "0")
    subs = raw("subscriptions")
    own = subs[subs.org_id == "saimaa"].sort_values("subscription_id")
    grants = {Role.MANAGER: {"cost_centres": (sorted(set(own.cost_centre))[0],)},
              Role.EMPLOYEE: {"subscriptions": (own.subscription_id.iloc[0],)},
              Role.ANALYST: {"cost_centres": (sorted(set(own.cost_centre))[0],)}}.get(role, {})
    acc = create_account(email=f"{role.value}@saimaa.fi", name="Sanna", role=role, org_id="saimaa",
                         created_by="t", password=PASSWORD, **grants)
    user = load_user(acc.user_id)
    scope = user.scope()
    visible_subs = set(own.subscription_id)
    if scope.cost_centres is not None:
        visible_subs = set().union(*(_subs_under(raw, "saimaa", c) for c in scope.cost_centres))
    if scope.subscriptions is not None:
        visible_subs &= set(scope.subscriptions)
    hidden = subs[~subs.subscription_id.isin(visible_subs)]
    foreign = hidden[hidden.org_id != "saimaa"]
    orgs = raw("organisations")
    other_names = list(orgs.loc[orgs.org_id != "saimaa", "name"])
    hostile = {k: "" for k in HOSTILE_KEYS}
    hostile.update(org="pohjola", org_id="pohjola", organisation="pohjola", cost_centre="1000",
                   cost_centres="1000", cc="1000", subscription=foreign.subscription_id.iloc[0],
                   subscription_id=foreign.subscription_id.iloc[0], sub=foreign.subscription_id.iloc[0],
                   subscriptions=hidden.subscription_id.iloc[0], phone=str(foreign.phone_number.iloc[0]),
                   user="demo:main:pohjola", user_id="demo:main:pohjola", persona_id="demo:operator")

    at = app_as_account(acc.user_id)
    for spec in pages_for(role):
        at = open_page(at, spec.key, **hostile)
        assert not at.exception, (spec.key, at.exception)
        text = visible_text(at)
        for name in other_names:
            assert name not in text, (spec.key, name)
        # A message may repeat an id the URL itself carried ("... not found"); nothing else
        # may show a hidden subscription or number.
        data = visible_text(at, kinds=("title", "header", "subheader", "markdown", "caption",
                                       "text", "code", "exception"))
        alerts = visible_text(at, kinds=ALERTS)
        injected = set(hostile.values())
        leaked = [s for s in hidden.subscription_id if s in data or (s in alerts and s not in injected)]
        assert not leaked, (spec.key, leaked[:5])
        phones = [p for p in hidden.phone_number.dropna()
                  if str(p) in data or (str(p) in alerts and str(p) not in injected)]
        assert not phones, (spec.key, phones[:5])
        if spec.key == "home":  # the page does show the person's own organisation
            assert "Saimaan Ohjelmistotalo Oy" in text
