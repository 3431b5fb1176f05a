"""A table with Finnish/English display formats and the three downloads every table offers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from reporting.i18n import fmt_money, fmt_number, fmt_percent, is_month_column, month_column_format, t
from reporting.publish.export import column_label, midnight_only
from reporting.ui.downloads import lazy_download_buttons
from reporting.ui.paging import (
    PAGED_ABOVE,
    full_selection,
    grid_key,
    matching_rows,
    page_positions,
    remember_slice,
    search_and_page,
)

# Screen order: who or when a row is about (in this order), then its key amount, then the rest,
# so the euro figure is in view at 1440 px; a wider table shows its first columns and a chooser.
IDENTITY_COLUMNS = ("level", "month", "invoice_month", "usage_date", "subscription_id", "phone_number",
                    "user_name", "cost_centre", "cost_centre_name")
PLACE_COLUMNS = ("country", "country_name", "zone")   # who a row is about when no one else is
SUBJECT_COLUMNS = ("finding_rule", "followup_stage")   # what a row of a summary is about
KEY_AMOUNTS = ("amount", "usage_amount", "cost", "saving_month", "roaming_amount", "estimated_saving_month")
MAX_VISIBLE_COLUMNS = 9          # wider tables offer a column chooser instead of a scroll
_WIDE = ("description", "reason", "driver", "title", "comment", "name")
_MEDIUM = ("user_name", "cost_centre_name", "service_name", "plan")
_SMALL = ("cost_centre", "country", "unit", "zone", "currency")


def screen_order(columns: Sequence[str], formats: Mapping[str, str] | None = None) -> list[str]:
    """``columns`` in screen order: the identity columns present (IDENTITY_COLUMNS' order;
    PLACE_COLUMNS for a table about countries, SUBJECT_COLUMNS for a summary by rule or
    stage), the key amount (the first of KEY_AMOUNTS present), then the others as they were."""
    cols = list(columns)
    ident = ([c for c in IDENTITY_COLUMNS if c in cols] or [c for c in PLACE_COLUMNS if c in cols]
             or [c for c in SUBJECT_COLUMNS if c in cols])
    if "subscription_id" in ident and "level" not in ident:
        # a subscription's row: its centre is an attribute, not who the row is about
        ident = [c for c in ident if c not in ("cost_centre", "cost_centre_name")]
    key = next((c for c in KEY_AMOUNTS if c in cols and (formats or {}).get(c, "money") == "money"), None)
    first = ident + ([key] if key else [])
    return first + [c for c in cols if c not in first]


def column_width(col: str, kind: str | None) -> str | None:
    """medium for names, large for free text, small for short codes; None (fitted to the
    values and the header) for figures, identifiers and dates."""
    if kind is not None:
        return None
    if col in _MEDIUM or col.endswith("_name"):
        return "medium"
    if any(w in col for w in _WIDE):
        return "large"
    if col in _SMALL:
        return "small"
    return None


# The same text as reporting.i18n's Babel formatters (tests/test_table_format.py compares them),
# without Babel's per-call pattern parsing: a table of thousands of cells formats in
# milliseconds instead of a second (reporting.messages.formats, shared with the Saldoviesti
# texts). Other languages use Babel itself.
def _fast_formatter(kind: str, lang: str) -> Callable[[Any], str] | None:
    from reporting.messages.formats import FAST_LANGUAGES, formatter

    if lang not in FAST_LANGUAGES:
        return None
    if kind == "money":
        return formatter("money", lang)
    if kind == "pct":
        return formatter("percent", lang, 1)
    if kind.startswith("num"):
        return formatter("number", lang, int(kind[3:] or 0))
    return None


def _formatter(kind: str, lang: str) -> Callable[[Any], str]:
    fast = _fast_formatter(kind, lang)
    if fast is not None:
        return fast
    if kind == "money":
        return partial(fmt_money, lang=lang)
    if kind == "pct":
        return partial(fmt_percent, lang=lang)
    if kind.startswith("num"):
        digits = int(kind[3:] or 0)
        return partial(fmt_number, lang=lang, digits=digits)
    raise ValueError(kind)


def show_table(
    df: pd.DataFrame,
    *,
    lang: str,
    key: str,
    report: str,
    formats: Mapping[str, str] | None = None,
    hide: Sequence[str] = (),
    selection_mode: str | None = None,
    on_select: Any = "rerun",
    export_parts: Sequence[str] = (),
    height: int | str = "auto",
    downloads: bool = True,
    row_height: int | None = None,
    shape: Callable[[pd.DataFrame, dict[str, str]], tuple[pd.DataFrame, dict[str, str]]] | None = None,
) -> Any:
    """Show ``df`` (canonical snake_case columns) with translated headers.

    ``formats`` maps a column to ``money``, ``pct`` (a share 0..1), ``num0``/``num1``/``num2``;
    date and datetime columns are shown as 31.12.2026 (Finnish) automatically, month columns
    (``month``, ``*_month``) as 12/2026 / Dec 2026 (reporting.i18n.MONTH_COLUMN_FORMAT). Downloads
    (CSV Finnish, CSV international, XLSX) contain every row, not only the displayed ones, and
    are built when clicked.
    Columns are put in screen order (``screen_order``: identity, key amount, rest), each with
    a width; a table of more than MAX_VISIBLE_COLUMNS columns shows the
    first ones and a chooser of the shown columns. With ``selection_mode`` ("single-row", "multi-row") the selection event is returned;
    ``on_select`` is "rerun" or a callback (reporting.ui.drill.drill_on_select).

    A table of more than ``PAGED_ABOVE`` rows is shown a page (``PAGE_ROWS``) at a time
    (reporting.ui.paging): a search over the shown columns, a sort column and direction and a
    page number, in a fragment so paging reruns only the table; only that page's rows are
    sent and formatted. Its selection event gives rows of the whole ``df`` (so does
    ``reporting.ui.paging.table_selection(key)`` in a callback), and picking a row reruns the
    whole page.

    ``shape(rows, formats)`` turns the rows about to be shown into what the eye reads and
    gives the formats still to apply (reporting.ui.readable.readable): it is given only the
    rows of the page shown (and the whole table only for a search, so a search finds what the
    reader sees), never all 90,000 rows on every run; sorting uses the values themselves.
    """
    formats = dict(formats or {})
    shown = df.drop(columns=[c for c in hide if c in df.columns])
    shown = shown[screen_order(shown.columns, formats)]
    base = partial(_grid, lang=lang, selection_mode=selection_mode, height=height,
                   row_height=row_height, chooser_key=f"{key}_columns")

    def grid(rows: pd.DataFrame, *, key: str, on_select: Any) -> Any:
        rows, left = (rows, formats) if shape is None else shape(rows, dict(formats))
        return base(rows, key=key, on_select=on_select, formats=left, kinds=formats)

    searchable = (lambda: shown) if shape is None else (lambda: shape(shown, dict(formats))[0])
    if shown.empty:
        # Streamlit's empty grid says "empty" in English whatever the language
        remember_slice(key, key, None)
        st.caption(t("readable.no_rows", lang))
        event = None
    elif len(shown) <= PAGED_ABOVE:
        remember_slice(key, key, None)
        event = grid(shown, key=key, on_select=on_select)
    else:
        event = _paged_table(shown, key=key, lang=lang, grid=grid, selection_mode=selection_mode,
                             on_select=on_select, searchable=searchable)
    if downloads:
        download_buttons(df.drop(columns=[c for c in hide if c in df.columns]), lang=lang,
                         key=key, report=report, parts=export_parts)
    return event


def _paged_table(shown: pd.DataFrame, *, key: str, lang: str, grid: Callable[..., Any],
                 selection_mode: str | None, on_select: Any,
                 searchable: Callable[[], pd.DataFrame]) -> Any:
    """``shown`` a page at a time, the controls and the grid in one fragment; a search looks
    in ``searchable()`` (``shown`` as the reader sees it, the same rows in the same order)."""
    columns = list(shown.columns)
    app_rerun = f"{key}__picked"

    def picked() -> None:
        # a row picked: the page reads it (or the callback changed the URL), so the whole page runs
        st.session_state[app_rerun] = True
        if callable(on_select):
            on_select()

    def part() -> Any:
        if st.session_state.pop(app_rerun, False):
            st.rerun(scope="app")
        found: dict[str, Any] = {}

        def matches(query: str) -> int:
            found[query] = matching_rows(searchable() if query else shown, query, columns)
            return len(found[query])

        paging = search_and_page(key, lang, matches, search_label=t("table.search", lang),
                                 placeholder=t("table.search_placeholder", lang), sort_columns=columns,
                                 sort_label=lambda c: column_label(c, lang))
        positions = page_positions(shown, found[paging.query], paging)
        widget = grid_key(key, paging)
        remember_slice(key, widget, positions)
        if not len(positions):
            return None
        event = grid(shown.iloc[positions], key=widget, on_select=picked if selection_mode else on_select)
        return full_selection(event, positions) if selection_mode else event

    return st.fragment(part)()


def _grid(shown: pd.DataFrame, *, key: str, lang: str, formats: dict[str, str], selection_mode: str | None,
          on_select: Any, height: int | str, row_height: int | None, chooser_key: str,
          kinds: Mapping[str, str] | None = None) -> Any:
    """``st.dataframe`` of ``shown`` as it is: headers, widths, formats, the column chooser.
    ``kinds`` (default ``formats``) are the columns' kinds for their widths and alignment:
    the same on every page of a table, also where a page's values were already made text."""
    kinds = formats if kinds is None else kinds
    column_config: dict[str, Any] = {}
    for col in shown.columns:
        label = column_label(col, lang)
        series = shown[col]
        dates = len(series.dropna()) and (pd.api.types.is_datetime64_any_dtype(series) or series.dropna().map(
            lambda v: hasattr(v, "isoformat")).all())
        if is_month_column(col) and dates:          # a month, never its first day (1.12.2025)
            column_config[col] = st.column_config.DateColumn(label, format=month_column_format(lang))
        elif pd.api.types.is_datetime64_any_dtype(series) and midnight_only(series):
            column_config[col] = st.column_config.DateColumn(
                label, format="D.M.YYYY" if lang == "fi" else "D MMM YYYY")
        elif pd.api.types.is_datetime64_any_dtype(series):
            column_config[col] = st.column_config.DatetimeColumn(
                label, format="D.M.YYYY HH:mm" if lang == "fi" else "D MMM YYYY HH:mm")
        elif series.dropna().map(lambda v: hasattr(v, "isoformat")).all() and len(series.dropna()):
            column_config[col] = st.column_config.DateColumn(
                label, format="D.M.YYYY" if lang == "fi" else "D MMM YYYY")
        else:
            column_config[col] = st.column_config.Column(label)
        width = column_width(col, kinds.get(col))
        if width:
            column_config[col]["width"] = width
        if kinds.get(col):                        # formatted figures read right-aligned
            column_config[col]["alignment"] = "right"

    styled: Any = shown
    fmt_map = {c: _formatter(k, lang) for c, k in formats.items() if c in shown.columns}
    if fmt_map:
        styled = shown.style.format(fmt_map, na_rep="–")

    kwargs: dict[str, Any] = {}
    if len(shown.columns) > MAX_VISIBLE_COLUMNS:
        options = list(shown.columns)
        with st.popover(t("table.columns", lang), icon=":material/view_column:", width="content"):
            chosen = st.multiselect(
                t("table.columns", lang), options=options, default=options[:MAX_VISIBLE_COLUMNS],
                format_func=lambda c: column_label(c, lang), key=chooser_key)
        kwargs["column_order"] = chosen or options[:1]
    if selection_mode:
        kwargs.update(on_select=on_select, selection_mode=selection_mode)
    if row_height:          # rows taller than 4rem wrap long text (Streamlit's data grid)
        kwargs["row_height"] = row_height
    event = st.dataframe(styled, column_config=column_config, hide_index=True, key=key,
                         height=height, width="stretch", **kwargs)
    return event


def download_buttons(df: pd.DataFrame, *, lang: str, key: str, report: str,
                     parts: Sequence[str] = ()) -> None:
    """The three downloads of ``df`` (every row), each built when its button is clicked."""
    lazy_download_buttons(lambda: df, lang=lang, key=key, report=report, parts=parts)
