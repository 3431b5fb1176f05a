"""The optimisation findings derived at write time (issue 19, migration 0013,
reporting/optimisation/derived.py): the same rows as the rules evaluated live for the default
thresholds, kept in step by every write, filled in an old database by the migration path, and
not used for other thresholds."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database, ensure_schema, write_transaction
from reporting.core.db import write as write_module
from reporting.optimisation import catalogue, derived, reports
from reporting.optimisation import rules as opt
from reporting.optimisation.thresholds import Thresholds
from tests.importing import charges_file, load

ORGS = ("kaarna", "pohjola", "saimaa")


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    reports._derived.cache_clear()
    reports._evaluated.cache_clear()
    reports._rule_data.cache_clear()


@pytest.fixture
def copy_path(demo_path, tmp_path):
    """A private copy of the session's demo database, for tests that write."""
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_path, path)
    return path


DEFAULTS = Thresholds()


def live(db: Database, scope: Scope, th: Thresholds = DEFAULTS) -> tuple[dt.date, pd.DataFrame]:
    """The rules evaluated on the read-only connection, as the page did before issue 19."""
    now = opt.now_month(db, scope)
    data = opt.load_rule_data(db, scope, now, th.window())
    return now, opt.evaluate(data, th, catalogue.roaming_packages())


def stored(path, org: str) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT * FROM optimisation_findings WHERE org_id = ? ORDER BY ordinal",
                           [org]).df()
    finally:
        con.close()


@pytest.mark.parametrize("org", ORGS)
def test_derived_rows_equal_the_live_evaluation(demo_db, org):
    scope = Scope.organisation(org)
    now, expected = live(demo_db, scope)
    assert len(expected) > 0
    got = derived.read_findings(demo_db, scope, now, derived.rules_fingerprint())
    assert got is not None
    pd.testing.assert_frame_equal(got, expected)          # row for row, in the same order
    # savings to the cent, as stored
    table = stored(demo_db.path, org)
    assert (table.month.dt.date == now).all()
    assert table.saving_month.round(2).tolist() == expected.saving_month.round(2).tolist()
    assert table.saving_month.tolist() == expected.saving_month.tolist()


def test_a_cost_centre_scope_reads_its_part_of_the_derived_rows(demo_db):
    org = "pohjola"
    centre = demo_db.rows("SELECT code FROM cost_centres WHERE org_id = ? AND parent_code IS NULL "
                          "ORDER BY code LIMIT 1", [org])[0][0]
    scope = Scope(org, cost_centres=frozenset({centre}))
    now, expected = live(demo_db, scope)
    got = derived.read_findings(demo_db, scope, now, derived.rules_fingerprint())
    assert got is not None and len(got) > 0
    pd.testing.assert_frame_equal(got, expected)


def test_the_reports_read_the_derived_rows_for_the_defaults_only(copy_path):
    """A derived saving changed by hand (by a write that declares no organisation, so its
    derivation evaluates none and keeps it) shows in the report for the default thresholds; other thresholds, an older
    month and a scope of listed subscriptions evaluate the rules live."""
    org = "kaarna"
    with write_transaction(copy_path, orgs=()) as con:
        sid = con.execute("SELECT subscription_id FROM optimisation_findings WHERE org_id = ? "
                          "AND rule = 'inactive' ORDER BY ordinal LIMIT 1", [org]).fetchall()[0][0]
        con.execute("UPDATE optimisation_findings SET saving_month = 12345.67 "
                    "WHERE org_id = ? AND subscription_id = ? AND rule = 'inactive'", [org, sid])
    db = Database(copy_path)
    try:
        scope = Scope.organisation(org)
        df = reports.optimisation(db, scope)
        assert df.loc[(df.subscription_id == sid) & (df.finding_rule == "inactive"),
                      "saving_month"].tolist() == [12345.67]

        th = Thresholds(inactive_months=2)
        now, expected = live(db, scope, th)
        got = reports.findings(db, scope, **th.as_filters())[1]
        pd.testing.assert_frame_equal(got[opt.FINDING_COLUMNS], expected, check_dtype=False)
        assert 12345.67 not in set(got.saving_month)

        older = opt.available_months(db, scope)[1]
        got = reports.findings(db, scope, month=older)[1]
        assert 12345.67 not in set(got.saving_month)

        one = Scope(org, subscriptions=frozenset({sid}))
        got = reports.findings(db, one)[1]
        assert got.loc[got.rule == "inactive", "saving_month"].tolist() != [12345.67]
        assert got.subscription_id.tolist() == [sid] * len(got)
    finally:
        db.close()


