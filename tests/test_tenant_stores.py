"""One analytical store per organisation (issue 20, point 1; reporting/core/db/stores.py).

The small demo's single file is split into a store root; every figure must come out of the
tenants' stores as it came out of the single file, each store must hold its organisation's
rows and nothing else, a session's connection must not be able to open any other file, and a
write must touch only its tenant's store and the catalogue."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting.access.scope import Role, Scope
from reporting.core.db import Database, DatabaseError, stores, write_transaction
from reporting.core.registry import all_reports
from reporting.demo.personas import demo_personas
from reporting.ingest.importer import ImportOptions, import_files
from tests.importing import GOOD, charges_file, load

ORGS = ("kaarna", "pohjola", "saimaa")


@pytest.fixture(scope="module")
def root(demo_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stores") / "root"
    assert stores.split_database(demo_path, out) == sorted(ORGS)
    return out


@pytest.fixture
def copy(root, tmp_path) -> Path:
    """A private copy of the split root that a test may write."""
    target = tmp_path / "root"
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: hashlib.sha256(p.read_bytes()).digest()
            for p in [stores.catalogue_path(root), *(stores.tenant_path(root, o) for o in stores.tenant_ids(root))]}


def _sql(path: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_every_report_of_every_persona_is_unchanged_by_the_split(demo_db, root):
    """The migration keeps every figure: each registered report, for each demo persona's scope
    (main users, a cost-centre manager, an employee, an analyst), is the same frame from the
    persona's tenant store as from the single file."""
    personas = [p for p in demo_personas(demo_db) if p.role is not Role.OPERATOR]
    assert {p.role for p in personas} == {Role.MAIN_USER, Role.MANAGER, Role.EMPLOYEE, Role.ANALYST}
    compared = 0
    for persona in personas:
        scope = persona.scope(persona.org_id)
        tenant = Database(root, persona.org_id)
        try:
            for name, spec in all_reports().items():
                single = spec.func(demo_db, scope)
                split = spec.func(tenant, scope)
                pd.testing.assert_frame_equal(single.reset_index(drop=True), split.reset_index(drop=True),
                                              obj=f"{name} for {persona.user_id}")
                compared += 1
        finally:
            tenant.close()
    assert compared == len(personas) * len(all_reports())


def test_each_store_holds_its_organisations_rows_and_no_other(demo_path, root):
    tables = [t for t, has_org in _sql(demo_path, "SELECT table_name, EXISTS (SELECT 1 FROM duckdb_columns() c "
                                       "WHERE c.table_name = t.table_name AND c.column_name = 'org_id') "
                                       "FROM duckdb_tables() t ORDER BY 1")
              if has_org and t != "data_versions"]
    assert {"charges", "usage_daily", "subscriptions", "tickets", "devices"} <= set(tables)
    for org in ORGS:
        path = stores.tenant_path(root, org)
        for table in tables:
            others = _sql(path, f"SELECT count(*) FROM {table} WHERE org_id <> ?", [org])[0][0]
            assert others == 0, (org, table)
            mine = _sql(path, f"SELECT count(*) FROM {table}")[0][0]
            expected = _sql(demo_path, f"SELECT count(*) FROM {table} WHERE org_id = ?", [org])[0][0]
            assert mine == expected, (org, table)
        assert _sql(path, "SELECT count(*) FROM plans") == _sql(demo_path, "SELECT count(*) FROM plans")


def test_the_catalogue_has_every_organisation_and_its_figures_but_no_lines(demo_path, root):
    catalogue = stores.catalogue_path(root)
    assert [r[0] for r in _sql(catalogue, "SELECT org_id FROM organisations ORDER BY 1")] == list(ORGS)
    for table in ("charges", "usage_daily", "subscriptions", "cost_monthly"):
        assert _sql(catalogue, f"SELECT count(*) FROM {table}")[0][0] == 0, table
    # the headline figures, summed independently from the single file's lines
    expected = _sql(demo_path, "SELECT org_id, invoice_month, sum(amount), count(*) FROM charges "
                               "GROUP BY ALL ORDER BY 1, 2")
    got = _sql(catalogue, "SELECT org_id, invoice_month, amount, lines FROM org_summary ORDER BY 1, 2")
    assert len(got) == len(expected) > 40
    assert [(o, m, Decimal(a), n) for o, m, a, n in got] == [(o, m, Decimal(a), n) for o, m, a, n in expected]


