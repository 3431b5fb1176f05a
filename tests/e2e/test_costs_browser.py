"""The cost overview in a real browser: select the largest cost centre's bar, a subscription's
row and a month's bar to drill down to its invoice lines, download them as CSV and check the
file against the database; the browser's back button goes back up a level."""

from __future__ import annotations

import io
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pandas as pd
import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def _click_centre(page, locator, until: str) -> None:
    """Click the middle of an element (Plotly's drag layer covers the bars themselves) until
    the URL has the parameter ``until`` (a chart may still be drawing at the first click)."""
    locator.wait_for()
    for _ in range(3):
        locator.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        box = locator.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            _wait_url(page, until, timeout=20)
            return
        except AssertionError:
            if not locator.count():      # the page moved on without the parameter
                break
    page.screenshot(path="/tmp/pt-4-click.png")
    raise AssertionError(f"clicking did not add {until!r} to {page.url}")


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _wait_url(page, key: str, present: bool = True, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (key in _query(page)) == present:
            wait_for_app(page)
            return
        page.wait_for_timeout(200)   # (time.sleep would stop Playwright seeing the URL change)
    raise AssertionError(f"URL {page.url} never {'got' if present else 'lost'} {key!r}")


def test_drill_down_from_overview_to_invoice_lines_and_download(server, page, demo_path):
    page.goto(server.url + "/costs")
    wait_for_app(page, "Suurimmat kustannuspaikat")
    # 1. the largest cost centre's bar (the top bar of the second chart: the trend's hidden
    # tab draws no chart) opens the drill-down there
    charts = page.locator('[data-testid="stPlotlyChart"]')
    _click_centre(page, charts.nth(1).locator(".bars .point path").last, "centre")
    assert urlparse(page.url).path.endswith("/drilldown")
    centre = _query(page)["centre"]
    page.locator(".st-key-drill_crumbs").get_by_text(centre, exact=False).first.wait_for()   # breadcrumb
    wait_for_app(page)

    # 2. the first subscription row (row marker of the second table) opens the subscription
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    _wait_url(page, "sub")
    sub = _query(page)["sub"]

    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        assert con.execute("SELECT cost_centre FROM subscriptions WHERE subscription_id = ?", [sub]).fetchone()[0] \
            in {r[0] for r in con.execute("SELECT descendant FROM cost_centre_tree WHERE ancestor = ? "
                                          "AND org_id = 'pohjola'", [centre]).fetchall()}
        # 3. the last month's bar opens that month's invoice lines and daily usage
        _click_centre(page, page.locator('[data-testid="stPlotlyChart"]').first.locator(".bars .point path").last,
                      "month")
        month = _query(page)["month"]
        wait_for_app(page, "Laskurivit")
        expected = con.execute(
            "SELECT count(*), sum(amount) FROM charges "     # the lines as stored (docs/reports.md)
            "WHERE org_id = 'pohjola' AND subscription_id = ? AND invoice_month = ?::DATE",
            [sub, month + "-01"]).fetchone()
    finally:
        con.close()

    # 4. the international CSV of the invoice lines equals the database
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV (kansainvälinen)").first.click()
    download = info.value
    assert download.suggested_filename == f"invoice-lines_{sub}_{month}.csv"
    # amounts read as the text written, so the sum is exact (no float parsing in between)
    csv = pd.read_csv(io.BytesIO(Path(download.path()).read_bytes()), dtype={"amount": str})
    assert list(csv.columns) == ["invoice_month", "invoice_number", "category", "description", "quantity",
                                 "unit", "country", "amount"]   # canonical headers (docs/reports.md)
    assert len(csv) == expected[0]
    assert sum((Decimal(a) for a in csv.amount), Decimal(0)) == expected[1]
    assert set(csv.invoice_month) == {month + "-01"}

    # 5. the browser's back button goes back up one level at a time
    page.go_back()
    _wait_url(page, "month", present=False)
    assert _query(page).get("sub") == sub
    page.go_back()
    _wait_url(page, "sub", present=False)
    assert _query(page).get("centre") == centre