def _active_subscription(db: Database, org: str, now: dt.date) -> tuple[str, float]:
    """An open subscription with usage in each of the last three months and a fee in ``now``,
    on a catalogue plan, and that plan's monthly fee (from the plans table)."""
    start = (pd.Timestamp(now) - pd.DateOffset(months=2)).date()
    rows = db.rows("""
        SELECT s.subscription_id, p.monthly_fee::DOUBLE
        FROM subscriptions s JOIN plans p ON p.plan = s.plan
        WHERE s.org_id = $org AND s.opened_on <= $start AND s.closed_on IS NULL
          AND s.subscription_id IN (SELECT subscription_id FROM usage_monthly
                                    WHERE org_id = $org AND month BETWEEN $start AND $now AND quantity > 0)
          AND s.subscription_id IN (SELECT subscription_id FROM charges
                                    WHERE org_id = $org AND invoice_month = $now
                                      AND category = 'monthly_fee' AND amount > 0)
        ORDER BY s.subscription_id LIMIT 1""", {"org": org, "start": start, "now": now})
    return rows[0]


def test_a_write_that_changes_usage_changes_that_organisations_findings(copy_path, evaluated):
    org = "saimaa"
    db = Database(copy_path)
    try:
        now = opt.now_month(db, Scope.organisation(org))
        sid, fee = _active_subscription(db, org, now)
        before = stored(copy_path, org)
        assert not ((before.subscription_id == sid) & (before.rule == "inactive")).any()
        start = (pd.Timestamp(now) - pd.DateOffset(months=2)).date()

        # the subscription stops being used: three months without usage
        with write_transaction(copy_path, orgs=[org]) as con:
            con.execute("DELETE FROM usage_monthly WHERE org_id = ? AND subscription_id = ? "
                        "AND month BETWEEN ? AND ?", [org, sid, start, now])
        assert evaluated[-1] == [org]                  # the other organisations kept their rows
        after = stored(copy_path, org)
        hit = after[(after.subscription_id == sid) & (after.rule == "inactive")]
        assert hit.saving_month.tolist() == [round(fee, 2)]
        assert hit.recommended_action.tolist() == ["terminate"]
        reports._derived.cache_clear()
        shown = reports.optimisation(db, Scope.organisation(org), rules=("inactive",))
        assert sid in set(shown.subscription_id)

        # ... and is used again in "now": the finding goes
        with write_transaction(copy_path, orgs=[org]) as con:
            con.execute("INSERT INTO usage_monthly VALUES (?, ?, ?, 'voice_min', 'FI', 5, NULL, 1, ?)",
                        [org, sid, now, now + dt.timedelta(days=3)])
        assert evaluated[-1] == [org]
        again = stored(copy_path, org)
        assert not ((again.subscription_id == sid) & (again.rule == "inactive")).any()
        scope = Scope.organisation(org)
        now, expected = live(db, scope)                # and every other row is the live one
        pd.testing.assert_frame_equal(
            derived.read_findings(db, scope, now, derived.rules_fingerprint()), expected)

        # a write that declares no organisation evaluates nothing; a global one every organisation
        with write_transaction(copy_path, orgs=()):
            pass
        assert evaluated[-1] == []
        with write_transaction(copy_path):
            pass
        assert evaluated[-1] == sorted(ORGS)
    finally:
        db.close()


def test_a_database_from_before_the_migration_opens_and_gets_the_table(copy_path):
    con = duckdb.connect(str(copy_path))
    try:
        con.execute("DROP TABLE optimisation_findings")
        con.execute("DROP TABLE optimisation_findings_state")
        con.execute("DELETE FROM schema_migrations WHERE name = '0013_optimisation_findings'")
        con.execute("UPDATE dataset_info SET value = 'before-0013' WHERE key = 'schema_fingerprint'")
    finally:
        con.close()

    ensure_schema(copy_path)

    db = Database(copy_path)
    try:
        for org in ORGS:
            scope = Scope.organisation(org)
            now, expected = live(db, scope)
            got = derived.read_findings(db, scope, now, derived.rules_fingerprint())
            assert got is not None
            pd.testing.assert_frame_equal(got, expected)
    finally:
        db.close()


def test_rows_of_other_rules_are_not_read(demo_db):
    """Findings derived with other roaming packages (an edited packages file) are not read:
    the reports evaluate live until the next write."""
    scope = Scope.organisation("pohjola")
    now = opt.now_month(demo_db, scope)
    other = (catalogue.RoamingPackage("Test", 1.0, 1.0, frozenset({"SE"})),)
    assert derived.read_findings(demo_db, scope, now, derived.rules_fingerprint(other)) is None


def _state(path) -> dict[str, tuple]:
    """optimisation_findings_state: {organisation: (month, data version of the deriving write, rules)}."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {org: (month, version, rules) for org, month, version, rules in con.execute(
            "SELECT org_id, month, inputs, rules FROM optimisation_findings_state").fetchall()}
    finally:
        con.close()


def _versions(path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT org_id, version FROM data_versions").fetchall())
    finally:
        con.close()


@pytest.fixture
def evaluated(monkeypatch) -> list[list[str]]:
    """The organisations each write transaction's derivation evaluated, write by write."""
    calls: list[list[str]] = []
    original = derived.derive_optimisation_findings

    def spy(con, orgs, version):
        calls.append(original(con, orgs, version))
        return calls[-1]

    monkeypatch.setattr(write_module.optimisation_derived, "derive_optimisation_findings", spy)
    return calls


