"""The euro column is on screen at 1440×900 (issue 14, point 5): in "Suurimmat liittymät",
the drill-down's subscriptions table and the deviations table the amount's header is among
the columns the table draws in view. Streamlit's table (glide-data-grid) keeps an accessible
copy of the cells it draws, only those of the columns in view: scrolled to its right end, the
first column leaves that copy (the test checks this too, so the check can fail)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e
WIDTH = 1440
AMOUNT = "Summa (alv 0 %)"


def _headers(grid) -> list[str]:
    return grid.locator("th[role=columnheader]").all_inner_texts()


def _check(page, key: str, first: str) -> None:
    grid = page.locator(f".st-key-{key}")
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    box = grid.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box      # the table is inside the window
    scroller = grid.locator(".dvn-scroller")
    assert scroller.evaluate("e => e.scrollLeft") == 0
    shown = _headers(grid)
    assert shown[0] == first and AMOUNT in shown, (key, shown)
    wide = scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    if wide:      # the drawn columns follow the view: at the right end the first one is gone
        scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        page.wait_for_timeout(800)
        assert first not in _headers(grid), (key, _headers(grid))
        scroller.evaluate("e => { e.scrollLeft = 0; }")
    return wide


def test_euro_columns_are_in_view_at_1440(server, page):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(server.url + "/costs")
    wait_for_app(page, "Suurimmat liittymät")
    assert _check(page, "costs_top_subs", "Liittymätunnus")     # half a page wide: it does scroll
    page.goto(server.url + "/drilldown")
    wait_for_app(page, "Organisaatio, ")
    _check(page, "drill_subs_root", "Liittymätunnus")
    page.goto(server.url + "/deviations")
    wait_for_app(page, "Kustannuspoikkeamat")
    _check(page, "dev_table", "Taso")