def test_a_tenants_connection_can_open_no_other_file(root):
    """A scope bug cannot reach another tenant: the session's connection reads its one file
    and can neither attach another store nor read any file, nor switch that back."""
    db = Database(root, "pohjola")
    try:
        assert db.rows("SELECT DISTINCT org_id FROM charges") == [("pohjola",)]
        assert [r[0] for r in db.rows("SELECT path FROM duckdb_databases() WHERE path IS NOT NULL")] == [
            str(stores.tenant_path(root, "pohjola").resolve())]
        other = stores.tenant_path(root, "kaarna")
        for sql in (f"ATTACH '{other}' AS other (READ_ONLY)",
                    f"SELECT count(*) FROM read_parquet('{other}')",
                    f"COPY (SELECT 1) TO '{root}/leak.csv'",
                    "SET enable_external_access = true",
                    "RESET lock_configuration"):
            with pytest.raises(duckdb.Error):
                db.rows(sql)
        assert not (root / "leak.csv").exists()
    finally:
        db.close()


def test_an_import_writes_its_tenant_and_the_catalogue_and_nothing_else(copy, tmp_path):
    before = _files(copy)
    inodes = {o: os.stat(stores.tenant_path(copy, o)).st_ino for o in ORGS}
    versions = {o: Database(copy, o).data_version(o) for o in ORGS}
    subs = [r[0] for r in _sql(stores.tenant_path(copy, "saimaa"),
                               "SELECT subscription_id FROM subscriptions ORDER BY 1 LIMIT 17")]
    load(copy, "saimaa", [charges_file(tmp_path, "c.csv", "2026-11", {s: "3,25" for s in subs})])
    after = _files(copy)
    assert after["kaarna.duckdb"] == before["kaarna.duckdb"]
    assert after["pohjola.duckdb"] == before["pohjola.duckdb"]
    assert after["saimaa.duckdb"] != before["saimaa.duckdb"]
    assert after[stores.CATALOGUE] != before[stores.CATALOGUE]
    for org in ("kaarna", "pohjola"):
        assert os.stat(stores.tenant_path(copy, org)).st_ino == inodes[org]
        assert Database(copy, org).data_version(org) == versions[org]
    assert Database(copy, "saimaa").data_version("saimaa") != versions["saimaa"]
    # the catalogue's figure of the month is the tenant's lines' sum, 17 × 3.25 more than before
    tenant_sum = _sql(stores.tenant_path(copy, "saimaa"),
                      "SELECT sum(amount) FROM charges WHERE invoice_month = DATE '2026-11-01'")[0][0]
    listed = _sql(stores.catalogue_path(copy), "SELECT amount FROM org_summary WHERE org_id = 'saimaa' "
                                               "AND invoice_month = DATE '2026-11-01'")[0][0]
    assert Decimal(listed) == Decimal(tenant_sum)


def test_a_failed_import_leaves_every_store_as_it_was(copy, tmp_path):
    before = _files(copy)
    bad = charges_file(tmp_path, "bad.csv", "2026-11", {"S-NOT-THERE": "1,00", "S-NEITHER": "kolme"})
    result = import_files(copy, [(bad, bad.name)], ImportOptions("saimaa", "Saimaa Oy"))
    assert result.status == "rejected"
    assert _files(copy) == before


def test_a_new_organisation_gets_a_store_of_its_own(copy):
    load(copy, "uusi", [GOOD / "cost_centres.csv", GOOD / "subscriptions.csv", GOOD / "charges.csv"])
    assert stores.tenant_ids(copy) == sorted([*ORGS, "uusi"])
    new = stores.tenant_path(copy, "uusi")
    assert _sql(new, "SELECT DISTINCT org_id FROM charges") == [("uusi",)]
    assert _sql(new, "SELECT * FROM plans ORDER BY plan") == _sql(stores.catalogue_path(copy),
                                                                  "SELECT * FROM plans ORDER BY plan")
    assert ("uusi", "Uusi Oy") in _sql(stores.catalogue_path(copy), "SELECT org_id, name FROM organisations")
    got = _sql(stores.catalogue_path(copy), "SELECT sum(amount) FROM org_summary WHERE org_id = 'uusi'")[0][0]
    assert Decimal(got) == Decimal(_sql(new, "SELECT sum(amount) FROM charges")[0][0])


