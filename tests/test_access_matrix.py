"""Proof that no one sees another's data: EVERY registered report (the registry grows as
report modules land; this file iterates it) × every role × a set of filters.

Two independent checks:

1. Column check. What each scope may see is computed here in pandas from the raw tables
   (the cost-centre tree walked in Python, not with the SQL view). Every identifying column a
   report returns (org_id, subscription_id, cost_centre, phone_number, service/ticket/event ids)
   must hold only allowed values, and an empty scope returns no rows.
2. Pre-filtered database. For a sample of scopes a copy of the database is made that holds
   only the rows that scope may see; each report's whole-organisation result on that copy
   must equal its scoped result on the full database. A report that reads anything the scope
   does not allow (an unscoped table, a wrong join) gives a different answer there.
"""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from dataclasses import dataclass

import duckdb
import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.db import Database
from reporting.core.registry import all_reports
from reporting.core.sqlfiles import load_sql

REPORTS = sorted(all_reports())


# -- the roles ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    user: User
    org: str | None = None     # the organisation asked for (operator's choice / a URL)

    @property
    def scope(self) -> Scope:
        return self.user.scope(self.org)


def _cases(raw) -> list[Case]:
    subs = raw("subscriptions")
    pohjola = subs[(subs.org_id == "pohjola") & subs.closed_on.isna()].sort_values("subscription_id")
    voice = pohjola[pohjola.service_type == "mobile_voice"]
    return [
        Case("operator-pohjola", User("op", "Op", Role.OPERATOR), "pohjola"),
        Case("operator-saimaa", User("op", "Op", Role.OPERATOR), "saimaa"),
        Case("operator-no-org", User("op", "Op", Role.OPERATOR), None),
        Case("main-kaarna", User("m", "M", Role.MAIN_USER, org_id="kaarna")),
        Case("main-kaarna-asks-pohjola", User("m", "M", Role.MAIN_USER, org_id="kaarna"), "pohjola"),
        Case("manager-top-centre", User("g", "G", Role.MANAGER, org_id="pohjola",
                                        cost_centres=frozenset({"1000"}))),
        Case("manager-two-subcentres", User("g", "G", Role.MANAGER, org_id="pohjola",
                                            cost_centres=frozenset({"2100", "3100"}))),
        Case("manager-no-grants", User("g", "G", Role.MANAGER, org_id="pohjola", cost_centres=frozenset())),
        Case("manager-foreign-code", User("g", "G", Role.MANAGER, org_id="saimaa",
                                          cost_centres=frozenset({"NOT-THERE"}))),
        Case("analyst-whole-org", User("a", "A", Role.ANALYST, org_id="kaarna")),
        Case("analyst-granted", User("a", "A", Role.ANALYST, org_id="pohjola",
                                     cost_centres=frozenset({"3000"}))),
        Case("employee-one", User("e", "E", Role.EMPLOYEE, org_id="pohjola",
                                  subscriptions=frozenset({voice.subscription_id.iloc[0]}))),
        Case("employee-two", User("e", "E", Role.EMPLOYEE, org_id="pohjola",
                                  subscriptions=frozenset(voice.subscription_id.iloc[1:3]))),
        Case("employee-other-orgs-sub", User("e", "E", Role.EMPLOYEE, org_id="pohjola",
                                             subscriptions=frozenset(
                                                 subs[subs.org_id == "kaarna"].subscription_id.iloc[:1]))),
        Case("employee-none", User("e", "E", Role.EMPLOYEE, org_id="pohjola")),
    ]


# -- what a scope allows, computed independently --------------------------------------------

@dataclass(frozen=True)
class Allowed:
    org: str | None
    whole: bool
    subs: frozenset[str]
    ccs: frozenset[str]           # cost centres a row may carry (visible ones and their
                                  # ancestors: the path to a granted centre, e.g. a tree's top)
    phones: frozenset[str]
    charge_ccs: frozenset[str]    # centres whose organisation-level charge lines are visible
    devices: frozenset[str] | None = None   # the devices visible (None: not computed)
    orders: frozenset[str] | None = None    # the service orders visible (None: not computed)