def test_an_import_declared_for_one_organisation_re_derives_that_one_only(copy_path, tmp_path,
                                                                          monkeypatch, evaluated):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    org, others = "pohjola", ("kaarna", "saimaa")
    before = _state(copy_path)
    rows_before = {o: stored(copy_path, o) for o in others}
    db = Database(copy_path)
    try:
        now = opt.now_month(db, Scope.organisation(org))
        sid = db.rows("SELECT subscription_id FROM subscriptions WHERE org_id = ? ORDER BY 1 LIMIT 1", [org])[0][0]
    finally:
        db.close()

    load(copy_path, org, [charges_file(tmp_path, "extra.csv", f"{now:%Y-%m}", {sid: "3,00"})])
    assert evaluated[-1] == [org]
    after = _state(copy_path)
    for o in others:                       # neither re-derived nor rewritten
        assert after[o] == before[o]
        pd.testing.assert_frame_equal(stored(copy_path, o), rows_before[o])
    assert after[org][1] != before[org][1]
    assert after[org][1] == _versions(copy_path)[org]        # derived by this import
    db = Database(copy_path)
    try:                                   # and its rows are the live evaluation of the new data
        scope = Scope.organisation(org)
        now, expected = live(db, scope)
        pd.testing.assert_frame_equal(derived.read_findings(db, scope, now, derived.rules_fingerprint()), expected)
    finally:
        db.close()

    # a write that declares nothing is global: every organisation is derived again
    with write_transaction(copy_path):
        pass
    assert evaluated[-1] == sorted(ORGS)
    again = _state(copy_path)
    assert {v for _m, v, _r in again.values()} == {_versions(copy_path)["*"]}
    assert all(again[o][1] != after[o][1] for o in ORGS)


def test_a_change_of_the_rules_re_derives_without_a_data_write(copy_path, monkeypatch, evaluated):
    """A roaming package added (the packages file edited, no data written): the next write,
    even one that declares no organisation, derives every organisation with the new rules."""
    other = (*catalogue.roaming_packages(), catalogue.RoamingPackage("Test", 1.0, 1.0, frozenset({"SE"})))
    versions = _versions(copy_path)
    with write_transaction(copy_path, orgs=()):
        pass
    assert evaluated[-1] == []                         # the rules as they were: nothing to do

    monkeypatch.setattr(catalogue, "roaming_packages", lambda: other)
    rules = derived.rules_fingerprint()
    assert rules == derived.rules_fingerprint(other) != derived.rules_fingerprint(other[:-1])
    with write_transaction(copy_path, orgs=()):
        pass
    assert evaluated[-1] == sorted(ORGS)
    assert {r for _m, _v, r in _state(copy_path).values()} == {rules}
    assert _versions(copy_path) == versions            # no data version changed
    db = Database(copy_path)
    try:
        for org in ORGS:
            scope = Scope.organisation(org)
            now, expected = live(db, scope)            # live() evaluates with the packages patched
            pd.testing.assert_frame_equal(derived.read_findings(db, scope, now, rules), expected)
    finally:
        db.close()
    with write_transaction(copy_path, orgs=()):
        pass
    assert evaluated[-1] == []


def test_a_writer_that_changes_no_rule_input_keeps_the_findings(copy_path, evaluated):
    """Budgets and exchange rates declare their organisation but not a change of what the rules
    read: the organisation's data version changes, its findings are not evaluated again."""
    before = _state(copy_path)
    versions = _versions(copy_path)
    with write_transaction(copy_path, orgs=["pohjola"], changes_rule_inputs=False):
        pass
    assert evaluated[-1] == []
    assert _state(copy_path) == before
    assert _versions(copy_path)["pohjola"] != versions.get("pohjola")


def test_findings_of_older_rules_are_derived_again_at_start_without_emptying_any_cache(copy_path, evaluated):
    """A deploy of new rules: the stored findings of one organisation carry another rules
    fingerprint. The start-time refresh (reporting.ui.warm) evaluates that organisation only,
    changes no data version, and afterwards the reports read stored rows again."""
    org = "saimaa"
    con = duckdb.connect(str(copy_path))
    try:
        con.execute("UPDATE optimisation_findings_state SET rules = 'rules-of-the-last-release' WHERE org_id = ?",
                    [org])
    finally:
        con.close()
    before = _versions(copy_path)
    db = Database(copy_path)
    try:
        assert derived.stale_organisations(db) == [org]
        assert derived.refresh_stale_findings(db) == [org]
    finally:
        db.close()
    assert evaluated == [[org]]
    assert _versions(copy_path) == before
    db = Database(copy_path)
    try:
        assert derived.stale_organisations(db) == []
        assert derived.refresh_stale_findings(db) == []           # nothing to do: no write
        scope = Scope.organisation(org)
        now, expected = live(db, scope)
        got = derived.read_findings(db, scope, now, derived.rules_fingerprint())
        assert got is not None
        pd.testing.assert_frame_equal(got, expected)
    finally:
        db.close()
    assert evaluated == [[org]]
