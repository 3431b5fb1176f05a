"""Drill-down state in the URL and reading selections from charts and tables.

The drill-down's position is kept in query parameters (``centre``, ``sub``, ``month``,
``day``) so a view can be bookmarked and shared and the browser's back button goes back up.
The values are only requests: every report filters them through the user's scope in SQL, so a
hand-edited URL cannot show anything the scope does not hold.

Browser history: Streamlit's frontend pushes one history entry for every query-string message
the server sends (``st.query_params[k] = v`` and ``del st.query_params[k]`` each send one), and
replaces the entry instead while the run answers a Back/Forward. So a step is ONE message
(``set_drill``), and a step is taken only in a selection's ``on_select`` callback
(``drill_on_select``): a callback runs when the selection changes, never again when Back
re-renders a chart or table still holding its old selection (which re-drilled and overwrote
the history entry before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from reporting.ui.filters import Filters, month_key

DRILL_CENTRE, DRILL_SUB, DRILL_MONTH, DRILL_DAY = "centre", "sub", "month", "day"
DRILL_PARAMS = (DRILL_CENTRE, DRILL_SUB, DRILL_MONTH, DRILL_DAY)


def drill_state() -> dict[str, str | None]:
    qp = st.query_params
    return {k: (qp.get(k) or None) for k in DRILL_PARAMS}


def set_drill(**values: str | None) -> None:
    """Replace the drill-down position (the filters' parameters stay) with ONE query-string
    message, so the browser gets exactly one history entry for the step.

    Removing a parameter through ``st.query_params`` sends a message of its own (one history
    entry each), so the old position's parameters are dropped silently from Streamlit's query
    parameter state and the new ones written with one ``update`` (Streamlit's own
    ``discard_param_no_forward_msg``; public API has no removal without a message)."""
    from streamlit.runtime.state import get_session_state

    unknown = set(values) - set(DRILL_PARAMS)
    if unknown:
        raise ValueError(f"not drill parameters: {sorted(unknown)}")
    new = {k: str(v) for k, v in values.items() if v}
    with get_session_state().query_params() as qp:
        for k in DRILL_PARAMS:
            qp.discard_param_no_forward_msg(k)
        qp.update(new)        # one message, even when ``new`` is empty (back to the top)


def drill_on_select(key: str, target: Callable[[Any], dict[str, str | None] | None]) -> Callable[[], None]:
    """An ``on_select`` callback for the chart or table with widget ``key``: ``target`` maps
    its selection event (``st.session_state[key]``; for a table shown a page at a time its
    rows are rows of the whole frame, reporting.ui.paging.table_selection) to the new position
    (``set_drill``'s keywords) or None (nothing picked, stay)."""
    from reporting.ui.paging import table_selection

    def callback() -> None:
        values = target(table_selection(key))
        if values is not None:
            set_drill(**values)

    return callback


def drill_link_params(filters: Filters | None = None, *, centre: str | None = None,
                      subscription: str | None = None, month: dt.date | None = None,
                      day: dt.date | None = None) -> dict[str, Any]:
    """Query parameters opening the drill-down at a point. The filters are not repeated:
    widget-bound parameters cannot be set from code, and the drill-down's own filter widgets
    (same URL names) keep or default them."""
    out: dict[str, Any] = {}
    if centre:
        out[DRILL_CENTRE] = centre
    if subscription:
        out[DRILL_SUB] = subscription
    if month:
        out[DRILL_MONTH] = month_key(month)
    if day:
        out[DRILL_DAY] = day.isoformat()
    return out


def parse_day(value: str | None, month: dt.date | None) -> dt.date | None:
    """The ``day`` parameter as a date when it is a real day of ``month``, else None."""
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    if day is None or month is None or (day.year, day.month) != (month.year, month.month):
        return None
    return day


def _selection(event: Any, part: str) -> Any:
    """``event.selection.<part>`` of a selection event, as returned by the element or kept in
    ``st.session_state`` (attribute or dict access), or None."""
    if event is None:
        return None
    sel = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if sel is None:
        return None
    return sel.get(part) if isinstance(sel, dict) else getattr(sel, part, None)


def selected_custom(event: Any) -> str | None:
    """The ``customdata`` of the first selected point of a plotly selection event."""
    points = _selection(event, "points")
    for p in points or ():
        data = p.get("customdata")
        if isinstance(data, list):
            data = data[0] if data else None
        if data is not None:
            return str(data)
    return None


def selected_row(event: Any, df: pd.DataFrame) -> Any:
    """The first selected row (a namedtuple) of a dataframe selection event, or None."""
    rows = _selection(event, "rows")
    if not rows or rows[0] >= len(df):
        return None
    return next(df.iloc[[rows[0]]].itertuples(index=False))


def centre_names(children: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A ``cost-centre-children`` frame with its rows named for the screen: the parent's own
    lines and the lines booked to no centre get words instead of an empty name."""
    from reporting.i18n import t

    return children.assign(cost_centre_name=[
        t("drill.own_lines", lang) if own else (n if isinstance(n, str) else t("costs.no_centre", lang))
        for own, n in zip(children.is_own, children.cost_centre_name, strict=True)])


# -- tables with translated codes on screen and canonical values in the downloads -------------

_CODE_COLUMNS = {"category": "category", "service_type": "service_type", "zone": "usage.zone",
                 "usage_type": "usage_type", "level": "dev.level",
                 "driver_category": "category"}


def label_codes(df: pd.DataFrame, lang: str, **columns: str) -> pd.DataFrame:
    """A copy of ``df`` with the code columns named in ``columns`` (column=string prefix)
    shown as words (reporting.i18n.code_label), for the screen only."""
    from reporting.i18n import code_label

    out = df.copy()
    for col, prefix in columns.items():
        if col in out.columns:
            values = out[col]
            # each distinct code once: a column of 100,000 rows holds a handful of codes
            words = {v: code_label(prefix, v, lang) for v in pd.unique(values.dropna())}
            out[col] = values.map(words, na_action="ignore") if words else values
    return out


def display_labels(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Codes (charge category, service type, zone, level) as words in the language, and empty
    text instead of a missing value, for the screen only."""
    out = label_codes(df, lang, **{c: p for c, p in _CODE_COLUMNS.items()})
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            if pd.api.types.infer_dtype(out[col], skipna=True) not in ("string", "empty"):
                continue                  # not only text and missing values
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out


def report_table(df: pd.DataFrame, *, lang: str, key: str, report: str, hide=(), export_parts=(),
                 downloads: bool = True, **kwargs: Any) -> Any:
    """``show_table`` with words for codes on screen; the three downloads keep the report's own
    values (canonical codes, as ``python -m reporting export`` gives them)."""
    from reporting.ui.downloads import lazy_download_buttons
    from reporting.ui.tables import show_table

    # the words are made for the rows shown only (a page of a 100,000-row table), not for
    # the whole table on every run; sorting and paging use the codes themselves
    event = show_table(df, lang=lang, key=key, report=report, hide=hide, downloads=False,
                       shape=lambda rows, formats: (display_labels(rows, lang), formats), **kwargs)
    if downloads:
        lazy_download_buttons(lambda: df.drop(columns=[c for c in hide if c in df.columns]), lang=lang,
                              key=key, report=report, parts=export_parts)
    return event