def _descendants(cc: pd.DataFrame, org: str, codes) -> set[str]:
    children: dict[str, list[str]] = {}
    for row in cc[cc.org_id == org].itertuples():
        if row.parent_code is not None and row.parent_code == row.parent_code:
            children.setdefault(row.parent_code, []).append(row.code)
    known = set(cc.loc[cc.org_id == org, "code"])
    out, todo = set(), [c for c in codes if c in known]
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(children.get(c, []))
    return out


def allowed(raw, scope: Scope) -> Allowed:
    if scope.is_empty:
        return Allowed(None, False, frozenset(), frozenset(), frozenset(), frozenset())
    subs, cc = raw("subscriptions"), raw("cost_centres")
    mine = subs[subs.org_id == scope.org_id]
    centres = None
    if scope.cost_centres is not None:
        centres = _descendants(cc, scope.org_id, scope.cost_centres)
        mine = mine[mine.cost_centre.isin(centres)]
    if scope.subscriptions is not None:
        mine = mine[mine.subscription_id.isin(scope.subscriptions)]
    if scope.whole_organisation:
        ccs = set(cc.loc[cc.org_id == scope.org_id, "code"])
    elif centres is not None and scope.subscriptions is None:
        ccs = centres
    else:
        ccs = set(mine.cost_centre.dropna())
    charge_ccs = ccs if scope.subscriptions is None else set()
    on_path = set(ccs) | _ancestors(cc, scope.org_id, ccs)
    dev = raw("devices")
    dev = dev[dev.org_id == scope.org_id]
    # devices on the scope's subscriptions, and (a scope not limited to subscriptions) those
    # without a subscription booked to its centres; a whole organisation sees all of its own
    visible = scope.whole_organisation | dev.subscription_id.isin(set(mine.subscription_id)) | (
        dev.subscription_id.isna() & dev.cost_centre.isin(charge_ccs))
    # service orders likewise: on the scope's subscriptions, or without one booked to its centres
    orders = raw("service_orders")
    orders = orders[orders.org_id == scope.org_id]
    seen = scope.whole_organisation | orders.subscription_id.isin(set(mine.subscription_id)) | (
        orders.subscription_id.isna() & orders.cost_centre.isin(charge_ccs))
    return Allowed(scope.org_id, scope.whole_organisation, frozenset(mine.subscription_id),
                   frozenset(on_path), frozenset(mine.phone_number.dropna()), frozenset(charge_ccs),
                   frozenset(dev[visible].device_id), frozenset(orders[seen].order_id))


def _ancestors(cc: pd.DataFrame, org: str, codes) -> set[str]:
    parent = {r.code: r.parent_code for r in cc[cc.org_id == org].itertuples()
              if r.parent_code is not None and r.parent_code == r.parent_code}
    out: set[str] = set()
    for c in codes:
        while c in parent and parent[c] not in out:
            c = parent[c]
            out.add(c)
    return out


# -- filters --------------------------------------------------------------------------------

def _latest_month(raw, org: str | None) -> dt.date:
    ch = raw("charges")
    months = ch.loc[ch.org_id == (org or "pohjola"), "invoice_month"]
    return pd.Timestamp(months.max()).date()


def _minus_months(month: dt.date, n: int) -> dt.date:
    y, m = divmod(month.year * 12 + month.month - 1 - n, 12)
    return dt.date(y, m + 1, 1)


