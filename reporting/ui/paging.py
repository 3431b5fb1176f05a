"""Big tables a page at a time (issue 19): the search field, the sort column and direction, the
page number, and the one slice of rows the browser gets, all computed on the server.

``reporting.ui.tables.show_table`` pages every table of more than PAGED_ABOVE rows with
these; the Saldoviesti page uses ``search_and_page`` with its own search report.
A row selection in a paged table is given in positions of the whole frame
(``table_selection``, ``full_selection``), so a drill-down from any page picks the right row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from reporting.i18n import fmt_number, t
from reporting.messages.search import PAGE_ROWS, search_mask

PAGED_ABOVE = 200              # a table of more rows is shown a page (PAGE_ROWS) at a time
_NO_SORT = ""                  # the sort select's first option: the order the page gave


@dataclass(frozen=True)
class Paging:
    """What the controls ask for: the search text, the sort column (None: as given) and
    direction, the 1-based page of ``pages`` and the first row's offset among ``matches``."""

    query: str
    sort: str | None
    descending: bool
    page: int
    pages: int
    offset: int
    matches: int

    @property
    def signature(self) -> str:
        """The slice in a few characters (a widget key's part): another page, search or sort
        is another slice, and so another grid with its own selection."""
        text = repr((self.query, self.sort, self.descending, self.page, self.matches))
        return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()

    @property
    def first_view(self) -> bool:
        return self.page == 1 and not self.query and self.sort is None


