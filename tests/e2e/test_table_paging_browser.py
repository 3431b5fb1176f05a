"""A big table in the browser shows one page of rows (issue 19): the drill-down's subscriptions
of the small demo's large organisation (pohjola, some 800 rows) go to the browser 50 at a time.
Page 2 shows other rows and picking its first row drills to that subscription; a search for a
subscription id shows that one row, and picking it drills to it (a selection on any page or
search is the right row of the whole table). The grid draws on a canvas: its cells are read
from the accessible copy it keeps of the rows in view."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_costs_browser import _query, _wait_url

pytestmark = pytest.mark.e2e
KEY = "drill_subs_root"
ID = re.compile(r"POH\d{7}")


def _grid(page):
    """The subscriptions grid on screen (its widget key is the table's own on the first view,
    derived from it on another page or search)."""
    grid = page.locator(f'[class*="st-key-{KEY}"] [data-testid="stDataFrame"]').first
    grid.wait_for()
    grid.locator("td").first.wait_for(state="attached")
    return grid


def _ids(page) -> list[str]:
    cells = _grid(page).locator("td").all_inner_texts()
    return [c.strip() for c in cells if ID.fullmatch(c.strip())]


def _caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').filter(has_text="rivit").first.inner_text()


def _pick_first_row(page) -> None:
    grid = _grid(page)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)      # the first row's marker


def _a_subscription_of_every_month(demo_path) -> str:
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        return con.execute(
            "SELECT subscription_id FROM charges WHERE org_id = 'pohjola' GROUP BY 1 "
            "HAVING count(DISTINCT invoice_month) = (SELECT count(DISTINCT invoice_month) FROM charges "
            "WHERE org_id = 'pohjola') ORDER BY 1 DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()


def _open(page, server) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server.url + "/drilldown")
    wait_for_app(page, "Organisaatio, ")
    page.locator(f".st-key-{KEY}_page input").wait_for()


def test_page_two_and_a_search_in_the_subscriptions(server, page, demo_path):
    _open(page, server)
    assert re.search(r"Sivu 1 / \d+ · rivit 1–50 / \d", _caption(page)), _caption(page)
    first = _ids(page)
    assert first

    page.locator(f".st-key-{KEY}_page input").fill("2")
    page.keyboard.press("Enter")
    page.get_by_text("rivit 51–100").first.wait_for()
    wait_for_app(page)
    second = _ids(page)
    assert second and not set(second) & set(first), (first, second)
    _pick_first_row(page)
    _wait_url(page, "sub")
    assert _query(page)["sub"] == second[0]

    _open(page, server)
    wanted = _a_subscription_of_every_month(demo_path)
    page.locator(f".st-key-{KEY}_search input").fill(wanted)
    page.keyboard.press("Enter")
    page.get_by_text("rivit 1–1 / 1").first.wait_for()
    wait_for_app(page)
    assert _ids(page) == [wanted]
    _pick_first_row(page)
    _wait_url(page, "sub")
    assert _query(page)["sub"] == wanted
