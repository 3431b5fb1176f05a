"""Scopes fail closed and restrict every registered report to what they allow."""

from __future__ import annotations

import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.registry import all_reports, run_report


def test_empty_scopes_are_empty():
    assert Scope.none().is_empty
    assert Scope("pohjola", cost_centres=frozenset()).is_empty
    assert Scope("pohjola", subscriptions=frozenset()).is_empty
    assert not Scope("pohjola").is_empty


@pytest.mark.parametrize("scope", [Scope.none(), Scope("pohjola", cost_centres=frozenset()),
                                   Scope("pohjola", subscriptions=frozenset()), Scope("no-such-org")])
def test_every_report_returns_nothing_for_an_empty_scope(demo_db, scope):
    for name in all_reports():
        df = run_report(name, demo_db, scope)
        assert df.empty, name


def test_user_scopes_fail_closed():
    assert User("m", "M", Role.MANAGER, org_id="pohjola").scope().is_empty  # no grants
    assert User("e", "E", Role.EMPLOYEE, org_id="pohjola").scope().is_empty
    assert User("o", "O", Role.OPERATOR).scope(None).is_empty
    # another organisation's id never widens a customer's scope
    main = User("u", "U", Role.MAIN_USER, org_id="pohjola")
    assert main.scope("kaarna").is_empty
    assert main.scope("pohjola") == Scope("pohjola")


def _descendants(centres: pd.DataFrame, org: str, code: str) -> set[str]:
    c = centres[centres.org_id == org]
    out, frontier = {code}, {code}
    while frontier:
        frontier = set(c[c.parent_code.isin(frontier)].code) - out
        out |= frontier
    return out


def test_scoped_subscriptions_follow_the_cost_centre_hierarchy(demo_db, raw):
    centres = raw("cost_centres")
    subs = raw("subscriptions")
    top = centres[(centres.org_id == "pohjola") & centres.parent_code.isna()].code.iloc[0]
    allowed = _descendants(centres, "pohjola", top)
    expected = set(subs[(subs.org_id == "pohjola") & subs.cost_centre.isin(allowed)].subscription_id)
    scope = Scope("pohjola", cost_centres=frozenset([top]))
    got = {r[0] for r in demo_db.rows(
        "SELECT subscription_id FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)",
        scope.params())}
    assert got == expected and len(got) > 10


def test_home_headline_for_an_employee_counts_only_their_subscription(demo_db, raw):
    subs = raw("subscriptions")
    one = subs[(subs.org_id == "pohjola") & subs.closed_on.isna()].subscription_id.iloc[0]
    scope = Scope("pohjola", subscriptions=frozenset([one]))
    head = run_report("home-headline", demo_db, scope).iloc[0]
    charges = raw("charges")
    expected = charges[(charges.subscription_id == one)
                       & (charges.invoice_month == pd.Timestamp(2026, 10, 1))].amount.sum()
    assert float(head.cost_month) == pytest.approx(float(expected), abs=0.005)
    assert head.active_subscriptions == 1
    assert head.services == 0  # services are organisation-wide