def filter_sets(raw, spec, case: Case, allow: Allowed) -> list[dict]:
    """A few filter combinations the report accepts: defaults; a single month / a period;
    a cost centre inside and one outside the scope; a service type and plan."""
    params = [p for p in list(inspect.signature(spec.func).parameters.values())[2:]
              if p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)]
    accepted = {p.name for p in params}
    required = {p.name for p in params if p.default is inspect.Parameter.empty}
    latest = _latest_month(raw, allow.org)
    subs = raw("subscriptions")
    org_subs = subs[subs.org_id == (allow.org or "pohjola")]
    inside_cc = sorted(allow.ccs)[:1]
    outside_cc = sorted(set(raw("cost_centres").query("org_id == 'pohjola'").code) - allow.ccs)[:1]
    some_sub = sorted(allow.subs)[:1] or sorted(org_subs.subscription_id)[:1]
    foreign_sub = sorted(subs[subs.org_id != (allow.org or "pohjola")].subscription_id)[:1]
    services = raw("services")
    own_service = sorted(services.loc[services.org_id == (allow.org or "pohjola"), "service_id"])[:1]
    foreign_service = sorted(set(services.loc[services.org_id != (allow.org or "pohjola"), "service_id"])
                             - set(own_service))[:1]
    devices = raw("devices")
    org_devices = devices[devices.org_id == (allow.org or "pohjola")]
    own_device = (sorted(org_devices[org_devices.subscription_id.isin(allow.subs)].device_id)[:1]
                  or sorted(org_devices.device_id)[:1])
    foreign_device = sorted(devices[devices.org_id != (allow.org or "pohjola")].device_id)[:1]
    values = {
        "month": [latest, _minus_months(latest, 3)],
        "month_from": [_minus_months(latest, 2)],
        "month_to": [latest],
        "cost_centres": [tuple(inside_cc), tuple(outside_cc)],
        "cost_centre": [*(inside_cc or []), *(outside_cc or [])],
        "service_types": [("mobile_voice",)],
        "service_type": ["mobile_voice"],
        "plans": [tuple(sorted(org_subs.plan.dropna().unique())[:2])],
        "subscription_id": [*some_sub, *foreign_sub],
        "subscriptions": [tuple(some_sub), tuple(foreign_sub)],
        "service_id": [*own_service, *foreign_service],
        "subscription": [*some_sub, *foreign_sub],
        "parent": [*(inside_cc or []), *(outside_cc or [])],
        "code": [*(inside_cc or []), *(outside_cc or [])],
        "device_id": [*own_device, *foreign_device],
        "order_types": [("device", "change")],
        "states": [("in_progress", "delivered")],
    }
    unknown = required - set(values)
    if unknown:
        pytest.fail(f"report {spec.name!r} requires {sorted(unknown)}: add test values for them "
                    "to filter_sets in tests/test_access_matrix.py")
    base = {n: values[n][0] for n in required}
    combos = [dict(base)]
    period = {k: values[k][0] for k in ("month_from", "month_to") if k in accepted}
    if period:
        combos.append({**base, **period})
    for name in sorted(accepted & set(values)):
        for v in values[name]:
            combos.append({**base, **period, name: v})
    unique = []
    for c in combos:
        if c not in unique:
            unique.append(c)
    return unique


# -- checks ---------------------------------------------------------------------------------

SERVICE_COLUMNS = ("service_id", "ticket_id", "event_id")


def check_columns(df: pd.DataFrame, allow: Allowed, where: str) -> None:
    if allow.org is None:
        assert df.empty, f"{where}: an empty scope returned {len(df)} rows"
        return
    def values(col):
        return set(df[col].dropna().astype(str)) if col in df.columns else set()
    assert values("org_id") <= {allow.org}, f"{where}: other organisations {values('org_id') - {allow.org}}"
    leaked = values("subscription_id") - allow.subs
    assert not leaked, f"{where}: subscriptions outside the scope {sorted(leaked)[:5]}"
    leaked = values("phone_number") - allow.phones
    assert not leaked, f"{where}: phone numbers outside the scope {sorted(leaked)[:5]}"
    for col in ("cost_centre", "subscription_cost_centre"):
        leaked = values(col) - allow.ccs
        assert not leaked, f"{where}: {col} outside the scope {sorted(leaked)[:5]}"
    if not allow.whole:
        for col in SERVICE_COLUMNS:
            assert not values(col), f"{where}: {col} shown to a restricted scope"
    if allow.devices is not None:
        leaked = values("device_id") - allow.devices
        assert not leaked, f"{where}: devices outside the scope {sorted(leaked)[:5]}"
    if allow.orders is not None:
        leaked = values("order_id") - allow.orders
        assert not leaked, f"{where}: service orders outside the scope {sorted(leaked)[:5]}"


# Every filter combination for these; the report's defaults for the rest (keeps the matrix
# fast as the registry grows).
ALL_FILTER_CASES = frozenset({"manager-top-centre", "employee-one", "main-kaarna-asks-pohjola"})


@pytest.fixture(scope="module")
def cases(raw):
    return _cases(raw)