def test_imports_into_two_tenants_at_once_both_land(copy, tmp_path):
    """Two import commands, started together, into two tenants: both load (the catalogue's
    moment is waited for, not refused) and both tenants' figures are in the catalogue."""
    procs = []
    for org, amount in (("kaarna", "7,00"), ("saimaa", "9,00")):
        subs = [r[0] for r in _sql(stores.tenant_path(copy, org),
                                   "SELECT subscription_id FROM subscriptions ORDER BY 1 LIMIT 17")]
        f = charges_file(tmp_path, f"{org}.csv", "2026-11", {s: amount for s in subs})
        procs.append(subprocess.Popen([sys.executable, "-m", "reporting", "import", "--db", str(copy),
                                       "--org", org, str(f)], stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    for org in ("kaarna", "saimaa"):
        tenant = _sql(stores.tenant_path(copy, org), "SELECT sum(amount) FROM charges")[0][0]
        listed = _sql(stores.catalogue_path(copy), "SELECT sum(amount) FROM org_summary WHERE org_id = ?", [org])[0][0]
        assert Decimal(listed) == Decimal(tenant)


def test_a_write_must_name_its_one_organisation(copy):
    with pytest.raises(DatabaseError, match="names exactly one organisation"), write_transaction(copy):
        pass
    with pytest.raises(DatabaseError, match="names exactly one organisation"), \
            write_transaction(copy, orgs=["kaarna", "saimaa"]):
        pass
    with pytest.raises(DatabaseError, match="is the store of 'kaarna'"), \
            write_transaction(stores.tenant_path(copy, "kaarna"), orgs=["saimaa"]):
        pass


def test_a_plans_file_reaches_every_store(copy, tmp_path):
    """The operator's plan catalogue is shared: a plans file imported through one tenant is
    copied to the catalogue and every other store."""
    plans = tmp_path / "plans.csv"
    plans.write_text("Tuote;Palvelutyyppi;Kuukausimaksu;Datakiintiö (Gt)\nUusi Super 1000 Gt;mobiililaajakaista;59,90;1000\n",
                     encoding="utf-8")
    load(copy, "kaarna", [plans])
    for path in [stores.catalogue_path(copy), *(stores.tenant_path(copy, o) for o in ORGS)]:
        assert _sql(path, "SELECT monthly_fee FROM plans WHERE plan = 'Uusi Super 1000 Gt'") == [
            (Decimal("59.90"),)], path


def test_reports_through_the_catalogue_reach_the_organisations_store(root, demo_db):
    """What works through several organisations with one Database (the daily pass, the
    monthly reports) reaches each organisation's rows through the catalogue."""
    from reporting.core.registry import run_report

    catalogue = Database(root)
    try:
        for org in ORGS:
            got = run_report("cost-months", catalogue, Scope.organisation(org))
            pd.testing.assert_frame_equal(got, run_report("cost-months", demo_db, Scope.organisation(org)))
    finally:
        catalogue.close()


def test_the_cli_splits_and_exports_from_a_tenant(demo_path, tmp_path, capsys):
    from reporting.core.cli import main

    out = tmp_path / "cli-root"
    assert main(["tenants", "split", "--db", str(demo_path), "--out", str(out)]) == 0
    assert main(["tenants", "list", "--db", str(out)]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == list(ORGS)
    assert main(["tenants", "split", "--db", str(demo_path), "--out", str(out)]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert main(["export", "costs-by-month", "--db", str(demo_path), "--org", "saimaa", "--out", "-"]) == 0
    single = capsys.readouterr().out
    assert main(["export", "costs-by-month", "--db", str(out), "--org", "saimaa", "--out", "-"]) == 0
    assert capsys.readouterr().out == single and len(single.splitlines()) > 20


@pytest.fixture
def store_env(root, tmp_path, monkeypatch):
    """The app on the split store root (REPORTING_DB names the directory)."""
    monkeypatch.setenv("REPORTING_DB", str(root))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    monkeypatch.delenv("REPORTING_DEMO", raising=False)


def test_the_app_on_a_store_root_shows_each_user_their_organisations_figures(store_env, demo_db):
    """A main user's cost overview on a store root shows the figure the single file gives;
    the demo personas come from every tenant; the operator chooses among the catalogue's
    organisations and sees the chosen one's figures."""
    from reporting.core.registry import run_report
    from reporting.i18n import fmt_money
    from reporting.ui.context import _database
    from tests.helpers import MAIN_USER_SMALL, OPERATOR, app_as, open_page

    def latest_total(org: str) -> str:
        months = run_report("costs-by-month", demo_db, Scope.organisation(org))
        return fmt_money(months.sort_values("month").amount.iloc[-1], "fi")

    _database.clear()
    at = open_page(app_as(MAIN_USER_SMALL), "costs")
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Kustannukset (alv 0 %)") == latest_total("saimaa")
    personas = at.sidebar.selectbox(key="persona_id").options
    assert any("Saimaa" in p for p in personas) and any("Pohjola" in p for p in personas)

    at = open_page(app_as(OPERATOR, org="kaarna"), "costs")
    assert not at.exception
    picker = at.sidebar.selectbox(key="org")
    assert len(picker.options) == len(ORGS)
    assert next(m.value for m in at.metric if m.label == "Kustannukset (alv 0 %)") == latest_total("kaarna")


def test_the_operators_organisation_list_reads_the_catalogue(store_env, demo_path):
    """The operator's home lists every organisation with its latest month's cost, read from
    the catalogue (no tenant's lines): the figures equal the single file's lines summed."""
    from reporting.costs.organisations import organisation_overview
    from reporting.ui.context import _database
    from tests.helpers import MAIN_USER_SMALL, OPERATOR, app_as

    expected = {org: (month, Decimal(total).quantize(Decimal("0.01"))) for org, month, total in _sql(
        demo_path, "SELECT org_id, max(invoice_month), arg_max(s, invoice_month) FROM (SELECT org_id, "
                   "invoice_month, sum(amount) AS s FROM charges WHERE currency = 'EUR' GROUP BY ALL) GROUP BY 1")}
    catalogue = Database(stores.catalogue_path(Path(os.environ["REPORTING_DB"])))
    try:
        listed = organisation_overview(catalogue)
    finally:
        catalogue.close()
    assert {r.org_id: (r.last_month.date(), Decimal(str(r.cost_last_month))) for r in listed.itertuples()} == expected
    _database.clear()
    at = app_as(OPERATOR, org="kaarna")
    assert not at.exception
    assert any(e.label.startswith("Kaikki organisaatiot (3)") for e in at.expander)
    at = app_as(MAIN_USER_SMALL)
    assert not at.exception and not any(e.label.startswith("Kaikki organisaatiot") for e in at.expander)


def test_the_catalogue_is_never_warmed_through_every_tenant(root, monkeypatch):
    """Every page run notices the database it was given; on a root the app's own check gives
    the catalogue. Warming it once opened every tenant's store through it (5,000 DuckDB
    instances: the server grew to 10 GB in minutes): the warmer leaves a catalogue alone, and
    a catalogue keeps only a few tenants' stores open for what works through all of them."""
    from reporting.core.db import connection
    from reporting.ui import warm

    opened: list[Path] = []
    original = Database._open

    def recording(self):
        opened.append(self.path)
        return original(self)

    monkeypatch.setattr(Database, "_open", recording)
    catalogue = Database(root)
    try:
        assert warm.warm(catalogue) == []
        assert opened == []
        monkeypatch.setattr(connection, "TENANTS_OPEN", 2)
        first = catalogue.for_org("kaarna")
        assert catalogue.for_org("kaarna") is first
        for org in ORGS:
            assert catalogue.for_org(org).rows("SELECT DISTINCT org_id FROM subscriptions") == [(org,)]
        assert first.rows("SELECT count(*) FROM organisations") == [(1,)]     # let go, still usable
        assert len(catalogue._tenants) == 2
    finally:
        catalogue.close()


def test_the_spark_batch_reads_its_reference_from_every_tenant(demo_path, root):
    """The operator-wide batch checks its lines against the stores' organisations,
    subscriptions and cost centres: from a root, every tenant's, the same rows as the single
    file's (the loader writes each organisation into its own store through write_transaction)."""
    from reporting.spark.job import reference_rows

    single, single_now = reference_rows(demo_path)
    split, split_now = reference_rows(root)
    assert split_now == single_now
    for name, rows in single.items():
        assert sorted(split[name], key=repr) == sorted(rows, key=repr) and rows, name


def test_a_tenants_write_that_declares_no_change_stays_in_its_file(copy):
    """The findings derived again after a deploy are a write that names no organisation:
    on a tenant's store it writes that file only, and no organisation's data version moves."""
    from reporting.optimisation.derived import refresh_stale_findings

    before = _files(copy)
    tenant = Database(copy, "saimaa")
    version = tenant.data_version("saimaa")
    with write_transaction(stores.tenant_path(copy, "saimaa"), orgs=()):
        pass
    assert refresh_stale_findings(tenant) == []
    after = _files(copy)
    assert after[stores.CATALOGUE] == before[stores.CATALOGUE]
    assert after["kaarna.duckdb"] == before["kaarna.duckdb"]
    assert Database(copy, "saimaa").data_version("saimaa") == version
