"""The budgets page (issue 18) on the demo data with budgets imported for pohjola: the
main user sees the month's budget against the actual or the forecast and the budget sheet;
a manager sees their centre's budget only and no sheet. Expected figures from the raw
invoice lines, computed here."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest

from reporting.access.scope import Role
from reporting.demo.personas import demo_personas
from reporting.i18n import fmt_money
from reporting.ingest.importer import import_files
from reporting.ingest.model import ImportOptions
from tests.helpers import MAIN_USER, app_as, open_page

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def manager(demo_db):
    return next(u for u in demo_personas(demo_db) if u.role is Role.MANAGER)


@pytest.fixture(scope="module")
def budget_path(demo_path, tmp_path_factory, manager):
    folder = tmp_path_factory.mktemp("budget_page")
    path = folder / "demo.duckdb"
    shutil.copyfile(demo_path, path)
    centre = next(iter(manager.cost_centres))
    csv = folder / "budjetit.csv"
    csv.write_text("Kustannuspaikka;Kuukausi;Vuosi;Budjetti\n;;2026;240000\n"
                   f"{centre};10/2026;;1000\n{centre};11/2026;;1200\n", encoding="utf-8")
    result = import_files(path, [(csv, csv.name)], ImportOptions(org_id="pohjola"))
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    return path


def _october_total(path, centre: str | None = None) -> Decimal:
    con = duckdb.connect(str(path), read_only=True)
    try:
        sql = ("SELECT c.amount FROM charges c LEFT JOIN subscriptions s ON s.org_id = c.org_id "
               "AND s.subscription_id = c.subscription_id WHERE c.org_id = 'pohjola' AND c.currency = 'EUR' "
               "AND c.invoice_month = ?")
        params: list = [OCTOBER]
        if centre:
            sql += (" AND coalesce(c.cost_centre, s.cost_centre) IN (SELECT descendant FROM cost_centre_tree "
                    "WHERE org_id = 'pohjola' AND ancestor = ?)")
            params.append(centre)
        amounts = [r[0] for r in con.execute(sql, params).fetchall()]
    finally:
        con.close()
    return sum(amounts, Decimal(0))


def _show(value: Decimal) -> str:
    return fmt_money(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_main_user_sees_october_against_budget_and_the_sheet(budget_path, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_DB", str(budget_path))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    at = open_page(app_as(MAIN_USER), "budgets")
    assert not at.exception
    box = at.selectbox(key="budgets_month")
    assert box.value == dt.date(2026, 11, 1)                 # the open month comes first
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Budjetti marraskuu 2026"] == fmt_money(Decimal(20000))     # 240 000 / 12
    assert "Ennuste kuun lopussa" in metrics
    # the open month's year to date: October's actual to date plus November's forecast
    ytd = next(m for m in at.metric if m.label == "Vuoden alusta: toteuma + ennuste / budjetti")
    assert ytd.delta == "budjetti " + fmt_money(Decimal(220000))              # 11 x 20 000
    box.set_value(OCTOBER).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Toteuma"] == _show(_october_total(budget_path))
    assert at.data_editor                                     # the main user's sheet
    assert "1/12" in " ".join(c.value for c in at.caption)


def test_manager_sees_only_their_centre_and_no_sheet(budget_path, tmp_path, monkeypatch, manager):
    monkeypatch.setenv("REPORTING_DB", str(budget_path))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    at = open_page(app_as(manager.user_id), "budgets")
    assert not at.exception
    at.selectbox(key="budgets_month").set_value(OCTOBER).run()
    centre = next(iter(manager.cost_centres))
    table = at.dataframe[0].value
    assert list(table.cost_centre) == [centre]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Toteuma"] == _show(_october_total(budget_path, centre))
    assert any(v == fmt_money(Decimal(1000)) for v in metrics.values())
    assert not at.data_editor