@pytest.mark.parametrize("report_name", REPORTS)
def test_every_role_sees_only_its_scope(report_name, demo_db, raw, cases):
    spec = all_reports()[report_name]
    runs = 0
    for case in cases:
        allow = allowed(raw, case.scope)
        combos = filter_sets(raw, spec, case, allow)
        for filters in combos if case.name in ALL_FILTER_CASES else combos[:1]:
            df = spec.func(demo_db, case.scope, **filters)
            check_columns(df, allow, f"{report_name} as {case.name} with {filters}")
            runs += 1
    assert runs >= len(cases)


def test_scope_expectations_are_not_vacuous(raw, cases):
    """The sample scopes really differ: whole organisations, sub-trees, single subscriptions,
    and the ones that must see nothing."""
    by_name = {c.name: allowed(raw, c.scope) for c in cases}
    subs = raw("subscriptions")
    assert len(by_name["operator-pohjola"].subs) == (subs.org_id == "pohjola").sum()
    assert 0 < len(by_name["manager-top-centre"].subs) < len(by_name["operator-pohjola"].subs)
    assert {"1000", "1100"} <= by_name["manager-top-centre"].ccs and "2000" not in by_name["manager-top-centre"].ccs
    assert len(by_name["employee-one"].subs) == 1 and len(by_name["employee-two"].subs) == 2
    for name in ("operator-no-org", "main-kaarna-asks-pohjola", "manager-no-grants",
                 "employee-none"):
        assert by_name[name].org is None, name
    for name in ("manager-foreign-code", "employee-other-orgs-sub"):
        assert not by_name[name].subs, name
    orders = raw("service_orders")
    assert len(by_name["operator-pohjola"].orders) == (orders.org_id == "pohjola").sum()
    assert 0 < len(by_name["manager-top-centre"].orders) < len(by_name["operator-pohjola"].orders)


# -- the pre-filtered database --------------------------------------------------------------

def _restricted_copy(src, dst, allow: Allowed) -> None:
    """Copy the database keeping only the rows ``allow`` covers (generic over every base
    table by its columns, so tables added later are restricted too)."""
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()]
        subs, ccs, charge_ccs = sorted(allow.subs), sorted(allow.ccs), sorted(allow.charge_ccs)
        for table in tables:
            cols = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            if "org_id" in cols:
                con.execute(f'DELETE FROM "{table}" WHERE org_id IS DISTINCT FROM ?', [allow.org])
            # the hierarchy stays whole (cost_centre_tree is derived from cost_centres)
            if allow.whole or table in ("cost_centres", "cost_centre_tree", "organisations", "dataset_info",
                                        "device_events"):
                continue
            if table == "cloud_charges":
                # cloud lines are organisation-level: visible as far as booked to a visible centre
                con.execute(f'DELETE FROM "{table}" WHERE NOT coalesce(list_contains(?::VARCHAR[], cost_centre), FALSE)',
                            [charge_ccs])
            elif "subscription_id" in cols:
                # organisation-level lines (no subscription): only those booked to a visible centre
                org_level = ("subscription_id IS NULL AND cost_centre IS NOT NULL"
                             " AND list_contains(?::VARCHAR[], cost_centre)") if "cost_centre" in cols else "FALSE"
                params = [subs, charge_ccs] if "cost_centre" in cols else [subs]
                con.execute(f'DELETE FROM "{table}" WHERE NOT (coalesce(list_contains(?::VARCHAR[], subscription_id),'
                            f' FALSE) OR ({org_level}))', params)
            elif "cost_centre" in cols:
                con.execute(f'DELETE FROM "{table}" WHERE NOT coalesce(list_contains(?::VARCHAR[], cost_centre), FALSE)',
                            [ccs])
            elif "org_id" in cols:
                # organisation-wide facts (services, invoices ...) are for whole-organisation scopes only
                con.execute(f'DELETE FROM "{table}"')
        # a device's history is visible with the device
        con.execute("DELETE FROM device_events WHERE device_id NOT IN (SELECT device_id FROM devices)")
        # the summary derived from charges is rebuilt from what is left, as every write does
        con.execute(load_sql("core/derive_cost_monthly"))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _same(a: pd.DataFrame, b: pd.DataFrame, where: str) -> None:
    assert list(a.columns) == list(b.columns), where
    if a.empty and b.empty:
        return
    a = a.sort_values(list(a.columns), na_position="first").reset_index(drop=True)
    b = b.sort_values(list(b.columns), na_position="first").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=False, rtol=1e-9, obj=where)


