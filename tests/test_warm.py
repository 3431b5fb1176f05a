"""The background warmer (issue 19, reporting/ui/warm.py): after a start it fills the newest
month's Saldoviesti messages of every organisation; after an import, of the organisation
imported into only; a later visitor's page computes nothing. Joined, never timed."""

from __future__ import annotations

from decimal import Decimal

import pytest

import reporting.messages.saldoviesti as sv
from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.ui import warm
from tests.importing import GOOD, charges_file, load

VOICE = {"S001", "S002"}          # the mobile voice subscriptions of subscriptions.csv
JOIN_S = 120


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    monkeypatch.setenv("REPORTING_WARM", "1")
    monkeypatch.setattr(sv, "_memo", type(sv._memo)())




def warmed(db: Database) -> None:
    thread = warm.notice(db)
    assert thread is not None
    thread.join(JOIN_S)
    assert not thread.is_alive()


def memo_orgs() -> list[str]:
    return sorted(key[2][0] for key in sv._memo)


def test_the_warmer_fills_the_changed_organisations_messages(tmp_path, monkeypatch):
    path = tmp_path / "two.duckdb"
    for org, amount in (("acme", "10,00"), ("beta", "20,00")):
        load(path, org, [GOOD / "cost_centres.csv", GOOD / "subscriptions.csv",
                         charges_file(tmp_path, f"{org}.csv", "2026-07", {"S001": amount})])
    renders: list[set[str]] = []
    real = sv.render_messages

    def counting(figures, *args):
        renders.append(set(figures.subscription_id))
        return real(figures, *args)

    monkeypatch.setattr(sv, "render_messages", counting)
    db = Database(path)
    try:
        warmed(db)                                          # the start: every organisation
        assert memo_orgs() == ["acme", "beta"] and len(renders) == 2
        assert warm.notice(db) is None                      # nothing new: no thread

        load(path, "acme", [charges_file(tmp_path, "aug.csv", "2026-08", {"S001": "7,25", "S002": "1,50"})])
        warmed(db)
        assert len(renders) == 3                            # acme's new month, not beta again
        # the visitor's page finds both months ready, beta's from before the import
        acme = sv.saldoviesti(db, Scope.organisation("acme"))
        beta = sv.saldoviesti(db, Scope.organisation("beta"))
        assert len(renders) == 3
        assert set(acme.subscription_id) == VOICE and set(beta.subscription_id) == VOICE
        cost = dict(zip(acme.subscription_id, acme.cost, strict=True))
        assert Decimal(str(cost["S001"])).quantize(Decimal("0.01")) == Decimal("7.25")
        assert Decimal(str(dict(zip(beta.subscription_id, beta.cost, strict=True))["S001"])
                       ).quantize(Decimal("0.01")) == Decimal("20.00")
    finally:
        db.close()


def test_a_failing_warm_is_logged_not_raised(tmp_path, monkeypatch, caplog):
    path = tmp_path / "one.duckdb"
    load(path, "acme", [GOOD / "cost_centres.csv", GOOD / "subscriptions.csv",
                        charges_file(tmp_path, "jul.csv", "2026-07", {"S001": "1,00"})])

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sv, "render_messages", broken)
    db = Database(path)
    try:
        warmed(db)
        assert "cache warming" in caplog.text and "boom" in caplog.text
        assert not sv._memo
    finally:
        db.close()


def test_switched_off_it_starts_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_WARM", "0")
    path = tmp_path / "one.duckdb"
    load(path, "acme", [GOOD / "cost_centres.csv", GOOD / "subscriptions.csv"])
    db = Database(path)
    try:
        assert warm.notice(db) is None
    finally:
        db.close()
