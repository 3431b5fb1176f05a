"""The real app in a real browser: the home page shows Finnish headline figures that match
the database."""

from __future__ import annotations

import duckdb
import pytest
from babel.numbers import format_currency, format_decimal

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def _expected(demo_path) -> dict[str, str]:
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        month, total = con.execute(
            """SELECT invoice_month, sum(amount) FROM charges WHERE org_id = 'pohjola'
               AND invoice_month = (SELECT max(invoice_month) FROM charges WHERE org_id = 'pohjola')
               GROUP BY 1""").fetchall()[0]
        active = con.execute(
            """SELECT count(*) FROM subscriptions WHERE org_id = 'pohjola'
               AND opened_on <= last_day(?::DATE) AND (closed_on IS NULL OR closed_on >= ?::DATE)""",
            [month, month]).fetchall()[0][0]
    finally:
        con.close()
    return {
        "total": format_currency(round(total, 2), "EUR", locale="fi_FI"),
        "active": format_decimal(active, locale="fi_FI"),
    }


def test_home_page_shows_headline_figures_in_finnish(server, page, demo_path):
    expected = _expected(demo_path)
    page.goto(server.url)
    wait_for_app(page, "Laskutuskausi")
    body = page.inner_text("body")
    assert "DEMOTILA" in body                       # demo mode is clearly marked
    assert "Pohjolan Rakennus Oy" in body
    assert "Laskutuskausi lokakuu 2026" in body
    assert expected["total"] in body, (expected, body[:2000])
    assert expected["active"] in body
    assert "Y-tunnus" in body


def test_language_switch_to_english(server, page):
    page.goto(server.url + "/?lang=EN")
    wait_for_app(page, "Invoice month")
    body = page.inner_text("body")
    assert "Invoice month October 2026" in body
    assert "Costs (VAT 0%)" in body
    assert "Kustannukset" not in body