def _subset(a: pd.DataFrame, b: pd.DataFrame, where: str) -> None:
    assert list(a.columns) == list(b.columns), where
    rows = set(map(tuple, b.astype(str).itertuples(index=False)))
    extra = [r for r in map(tuple, a.astype(str).itertuples(index=False)) if r not in rows]
    assert not extra, f"{where}: rows not derivable from the scope's data {extra[:3]}"


# Reports whose scoped result may be STRICTER than the whole-organisation result on the
# scope's data (never larger): compared as a subset, with the reason.
SUBSET_ONLY = {
    "cost-filter-options": "a manager's options are the granted centres; on the pre-filtered "
                           "copy the whole-organisation view also offers their ancestors",
}


# Reports whose rows are the scope's own structure (a manager's granted centres): empty for a
# whole organisation by definition, so the pre-filtered comparison cannot apply. Instead their
# rows must add up to the scope's cost of the month (home-headline, itself compared above).
SCOPE_SHAPED = {
    "team-centres": "the rows are the manager's granted centres (or one centre's sub-centres)",
}


def _adds_up_to_the_scope(db, scope, scoped, filters, where) -> None:
    if scoped.empty:
        return
    head = all_reports()["home-headline"].func(db, scope, **filters)
    assert float(scoped.cost_month.astype(float).sum()) == pytest.approx(
        float(head.cost_month.iloc[0]), abs=0.01 * len(scoped)), where


# Two in the default run (a sub-tree and single subscriptions); more with `pytest -m slow`.
EQUIVALENCE_CASES = ("manager-two-subcentres", "employee-two",
                     pytest.param("analyst-granted", marks=pytest.mark.slow),
                     pytest.param("main-kaarna", marks=pytest.mark.slow),
                     pytest.param("manager-top-centre", marks=pytest.mark.slow))


@pytest.mark.parametrize("case_name", EQUIVALENCE_CASES)
def test_scoped_result_equals_whole_org_result_on_prefiltered_data(case_name, demo_path, raw, cases,
                                                                    tmp_path):
    case = next(c for c in cases if c.name == case_name)
    allow = allowed(raw, case.scope)
    copy = tmp_path / "restricted.duckdb"
    _restricted_copy(demo_path, copy, allow)
    full, restricted = Database(demo_path), Database(copy)
    try:
        whole = Scope.organisation(allow.org)
        compared, failures = 0, []
        for name in REPORTS:
            spec = all_reports()[name]
            for filters in filter_sets(raw, spec, case, allow)[:1]:
                scoped = spec.func(full, case.scope, **filters)
                expected = spec.func(restricted, whole, **filters)
                try:
                    if name in SCOPE_SHAPED:
                        _adds_up_to_the_scope(full, case.scope, scoped, filters,
                                              f"{name} as {case_name} with {filters}")
                    elif name in SUBSET_ONLY:
                        _subset(scoped, expected, f"{name} as {case_name} with {filters}")
                    else:
                        _same(scoped, expected, f"{name} as {case_name} with {filters}")
                except AssertionError as exc:
                    failures.append(str(exc).splitlines()[0])
                compared += 1
        assert not failures, failures
        assert compared >= len(REPORTS)
    finally:
        full.close()
        restricted.close()


def test_prefiltered_copy_really_restricts(demo_path, raw, cases, tmp_path):
    """Guard for the check above: the copy for an employee holds exactly their rows."""
    case = next(c for c in cases if c.name == "employee-one")
    allow = allowed(raw, case.scope)
    copy = tmp_path / "restricted.duckdb"
    _restricted_copy(demo_path, copy, allow)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        assert {r[0] for r in con.execute("SELECT subscription_id FROM subscriptions").fetchall()} == set(allow.subs)
        ch = raw("charges")
        expected = ch[ch.subscription_id.isin(allow.subs)]
        got = con.execute("SELECT count(*), sum(amount) FROM charges").fetchone()
        assert got[0] == len(expected) and float(got[1]) == pytest.approx(float(expected.amount.sum()))
        assert con.execute("SELECT count(*) FROM services").fetchone()[0] == 0
    finally:
        con.close()
