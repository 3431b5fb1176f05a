"""The drill-down's browser history (issue 14, point 3): every drill step is one history entry,
Back goes up exactly one level (heading and breadcrumb of that level), Forward goes down again.
Four steps: organisation → cost centre → subscription → month → day (the day level opens that
day's usage rows from a click on the daily chart)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_costs_browser import _query, _wait_url

pytestmark = pytest.mark.e2e

FI_MONTHS = ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu",
             "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"]


def _click_tallest(page, chart, until: str) -> None:
    """Click the middle of the tallest bar of ``chart`` until the URL has ``until``."""
    bars = chart.locator(".bars .point path")
    bars.first.wait_for()
    for _ in range(3):
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        boxes = [b for b in (bars.nth(i).bounding_box() for i in range(bars.count())) if b]
        box = max(boxes, key=lambda b: b["height"] * b["width"])
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            _wait_url(page, until, timeout=20)
            return
        except AssertionError:
            continue
    raise AssertionError(f"clicking did not add {until!r} to {page.url}")


def _crumbs(page) -> str:
    return page.locator(".st-key-drill_crumbs").inner_text()


def _history(page) -> int:
    return page.evaluate("history.length")


def _settle(page, expected: dict[str, str]) -> None:
    """Wait until the URL's drill parameters are exactly ``expected`` and the run is done."""
    for _ in range(100):
        got = {k: v for k, v in _query(page).items() if k in ("centre", "sub", "month", "day")}
        if got == expected:
            wait_for_app(page)
            page.wait_for_timeout(500)    # a re-drill from a kept selection would change it again
            got = {k: v for k, v in _query(page).items() if k in ("centre", "sub", "month", "day")}
            assert got == expected, f"URL moved on to {page.url}"
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"URL {page.url} is not at {expected}")


def test_each_drill_step_is_one_history_entry(server, page, demo_path):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server.url + "/drilldown")
    wait_for_app(page, "Organisaatio, ")
    start = _history(page)
    levels: list[dict[str, str]] = [{}]

    # 1. organisation → the largest cost centre (its bar)
    _click_tallest(page, page.locator('[data-testid="stPlotlyChart"]').first, "centre")
    levels.append({"centre": _query(page)["centre"]})
    _settle(page, levels[-1])
    # 2. → the first subscription row (row marker of the subscriptions table)
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    _wait_url(page, "sub")
    levels.append({**levels[-1], "sub": _query(page)["sub"]})
    _settle(page, levels[-1])
    # 3. → the month with the highest cost (its bar)
    _click_tallest(page, page.locator('[data-testid="stPlotlyChart"]').first, "month")
    levels.append({**levels[-1], "month": _query(page)["month"]})
    _settle(page, levels[-1])
    wait_for_app(page, "Laskurivit, ")
    # 4. → the day with the most data in the daily chart: that day's usage rows
    _click_tallest(page, page.locator('[data-testid="stPlotlyChart"]').nth(1), "day")
    levels.append({**levels[-1], "day": _query(page)["day"]})
    _settle(page, levels[-1])
    assert _history(page) == start + 4          # one entry per step, no more

    centre, sub, month, day = (levels[4][k] for k in ("centre", "sub", "month", "day"))
    month_date = dt.date.fromisoformat(month + "-01")
    day_date = dt.date.fromisoformat(day)
    assert day.startswith(month)
    day_text = f"{day_date.day}.{day_date.month}.{day_date.year}"
    month_text = f"{FI_MONTHS[month_date.month - 1]} {month_date.year}"
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM usage_daily WHERE org_id = 'pohjola' AND subscription_id = ? "
                           "AND usage_date = ?::DATE", [sub, day]).fetchall()[0][0]
    finally:
        con.close()
    assert rows > 0                                 # the tallest bar is a day with usage
    page.get_by_text(f"Käyttö {day_text}").first.wait_for()
    assert day_text in _crumbs(page)

    def check(level: int) -> None:
        _settle(page, levels[level])
        crumbs = _crumbs(page)
        if level == 0:
            page.get_by_text("Organisaatio, ").first.wait_for()
            assert centre not in crumbs
        if level >= 1:
            assert centre in crumbs
        if level == 1:
            page.get_by_role("heading", name="Liittymät", exact=True).first.wait_for()
            assert sub not in crumbs
        if level >= 2:
            assert sub in crumbs
        if level == 2:
            page.get_by_text("Valitse kuukausi").first.wait_for()
            assert month_text not in crumbs
        if level >= 3:
            assert month_text in crumbs
            page.get_by_text(f"Laskurivit, {month_text}").first.wait_for()
        if level == 3:
            assert day_text not in crumbs
            assert page.get_by_text(f"Käyttö {day_text}").count() == 0

    # Back four times: exactly one level up each time
    for level in (3, 2, 1, 0):
        page.go_back()
        check(level)
    # Forward twice: down again, one level each
    for level in (1, 2):
        page.go_forward()
        check(level)
    assert _history(page) == start + 4              # Back/Forward added no entries