def page_count(matches: int, rows: int = PAGE_ROWS) -> int:
    return max(1, -(-int(matches) // rows))


def search_and_page(key: str, lang: str, matches: Callable[[str], int], *, search_label: str,
                    placeholder: str | None = None, no_matches: str | None = None,
                    sort_columns: Sequence[str] = (), sort_label: Callable[[str], str] = str,
                    rows_key: str = "table.rows_shown", restart_on: str = "") -> Paging:
    """A search field, a sort column and direction (when ``sort_columns`` is given) and a
    page number (a new search or sort, or another ``restart_on``, starts from page 1; data
    that shrinks under the same controls keeps the user on the last page there is), then a
    caption "rows 101–150 / 1 234". ``matches(query)`` counts the rows a query finds. Widget
    keys are ``key`` + ``_search``, ``_sort``, ``_desc``, ``_page``."""
    ncols = [3, 2, 1, 1] if sort_columns else [3, 1]
    cells = st.columns(ncols, vertical_alignment="bottom")
    query = cells[0].text_input(search_label, key=f"{key}_search", placeholder=placeholder).strip()
    sort: str | None = None
    descending = False
    if sort_columns:
        picked = cells[1].selectbox(
            t("table.sort_by", lang), [_NO_SORT, *sort_columns], key=f"{key}_sort",
            format_func=lambda c: t("table.sort_none", lang) if c == _NO_SORT else sort_label(c))
        sort = picked or None
        descending = cells[2].toggle(t("table.descending", lang), key=f"{key}_desc", disabled=sort is None)
    found = int(matches(query))
    pages = page_count(found)
    page_key, asked_key = f"{key}_page", f"{key}_page_for"
    asked = (query, sort, descending, restart_on)
    if st.session_state.get(asked_key, asked) != asked:
        st.session_state[page_key] = 1                    # a new search or order: from the top
    elif int(st.session_state.get(page_key, 1)) > pages:
        st.session_state[page_key] = pages                # fewer rows than before: the last page
    st.session_state[asked_key] = asked
    page_no = int(cells[-1].number_input(
        t("table.page", lang, pages=fmt_number(pages, lang)), min_value=1,
        max_value=pages, step=1, key=page_key))
    page_no = min(max(1, page_no), pages)
    offset = (page_no - 1) * PAGE_ROWS
    if found:
        st.caption(t(rows_key, lang, page=fmt_number(page_no, lang), pages=fmt_number(pages, lang),
                     first=fmt_number(offset + 1, lang), last=fmt_number(min(offset + PAGE_ROWS, found), lang),
                     total=fmt_number(found, lang)))
    else:
        st.info(no_matches or t("table.no_matches", lang))
    return Paging(query, sort, descending, page_no, pages, offset, found)


def matching_rows(df: pd.DataFrame, query: str, columns: Sequence[str]) -> np.ndarray:
    """Positions (0-based, in ``df``'s order) of the rows whose shown ``columns`` contain
    ``query`` (reporting.messages.search.search_mask)."""
    if not query:
        return np.arange(len(df))
    return np.flatnonzero(search_mask(df, query, columns))


def ordered(df: pd.DataFrame, positions: np.ndarray, sort: str | None, descending: bool) -> np.ndarray:
    """``positions`` ordered by column ``sort`` (stable: equal values keep the given order;
    missing values last in either direction); as given without a sort column."""
    if sort is None or not len(positions):
        return positions
    values = df[sort].iloc[positions].reset_index(drop=True)
    try:
        order = values.sort_values(ascending=not descending, kind="stable", na_position="last").index
    except TypeError:           # mixed types: by their text
        text = values.map(lambda v: None if v is None or v != v else str(v).casefold())
        order = text.sort_values(ascending=not descending, kind="stable", na_position="last").index
    return positions[order.to_numpy()]


def page_positions(df: pd.DataFrame, matching: np.ndarray, paging: Paging) -> np.ndarray:
    """Positions in ``df`` of the rows the controls ask for: of the ``matching`` rows
    (``matching_rows``), in the asked order, the asked page."""
    return ordered(df, matching, paging.sort, paging.descending)[paging.offset:paging.offset + PAGE_ROWS]


def picker_options(keys: Sequence[str] | pd.Series, current: str | None, cap: int = PAGED_ABOVE) -> list[str]:
    """The options of a select box beside a (paged) table: its first ``cap`` keys in the
    table's order, plus ``current`` (a row picked in the table on any page) when it is further
    down, so a 90,000-row table does not send 90,000 options to the browser."""
    if isinstance(keys, pd.Series):
        keys = keys.to_numpy(dtype=object)
    head = list(keys[:cap])
    if current is not None and current not in head and current in keys:
        head.append(current)
    return head


def subscription_labels(subs: pd.DataFrame) -> dict[str, str]:
    """``subscription_id`` -> "user · phone number" (the id when there is no number), for
    pickers of subscriptions; built column-wise (100,000 subscriptions in a few milliseconds)."""
    ids = subs["subscription_id"].astype(str)
    names = subs["user_name"].astype(object).where(subs["user_name"].notna(), "–").astype(str)
    numbers = subs["phone_number"].astype(object).where(subs["phone_number"].notna(), ids).astype(str)
    return dict(zip(ids, (names + " · " + numbers).tolist(), strict=True))


def searched_options(labels: Mapping[str, str], query: str | None, chosen: Sequence[str],
                     cap: int = PAGED_ABOVE) -> list[str]:
    """The options of a picker over many ``labels`` (key -> label): what is ``chosen`` first,
    then the first ``cap`` keys whose key or label contains ``query`` (case-insensitive; all
    keys without a query)."""
    chosen = [c for c in chosen if c in labels]
    needle = (query or "").strip().casefold()
    found: list[str] = []
    for key, label in labels.items():
        if len(found) >= cap:
            break
        if key not in chosen and (not needle or needle in key.casefold() or needle in label.casefold()):
            found.append(key)
    return chosen + found


def pick_on_select(table_key: str, values: Sequence[Any], widget_key: str) -> Callable[[], None]:
    """An ``on_select`` callback: the row picked in table ``table_key`` (on any page) sets the
    picker ``widget_key`` to that row's entry of ``values`` (the picker then shows the row)."""
    # one array, not a Python list built item by item (138,908 devices: 0.1 s on every run)
    values = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else list(values)

    def pick() -> None:
        rows = (table_selection(table_key) or {}).get("selection", {}).get("rows") or []
        if rows and 0 <= rows[0] < len(values):
            st.session_state[widget_key] = values[rows[0]]

    return pick


# -- selections of a paged table, in rows of the whole frame -----------------------------------

def _positions_key(key: str) -> str:
    return f"{key}__positions"


def _widget_key(key: str) -> str:
    return f"{key}__widget"


def grid_key(key: str, paging: Paging) -> str:
    """The grid's widget key: the table's own key for its first view (page 1, no search, no
    sort), another per slice so a selection made on one page is never read on another."""
    return key if paging.first_view else f"{key}__{paging.signature}"


def remember_slice(key: str, widget_key: str, positions: np.ndarray | None) -> None:
    """Record which grid shows table ``key`` and which rows of the whole frame it holds
    (None: the whole frame, unpaged)."""
    if positions is None:
        st.session_state.pop(_positions_key(key), None)
        st.session_state.pop(_widget_key(key), None)
    else:
        st.session_state[_positions_key(key)] = [int(p) for p in positions]
        st.session_state[_widget_key(key)] = widget_key


class Event(dict):
    """A selection event (dict and attribute access, like Streamlit's own)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def _event(selection: Mapping[str, Any]) -> Event:
    return Event(selection=Event(selection))


def full_selection(event: Any, positions: Sequence[int] | None) -> Any:
    """``event`` (a grid's selection) with its rows as positions of the whole frame, given the
    slice's ``positions``; unchanged for an unpaged grid (``positions`` None)."""
    if positions is None or event is None:
        return event
    sel = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if sel is None:
        return event
    parts = dict(sel) if isinstance(sel, dict) else {
        k: getattr(sel, k) for k in ("rows", "columns", "cells") if hasattr(sel, k)}

    def full(r: Any) -> int | None:
        return int(positions[r]) if isinstance(r, int) and 0 <= r < len(positions) else None

    parts["rows"] = [p for p in map(full, parts.get("rows") or []) if p is not None]
    if parts.get("cells"):
        parts["cells"] = [[full(c[0]), *c[1:]] for c in parts["cells"] if full(c[0]) is not None]
    return _event(parts)


def table_selection(key: str) -> Any:
    """The selection of table (or chart) ``key`` as it is in the session, rows as positions
    of the whole frame the page gave: for an ``on_select`` callback (reporting.ui.drill)."""
    positions = st.session_state.get(_positions_key(key))
    widget = st.session_state.get(_widget_key(key), key) if positions is not None else key
    return full_selection(st.session_state.get(widget), positions)
