"""A big table is shown a page at a time (issue 19, reporting.ui.paging through
reporting.ui.tables.show_table): 50 rows of 1,234, server-side search, sort and paging, the
page clamped when the data shrinks, a selection on any page read as the right row of the whole
frame, and downloads of every row. The expected rows are computed here from the test's own
frame, not by the code under test."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

ROWS = 1234
PAGE = 50
KEY = "big"


def frame(n: int = ROWS) -> pd.DataFrame:
    """Subscriptions in id order with pseudo-random amounts (many equal ones) and names."""
    rng = np.random.default_rng(19)
    first = np.array(["Aino", "Eero", "Liisa", "Matti", "Sanna", "Ville"])
    return pd.DataFrame({
        "subscription_id": [f"SUB{i:05d}" for i in range(n)],
        "user_name": [f"{first[i % len(first)]} Testi{i % 97}" for i in range(n)],
        "cost_centre": [f"CC{i % 13:02d}" for i in range(n)],
        "amount": rng.integers(0, 40_000, n) / 100,
    })


def _script() -> None:
    import streamlit as st

    from reporting.ui.drill import selected_row
    from reporting.ui.paging import table_selection
    from reporting.ui.tables import show_table
    from tests.test_table_paging import KEY, frame

    df = frame(st.session_state.get("rows", 1234))

    def picked() -> None:
        row = selected_row(table_selection(KEY), df)
        st.session_state["picked_in_callback"] = None if row is None else row.subscription_id

    event = show_table(df, lang="fi", key=KEY, report="costs-by-subscription", formats={"amount": "money"},
                       selection_mode="single-row", on_select=picked)
    row = selected_row(event, df)
    st.session_state["picked"] = None if row is None else row.subscription_id
    # what an on_select callback (reporting.ui.drill.drill_on_select) reads from the session
    row = selected_row(table_selection(KEY), df)
    st.session_state["picked_in_session"] = None if row is None else row.subscription_id


def _app(rows: int = ROWS) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    at.session_state["rows"] = rows
    return at.run()


def _grid(at: AppTest) -> pd.DataFrame:
    (grid,) = list(at.dataframe)
    return grid.value


def _ids(at: AppTest) -> list[str]:
    return list(_grid(at).subscription_id)


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_first_page_holds_the_first_50_rows_in_the_given_order():
    at = _app()
    assert not at.exception
    df = frame()
    assert _ids(at) == list(df.subscription_id[:PAGE])
    assert list(_grid(at).amount) == list(df.amount[:PAGE])
    assert "Sivu 1 / 25 · rivit 1–50 / 1\u00a0234 riviä" in _captions(at)


def test_page_three_shows_rows_101_to_150():
    at = _app()
    at.number_input(key=f"{KEY}_page").set_value(3).run()
    assert _ids(at) == list(frame().subscription_id[100:150])
    assert "rivit 101–150 / 1\u00a0234" in _captions(at)


def test_sorted_by_amount_descending_then_page_one():
    df = frame()
    at = _app()
    at.selectbox(key=f"{KEY}_sort").set_value("amount").run()
    at.toggle(key=f"{KEY}_desc").set_value(True).run()
    want = df.sort_values("amount", ascending=False, kind="stable").head(PAGE)
    assert _ids(at) == list(want.subscription_id)
    at.toggle(key=f"{KEY}_desc").set_value(False).run()
    assert list(_grid(at).amount) == sorted(df.amount)[:PAGE]
    # by a text column, the last page
    at.selectbox(key=f"{KEY}_sort").set_value("user_name").run()
    at.number_input(key=f"{KEY}_page").set_value(25).run()
    want = df.sort_values("user_name", kind="stable").iloc[1200:]
    assert _ids(at) == list(want.subscription_id)


def test_search_narrows_to_the_rows_that_contain_the_text():
    df = frame()
    at = _app()
    at.number_input(key=f"{KEY}_page").set_value(4).run()
    at.text_input(key=f"{KEY}_search").set_value("liisa testi1").run()
    hit = df.user_name.str.lower().str.contains("liisa testi1", regex=False)
    want = df[hit]
    assert 0 < len(want) < ROWS
    assert _ids(at) == list(want.subscription_id[:PAGE])          # a new search starts at page 1
    assert f"/ {len(want)} riviä" in _captions(at)
    at.text_input(key=f"{KEY}_search").set_value("cc07").run()     # any shown column, any case
    assert _ids(at) == list(df[df.cost_centre == "CC07"].subscription_id[:PAGE])
    at.text_input(key=f"{KEY}_search").set_value("ei ketään").run()
    assert not list(at.dataframe)
    assert "Haku ei löytänyt rivejä." in [i.value for i in at.info]


def test_the_page_is_clamped_when_the_data_shrinks():
    at = _app()
    at.number_input(key=f"{KEY}_page").set_value(25).run()
    assert _ids(at) == list(frame().subscription_id[1200:])
    at.session_state["rows"] = 420                      # another month: 9 pages
    at.run()
    assert at.number_input(key=f"{KEY}_page").value == 9
    assert _ids(at) == list(frame(420).subscription_id[400:420])
    assert "Sivu 9 / 9 · rivit 401–420 / 420 riviä" in _captions(at)


def test_a_small_table_is_shown_whole_without_controls():
    at = _app(150)
    assert _ids(at) == list(frame(150).subscription_id)
    assert not list(at.text_input) and not list(at.number_input)


def _select(at: AppTest, row: int) -> None:
    """What the browser sends when row ``row`` of the grid on screen is picked."""
    grid = next(iter(at.dataframe))
    at.session_state[grid.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}


def test_a_selection_on_any_page_is_the_right_row_of_the_whole_frame():
    df = frame()
    at = _app()
    at.selectbox(key=f"{KEY}_sort").set_value("amount").run()
    at.toggle(key=f"{KEY}_desc").set_value(True).run()
    at.number_input(key=f"{KEY}_page").set_value(3).run()
    _select(at, 7)
    at.run()
    want = df.sort_values("amount", ascending=False, kind="stable").iloc[100 + 7].subscription_id
    assert at.session_state["picked"] == want
    assert at.session_state["picked_in_session"] == want
    # the first page's grid has the table's own key; a selection there is row 5 of the frame
    at = _app()
    assert next(iter(at.dataframe)).key == KEY
    _select(at, 5)
    at.run()
    assert at.session_state["picked"] == df.subscription_id[5]
    assert at.session_state["picked_in_session"] == df.subscription_id[5]
    # another page is another grid: the first page's selection is not read there
    at.number_input(key=f"{KEY}_page").set_value(2).run()
    assert at.session_state["picked"] is None and at.session_state["picked_in_session"] is None


def test_the_callback_reads_the_selection_as_a_row_of_the_whole_frame():
    from reporting.ui.paging import full_selection

    positions = [40, 7, 1200]
    event = full_selection({"selection": {"rows": [2], "columns": [], "cells": [[1, "amount"]]}}, positions)
    assert event.selection.rows == [1200]
    assert event["selection"]["cells"] == [[7, "amount"]]
    assert full_selection({"selection": {"rows": [5]}}, positions).selection.rows == []   # not on screen
    unpaged = {"selection": {"rows": [5]}}
    assert full_selection(unpaged, None) is unpaged


def test_the_downloads_hold_every_row(monkeypatch):
    from streamlit.delta_generator import DeltaGenerator

    offered: dict[str, object] = {}
    button = DeltaGenerator.download_button

    def spy(self, label, data, **kwargs):          # the data each button would send when clicked
        offered[kwargs["key"]] = data
        return button(self, label, data, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    at = _app()
    at.text_input(key=f"{KEY}_search").set_value("Aino").run()
    at.number_input(key=f"{KEY}_page").set_value(2).run()
    assert len(_grid(at)) == PAGE
    data = offered[f"{KEY}_dl_csv"]
    assert callable(data)                           # built when clicked, not on every run
    csv = pd.read_csv(io.BytesIO(data()))
    assert len(csv) == ROWS
    assert sorted(csv.iloc[:, 0].astype(str)) == sorted(frame().subscription_id)
    xlsx = pd.read_excel(io.BytesIO(offered[f"{KEY}_dl_xlsx"]()))
    assert len(xlsx) == ROWS


def _two_tables() -> None:
    import streamlit as st

    from reporting.ui.tables import show_table
    from tests.test_table_paging import frame

    df = frame(1234)
    show_table(df, lang="en", key="one", report="costs-by-subscription")
    show_table(df.iloc[::-1].reset_index(drop=True), lang="en", key="two", report="costs-by-subscription")
    st.caption("end")


def test_two_tables_on_a_page_page_apart_in_english():
    df = frame()
    at = AppTest.from_function(_two_tables, default_timeout=30).run()
    at.number_input(key="two_page").set_value(2).run()
    at.text_input(key="one_search").set_value("sanna").run()
    one, two = (g.value for g in at.dataframe)
    want = df[df.user_name.str.startswith("Sanna")]
    assert list(one.subscription_id) == list(want.subscription_id[:PAGE])
    assert list(two.subscription_id) == list(df.subscription_id[::-1][PAGE:2 * PAGE])
    captions = _captions(at)
    assert f"Page 1 of 5 · rows 1–50 of {len(want)}" in captions
    assert "Page 2 of 25 · rows 51–100 of 1,234" in captions


def test_a_picker_beside_a_big_table_lists_its_first_rows_and_the_row_picked_further_down():
    from reporting.ui.paging import picker_options

    keys = [f"SUB{i:05d}|rule" for i in range(1234)]
    assert picker_options(keys, keys[5]) == keys[:200]
    assert picker_options(keys, keys[1000]) == keys[:200] + [keys[1000]]
    assert picker_options(keys, "not-a-row") == keys[:200]
    assert picker_options(keys[:30], None) == keys[:30]


def readable_frame(n: int = ROWS) -> pd.DataFrame:
    """A state-store-like table: ISO UTC stamps as text (every 7th missing) and an amount
    missing on every 5th row, so both columns are shown as text with dashes."""
    base = pd.Timestamp("2026-01-01 10:00", tz="UTC")
    stamps = [None if i % 7 == 3 else (base + pd.Timedelta(hours=37 * ((i * 7919) % n))).strftime("%Y-%m-%dT%H:%M:%SZ")
              for i in range(n)]
    return pd.DataFrame({
        "subscription_id": [f"SUB{i:05d}" for i in range(n)],
        "decided_at": stamps,
        "amount": [None if i % 5 == 0 else float(i % 300) + 0.5 for i in range(n)],
    })


def _readable_script() -> None:
    from reporting.ui.readable import show_readable
    from tests.test_table_paging import KEY, readable_frame

    show_readable(readable_frame(), lang="fi", key=KEY, report="optimisation-decisions",
                  formats={"amount": "money"})


def test_a_readable_big_table_formats_its_page_sorts_by_values_and_finds_what_is_shown():
    df = readable_frame()
    at = AppTest.from_function(_readable_script, default_timeout=30).run()
    assert not at.exception
    shown = _grid(at)
    # the first page as the reader sees it: dashes for the missing values, money, local times
    assert list(shown.subscription_id) == list(df.subscription_id[:PAGE])
    assert shown.amount.iloc[0] == "–" and shown.amount.iloc[1] == "1,50\u00a0€"
    # made text on this page, still laid out as an amount (as on a page of plain numbers)
    (grid,) = list(at.dataframe)
    assert json.loads(grid.proto.columns)["amount"]["alignment"] == "right"
    assert shown.decided_at.iloc[3] == "–"
    first = pd.Timestamp(df.decided_at.iloc[0]).tz_convert("Europe/Helsinki")
    assert shown.decided_at.iloc[0].startswith(f"{first.day}.{first.month}.{first.year}")
    # sorted by the stamps themselves (chronological across months, missing last), not by
    # their Finnish text where "10.1." would come before "2.1."
    at.selectbox(key=f"{KEY}_sort").set_value("decided_at").run()
    want = df.assign(t=pd.to_datetime(df.decided_at, utc=True)).sort_values("t", kind="stable", na_position="last")
    assert _ids(at) == list(want.subscription_id[:PAGE])
    # by the amounts as numbers, descending: 299,50 € first, never "99,50 €"
    at.selectbox(key=f"{KEY}_sort").set_value("amount").run()
    at.toggle(key=f"{KEY}_desc").set_value(True).run()
    # (a page with no missing amount keeps them as numbers, shown in the money format)
    assert _grid(at).amount.iloc[0] in (299.5, "299,50\u00a0€")
    # a search for a date as it is shown finds the rows of that day
    at.toggle(key=f"{KEY}_desc").set_value(False).run()
    at.selectbox(key=f"{KEY}_sort").set_value("").run()
    day = f"{first.day}.{first.month}.{first.year}"
    at.text_input(key=f"{KEY}_search").set_value(day).run()
    local = pd.to_datetime(df.decided_at, utc=True).dt.tz_convert("Europe/Helsinki")
    texts = [None if pd.isna(v) else f"{v.day}.{v.month}.{v.year}" for v in local]   # 11.1. holds 1.1.
    hits = df[[x is not None and day in x for x in texts]]
    assert 0 < len(hits) and _ids(at) == list(hits.subscription_id[:PAGE])


def test_an_empty_table_says_so_in_the_language_not_streamlits_english_empty():
    at = _app(rows=0)
    assert not at.exception
    assert not list(at.dataframe)
    assert "Ei rivejä." in _captions(at)
