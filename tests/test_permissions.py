"""reporting.access.permissions: one rule per kind of write. The table below is the product's
rule written out independently (docs/security.md, the product brief): the operator or the
organisation's own main user manages an organisation; comments come from the main user;
the operator closes them and moves orders."""

from __future__ import annotations

import pytest

from reporting.access import permissions as p
from reporting.access.scope import Role, User

OPERATOR = User("op", "Op", Role.OPERATOR)
MAIN = User("m", "M", Role.MAIN_USER, org_id="acme")
OTHER_MAIN = User("m2", "M2", Role.MAIN_USER, org_id="other")
MAIN_WITHOUT_ORG = User("m3", "M3", Role.MAIN_USER)
MANAGER = User("g", "G", Role.MANAGER, org_id="acme", cost_centres=frozenset({"1000"}))
ANALYST = User("a", "A", Role.ANALYST, org_id="acme")
EMPLOYEE = User("e", "E", Role.EMPLOYEE, org_id="acme", subscriptions=frozenset({"S1"}))
EVERYONE = (OPERATOR, MAIN, OTHER_MAIN, MAIN_WITHOUT_ORG, MANAGER, ANALYST, EMPLOYEE, None)

# user -> (manages acme, manages no organisation named, comments on acme's docs,
#          closes comments, moves orders, sees acme's imports)
EXPECTED = {
    "op": (True, False, False, True, True, True),
    "m": (True, False, True, False, False, True),
    "m2": (False, False, False, False, False, False),
    "m3": (False, False, False, False, False, False),
    "g": (False, False, False, False, False, True),
    "a": (False, False, False, False, False, True),
    "e": (False, False, False, False, False, True),
    None: (False, False, False, False, False, False),
}


@pytest.mark.parametrize("user", EVERYONE, ids=lambda u: u.user_id if u else "nobody")
def test_the_rules_for_every_role(user):
    got = (p.may_manage_org(user, "acme"), p.may_manage_org(user, None),
           p.may_comment_docs(user, "acme"), p.may_close_doc_comments(user),
           p.may_move_orders(user), p.may_see_import(user, "acme"))
    assert got == EXPECTED[user.user_id if user else None]


@pytest.mark.parametrize("rule", [p.may_manage_users, p.may_decide_optimisation,
                                  p.may_change_messages, p.may_import_into, p.may_order_for])
def test_every_organisation_write_follows_the_one_rule(rule):
    for user in EVERYONE:
        for org in ("acme", "other", None, ""):
            assert rule(user, org) == p.may_manage_org(user, org), (rule.__name__, user, org)
