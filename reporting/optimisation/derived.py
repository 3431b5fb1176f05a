"""The optimisation findings for the default thresholds, derived at write time (issue 19).

With the product's thresholds (``Thresholds()``) and the latest complete invoiced month as
"now" (the page's first view), the findings are a pure function of the data: every write
transaction evaluates the rules (reporting/optimisation/rules.py, the same code the page runs
for other thresholds) per organisation on its own connection and stores the rows in
``optimisation_findings`` (migration 0013). The reports read them back instead of evaluating
the rules (reporting/optimisation/reports.py); decisions are joined when read.

Which organisations a write evaluates again is what it declares for the data versions
(``write_transaction(path, orgs=...)``, reporting/core/db/write.py): the declared ones, every
one for a global write (undeclared, a migration, a change of the shared tables), plus any
organisation without rows yet or whose rows were derived by other rules (``rules_fingerprint``:
their code, their SQL and the roaming packages file). An import into one organisation
re-derives that one alone, and no write hashes the data to find out. Rows derived by other
rules (a deploy that changed a rule, an edited packages file) are not read: the reports
evaluate live until the next write derives them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db.fetch import bind_params, fetch_df
from reporting.core.sqlfiles import SQL_DIR, load_sql
from reporting.optimisation import catalogue
from reporting.optimisation import rules as opt
from reporting.optimisation.thresholds import Thresholds

# the finding columns copied from the subscription's row: a missing text is NaN there (the
# rules read the subscriptions through fetch_df), so it is NaN when read back too
_SUB_TEXT = ("subscription_id", "phone_number", "user_name", "cost_centre", "cost_centre_name",
             "service_type", "plan")


@cache
def _code_fingerprint() -> str:
    from pathlib import Path

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    files = [here / "rules.py", here / "thresholds.py", here / "catalogue.py", here / "derived.py",
             SQL_DIR / "core" / "overage_macros.sql", *sorted((SQL_DIR / "optimisation").glob("*.sql"))]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def rules_fingerprint(packages: tuple[catalogue.RoamingPackage, ...] | None = None) -> str:
    """Changes when the rules' code or SQL or the roaming packages on offer change."""
    packages = catalogue.roaming_packages() if packages is None else packages
    h = hashlib.sha256(_code_fingerprint().encode())
    for p in packages:
        h.update(repr((p.package, p.monthly_fee, p.data_gb, sorted(p.countries))).encode())
    return h.hexdigest()[:32]


class _WriteConnection:
    """The part of ``Database`` the rules use (``named``, ``rows``), on the write
    transaction's own connection: a cursor would be another connection, outside the
    transaction, and would not see what it wrote."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, bind_params(sql, params or {})).fetchall()

    def named(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        sql = load_sql(name)
        return fetch_df(self.con, sql, bind_params(sql, params or {}))


def _execute(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any]) -> None:
    sql = load_sql(name)
    con.execute(sql, bind_params(sql, params))


def evaluate_default(db, org_id: str) -> tuple[dt.date | None, pd.DataFrame]:
    """(now, the findings of the whole organisation for the default thresholds), as the
    reports evaluate them live."""
    scope = Scope.organisation(org_id)
    now = opt.now_month(db, scope)
    if now is None:
        return None, pd.DataFrame(columns=opt.FINDING_COLUMNS)
    th = Thresholds()
    data = opt.load_rule_data(db, scope, now, th.window())
    return now, opt.evaluate(data, th, catalogue.roaming_packages())


def derive_optimisation_findings(con: duckdb.DuckDBPyConnection, orgs: Iterable[str] | None,
                                 version: str) -> list[str]:
    """Bring ``optimisation_findings`` in step with the data on the write transaction's
    connection ``con``; returns the organisations evaluated.

    ``orgs``: the organisations the write declared it changed (its data versions), or None for a
    global write (undeclared, a migration, a change of the shared tables): every organisation
    then. Evaluated too: an organisation whose rows were derived by other rules (the rules'
    code, SQL or packages file changed since) or that has no rows yet (a new or migrated
    database). ``version``: the write's data version, recorded with the rows."""
    db = _WriteConnection(con)
    rules = rules_fingerprint()
    present = [org for (org,) in con.execute(load_sql("optimisation/findings_orgs")).fetchall()]
    stored = {org: str_rules
              for org, _month, _version, str_rules in con.execute(load_sql("optimisation/findings_state")).fetchall()}
    for org in sorted(stored.keys() - set(present)):          # an organisation removed
        _execute(con, "optimisation/findings_delete", {"org_id": org})
        _execute(con, "optimisation/findings_state_delete", {"org_id": org})
    declared = None if orgs is None else set(orgs)
    done = []
    for org in present:
        if declared is not None and org not in declared and stored.get(org) == rules:
            continue
        now, frame = evaluate_default(db, org)
        _execute(con, "optimisation/findings_delete", {"org_id": org})
        _execute(con, "optimisation/findings_state_delete", {"org_id": org})
        if now is not None and len(frame):
            new = frame.astype(object).where(frame.notna(), None).assign(ordinal=range(len(frame)))
            con.register("optimisation_findings_new", new)
            try:
                _execute(con, "optimisation/findings_insert", {"org_id": org, "month": now})
            finally:
                con.unregister("optimisation_findings_new")
        _execute(con, "optimisation/findings_state_record",
                 {"org_id": org, "month": now, "version": version, "rules": rules})
        done.append(org)
    return done


def stale_organisations(db) -> list[str]:
    """Organisations whose stored findings were derived by other rules than the running code's
    (a deploy changed the rules' code, SQL or packages) or that have none yet: what a write
    would evaluate again even if it declared nothing."""
    rules = rules_fingerprint()
    present = [org for (org,) in db.rows(load_sql("optimisation/findings_orgs"))]
    stored = {org: str_rules for org, _month, _version, str_rules in db.rows(load_sql("optimisation/findings_state"))}
    return [org for org in present if stored.get(org) != rules]


def refresh_stale_findings(db) -> list[str]:
    """Derive the findings of ``stale_organisations`` again (a write that declares no
    organisation: no data version changes, so no cache is emptied; the findings it writes are
    the ones the reports evaluate live meanwhile). Run once after a start (reporting.ui.warm),
    so that a deploy of new rules does not leave the optimisation pages evaluating live until
    the next import. Returns the organisations evaluated."""
    from reporting.core.db.write import write_transaction

    stale = stale_organisations(db)
    if stale:
        with write_transaction(db.path, orgs=()):
            pass
    return stale


def read_findings(db, scope: Scope, now: dt.date, rules: str) -> pd.DataFrame | None:
    """The derived findings ``scope`` may see for month ``now`` (as rules.evaluate gives them
    for the default thresholds), or None when they are not derived for that month and rules:
    the caller evaluates live then. Not for a scope of listed subscriptions."""
    state = db.rows(load_sql("optimisation/findings_state_org"), {"org_id": scope.org_id})
    if not state or state[0][0] != now or state[0][1] != rules:
        return None
    cur = db.cursor()
    try:
        sql = load_sql("optimisation/findings_derived")
        cur.execute(sql, bind_params(sql, {**scope.params(), "month": now}))
        rows = cur.fetchall()
    finally:
        cur.close()
    df = pd.DataFrame(rows, columns=opt.FINDING_COLUMNS)
    for c in _SUB_TEXT:
        if len(df) and df[c].isna().any() and not df[c].isna().all():
            df[c] = df[c].map(lambda v: math.nan if v is None else v)
    return df
