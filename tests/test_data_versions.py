"""Per-organisation data versions (issue 19): an import into one organisation changes that
organisation's data version and not the others', so their cached results stay cached; the
operator's version (every organisation) follows every write; two copies of one file never
share a cache key."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import reporting.core.db.connection as connection
from reporting.access.scope import Scope
from reporting.core.db import Database, write_transaction
from reporting.ui import cache as ui_cache
from tests.importing import GOOD, charges_file, load


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))




@pytest.fixture
def two_orgs(tmp_path) -> Path:
    """acme and beta, each with the test cost centres, subscriptions S001.. and a July."""
    path = tmp_path / "two.duckdb"
    for org, amount in (("acme", "10,00"), ("beta", "20,00")):
        july = charges_file(tmp_path, f"{org}_july.csv", "2026-07", {"S001": amount})
        load(path, org, [GOOD / "cost_centres.csv", GOOD / "subscriptions.csv", july])
    return path


def test_an_import_changes_its_organisations_version_only(two_orgs, tmp_path):
    db = Database(two_orgs)
    try:
        acme, beta, everyone = db.data_version("acme"), db.data_version("beta"), db.data_version(None)
        load(two_orgs, "acme", [charges_file(tmp_path, "aug.csv", "2026-08", {"S001": "5,00"})])
        assert db.data_version("acme") != acme
        assert db.data_version("beta") == beta
        assert db.data_version(None) != everyone
    finally:
        db.close()


def test_a_write_that_names_no_organisation_changes_every_version(two_orgs):
    db = Database(two_orgs)
    try:
        before = {org: db.data_version(org) for org in ("acme", "beta", None)}
        with write_transaction(two_orgs) as con:
            con.execute("UPDATE charges SET description = 'x' WHERE org_id = 'beta'")
        after = {org: db.data_version(org) for org in ("acme", "beta", None)}
        assert all(after[org] != before[org] for org in before)
    finally:
        db.close()


def test_a_change_of_the_shared_catalogue_changes_every_version(two_orgs):
    db = Database(two_orgs)
    try:
        before = {org: db.data_version(org) for org in ("acme", "beta")}
        with write_transaction(two_orgs, orgs=["acme"]) as con:
            con.execute("INSERT INTO dataset_info VALUES ('now', '2030-01-01T00:00:00')"
                        " ON CONFLICT DO UPDATE SET value = excluded.value")
        assert db.data_version("beta") != before["beta"]
        assert db.data_version("acme") != before["acme"]
    finally:
        db.close()


def test_copies_of_one_file_never_share_a_version(two_orgs, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(two_orgs, copy)
    a, b = Database(two_orgs), Database(copy)
    try:
        for org in ("acme", "beta", None):
            assert a.data_version(org) != b.data_version(org)
    finally:
        a.close()
        b.close()


def test_the_versions_are_read_once_per_file(two_orgs, tmp_path, monkeypatch):
    reads: list[str] = []
    real = connection.load_sql

    def counting(name: str) -> str:
        if name == "core/data_versions":
            reads.append(name)
        return real(name)

    monkeypatch.setattr(connection, "load_sql", counting)
    db = Database(two_orgs)
    try:
        for _ in range(20):
            db.data_version("acme"), db.data_version("beta"), db.data_version(None)
        assert len(reads) == 1
        load(two_orgs, "beta", [charges_file(tmp_path, "aug.csv", "2026-08", {"S002": "1,00"})])
        for _ in range(20):
            db.data_version("acme"), db.data_version("beta")
        assert len(reads) == 2                     # once more for the swapped file
    finally:
        db.close()


def test_the_data_sets_facts_are_read_once_per_file_and_anew_after_a_write(two_orgs, monkeypatch):
    """The sidebar shows the data's "now" on every run: one query per file, not per run, and
    the new value at once after a write swapped the file."""
    reads: list[str] = []
    real = connection.load_sql

    def counting(name: str) -> str:
        if name == "core/dataset_info":
            reads.append(name)
        return real(name)

    monkeypatch.setattr(connection, "load_sql", counting)
    db = Database(two_orgs)
    try:
        for _ in range(20):
            info = db.dataset_info()
        assert len(reads) == 1
        info["now"] = "changed by a caller"                 # a caller's dict is its own
        assert db.dataset_info().get("now") != "changed by a caller"
        with write_transaction(two_orgs) as con:
            con.execute("INSERT INTO dataset_info VALUES ('now', '2030-01-01T00:00:00')"
                        " ON CONFLICT DO UPDATE SET value = excluded.value")
        assert db.dataset_info()["now"] == "2030-01-01T00:00:00"
        assert len(reads) == 2
    finally:
        db.close()


def test_the_other_organisations_cached_report_survives_an_import(two_orgs, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_DB", str(two_orgs))
    calls: list[str | None] = []
    real = ui_cache.run_report

    def counting(name, db, scope, **filters):
        calls.append(scope.org_id)
        return real(name, db, scope, **filters)

    monkeypatch.setattr(ui_cache, "run_report", counting)
    ui_cache._cached.clear()
    try:
        acme = ui_cache.load_report("home-headline", Scope.organisation("acme"))
        beta = ui_cache.load_report("home-headline", Scope.organisation("beta"))
        assert calls == ["acme", "beta"]
        assert Decimal(str(acme.at[0, "cost_month"])) == Decimal("10.00")
        assert Decimal(str(beta.at[0, "cost_month"])) == Decimal("20.00")

        load(two_orgs, "acme", [charges_file(tmp_path, "aug.csv", "2026-08", {"S001": "7,25", "S002": "1,50"})])
        acme_after = ui_cache.load_report("home-headline", Scope.organisation("acme"))
        beta_after = ui_cache.load_report("home-headline", Scope.organisation("beta"))
        assert calls == ["acme", "beta", "acme"]          # beta's came from the cache
        assert str(acme_after.at[0, "month"])[:7] == "2026-08"
        assert Decimal(str(acme_after.at[0, "cost_month"])) == Decimal("8.75")
        assert beta_after.equals(beta)
    finally:
        ui_cache._cached.clear()
