"""A table with Finnish/English display formats and the three downloads every table offers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from reporting.i18n import fmt_money, fmt_number, fmt_percent, t
from reporting.publish.export import MIME, column_label, export_bytes, file_name, midnight_only

DISPLAY_ROW_CAP = 5000


# The same text as reporting.i18n's Babel formatters (tests/test_table_format.py compares them),
# without Babel's per-call pattern parsing: a table of thousands of cells formats in
# milliseconds instead of a second. Other languages use Babel itself.
_FAST = {  # lang -> (group separator, decimal separator, money pattern, percent pattern)
    "fi": ("\u00a0", ",", "{sign}{num}\u00a0€", "{sign}{num}\u00a0%"),
    "en": (",", ".", "{sign}€{num}", "{sign}{num}%"),
}


def _fast_formatter(kind: str, lang: str) -> Callable[[Any], str] | None:
    if lang not in _FAST:
        return None
    group, decimal, money, percent = _FAST[lang]
    if kind == "money":
        digits, scale, pattern, slow = 2, 1, money, partial(fmt_money, lang=lang)
    elif kind == "pct":
        digits, scale, pattern, slow = 1, 100, percent, partial(fmt_percent, lang=lang)
    elif kind.startswith("num"):
        digits, scale, pattern = int(kind[3:] or 0), 1, "{sign}{num}"
        slow = partial(fmt_number, lang=lang, digits=digits)
    else:
        return None
    quantum = Decimal(1).scaleb(-digits)

    def fmt(value: Any) -> str:
        try:
            if value is None or value != value or isinstance(value, bool):
                return slow(value)
            d = (Decimal(str(value)) * scale).quantize(quantum, rounding=ROUND_HALF_EVEN)
        except (TypeError, ValueError, InvalidOperation):
            return slow(value)
        if not d.is_finite():
            return slow(value)
        text = f"{abs(d):,.{digits}f}"
        if group != "," or decimal != ".":
            text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
        return pattern.format(sign="-" if d.is_signed() else "", num=text)

    return fmt


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
    export_parts: Sequence[str] = (),
    height: int | str = "auto",
    downloads: bool = True,
) -> Any:
    """Show ``df`` (canonical snake_case columns) with translated headers.

    ``formats`` maps a column to ``money``, ``pct`` (a share 0..1), ``num0``/``num1``/``num2``;
    date and datetime columns are shown as 31.12.2026 (Finnish) automatically. Downloads
    (CSV Finnish, CSV international, XLSX) contain every row, not only the displayed ones.
    With ``selection_mode`` ("single-row", "multi-row") the selection event is returned.
    """
    formats = dict(formats or {})
    shown = df.drop(columns=[c for c in hide if c in df.columns])
    if len(shown) > DISPLAY_ROW_CAP:
        st.caption(t("table.capped", lang, shown=fmt_number(DISPLAY_ROW_CAP, lang),
                     total=fmt_number(len(shown), lang)))
        shown = shown.head(DISPLAY_ROW_CAP)

    column_config: dict[str, Any] = {}
    for col in shown.columns:
        label = column_label(col, lang)
        series = shown[col]
        if pd.api.types.is_datetime64_any_dtype(series) and midnight_only(series):
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

    styled: Any = shown
    fmt_map = {c: _formatter(k, lang) for c, k in formats.items() if c in shown.columns}
    if fmt_map:
        styled = shown.style.format(fmt_map, na_rep="–")

    kwargs: dict[str, Any] = {}
    if selection_mode:
        kwargs = {"on_select": "rerun", "selection_mode": selection_mode}
    event = st.dataframe(styled, column_config=column_config, hide_index=True, key=key,
                         height=height, width="stretch", **kwargs)
    if downloads:
        download_buttons(df.drop(columns=[c for c in hide if c in df.columns]), lang=lang,
                         key=key, report=report, parts=export_parts)
    return event


def download_buttons(df: pd.DataFrame, *, lang: str, key: str, report: str,
                     parts: Sequence[str] = ()) -> None:
    row = st.container(horizontal=True)
    for fmt, label in (("csv-fi", "table.download_csv_fi"), ("csv", "table.download_csv"),
                       ("xlsx", "table.download_xlsx")):
        row.download_button(
            t(label, lang), data=partial(export_bytes, df, fmt, lang),
            file_name=file_name(report, fmt, parts), mime=MIME[fmt],
            key=f"{key}_dl_{fmt}", on_click="ignore", icon=":material/download:",
        )
