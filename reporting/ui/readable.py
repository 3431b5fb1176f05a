"""Tables a person reads: no 'None', no raw timestamps.

Streamlit's table draws every missing cell as a grey "None", whatever a pandas Styler says
(checked with streamlit 1.67 in Chromium: ``na_rep`` of a Styler is not used for a missing
cell). So a column that has a missing value is shown as text: each value formatted the way
``show_table`` would format it (money, numbers, dates and times in the language, Helsinki
time) and a dash for a missing one. Columns without missing values are left as they are, so
they keep their number formats and sort as numbers. ISO timestamp text (the state store's
UTC times) becomes a local date and time. For the screen only: downloads keep the report's
values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from reporting.i18n import (
    MISSING,
    TIME_ZONE,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_table_datetime,
    is_month_column,
    t,
)
from reporting.publish.export import midnight_only

ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _missing(value: Any) -> bool:
    """None, NaN, NaT or pandas NA (``is_missing`` cannot take pandas NA: its truth is undefined)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def stored_timestamp(value: Any) -> dt.datetime | None:
    """An ISO timestamp text of the state store (UTC unless it says otherwise) as an aware
    datetime; None when it is not one."""
    if not isinstance(value, str) or not ISO_TIMESTAMP.match(value.strip()):
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def local_time_text(value: Any, lang: str) -> str:
    """A stored timestamp as 2.12.2026 klo 4.29 (Helsinki time); other text as it is."""
    when = stored_timestamp(value)
    if when is None:
        return MISSING if _missing(value) else str(value)
    return fmt_datetime(when.astimezone(TIME_ZONE), lang)


def _format_value(value: Any, kind: str | None, lang: str) -> str:
    if _missing(value):
        return MISSING
    if kind == "month":
        return fmt_month(value, lang, short=True)
    if kind == "date":
        return fmt_date(value, lang)
    if kind == "datetime":
        return fmt_table_datetime(value, lang)
    if kind == "money":
        return fmt_money(value, lang)
    if kind == "pct":
        return fmt_percent(value, lang)
    if kind and kind.startswith("num"):
        return fmt_number(value, lang, int(kind[3:] or 0))
    if isinstance(value, bool):
        return t("readable.yes" if value else "readable.no", lang)
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is None and ts == ts.normalize():
            return fmt_date(ts, lang)
        return fmt_table_datetime(ts, lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, float):
        return fmt_number(value, lang, 0 if value.is_integer() else 2)
    if isinstance(value, int):
        return fmt_number(value, lang)
    if isinstance(value, str) and stored_timestamp(value) is not None:
        return fmt_table_datetime(stored_timestamp(value).astimezone(TIME_ZONE), lang)
    return str(value)


def readable(df: pd.DataFrame, lang: str, formats: Mapping[str, str] | None = None,
             ) -> tuple[pd.DataFrame, dict[str, str]]:
    """``df`` for the eye and the formats still to apply: every column with a missing value
    or ISO timestamp text becomes formatted text with a dash for the missing values."""
    formats = dict(formats or {})
    out = df.copy()
    for col in out.columns:
        series = out[col]
        textual = series.dtype == object or pd.api.types.is_string_dtype(series)
        has_stamp = textual and any(stored_timestamp(v) is not None for v in _distinct(series.dropna()))
        if not (series.isna().any() or has_stamp):
            continue
        kind = formats.pop(col, None)
        if kind is None and pd.api.types.is_datetime64_any_dtype(series):
            # one format per column, as show_table gives a typed one: a month, a date, or a
            # date and time
            kind = ("month" if is_month_column(col) else
                    "date" if midnight_only(series) else "datetime")
        out[col] = _format_column(series, kind, lang)
    return out, formats


def _distinct(series: pd.Series) -> list[Any]:
    """The distinct values of ``series`` (text by text: a column of 100,000 rows holds far
    fewer); its values when they cannot be told apart by hashing."""
    values = series.astype(object)
    try:
        return [v for _, v in dict.fromkeys((type(v), v) for v in values)]
    except TypeError:                          # an unhashable value
        return list(values)


def _format_column(series: pd.Series, kind: str | None, lang: str) -> list[str]:
    """``_format_value`` of every value, each distinct value (of its type: 1, 1.0 and True
    are told apart) formatted once."""
    done: dict[tuple[type, Any], str] = {}
    out = []
    for v in series.astype(object):
        try:
            text = done.get((type(v), v))
            if text is None:
                text = done[(type(v), v)] = _format_value(v, kind, lang)
        except TypeError:                      # an unhashable value
            text = _format_value(v, kind, lang)
        out.append(text)
    return out


def show_readable(shown: pd.DataFrame, raw: pd.DataFrame | None = None, *, lang: str, key: str,
                  report: str, formats: Mapping[str, str] | None = None, export_parts=(),
                  hide=(), downloads: bool = True, codes: Mapping[str, str] | None = None, **kwargs):
    """``show_table`` of ``shown`` made readable (missing values as dashes, stored timestamps
    in local time, the ``codes`` columns in words: column -> code prefix, as
    ``reporting.ui.drill.label_codes``); the downloads hold ``raw`` (default ``shown``), the
    report's canonical values, exactly like the CLI export. All of it is done to the rows of
    the page shown only; sorting and paging use the values themselves."""
    import streamlit as st

    from reporting.ui.tables import download_buttons, show_table

    raw = shown if raw is None else raw
    if shown.empty:                    # Streamlit's empty table says "empty" in English
        st.caption(t("readable.no_rows", lang))
        return None
    # made readable a page at a time (show_table's shape): formatting 90,000 rows on every run
    # cost seconds on the large demo's devices page
    def shape(rows: pd.DataFrame, fmts: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
        if codes:
            from reporting.ui.drill import label_codes

            rows = label_codes(rows, lang, **codes)
        return readable(rows, lang, fmts)

    event = show_table(shown, lang=lang, key=key, report=report, hide=hide, downloads=False,
                       formats=formats, shape=shape, **kwargs)
    if downloads:
        download_buttons(raw.drop(columns=[c for c in hide if c in raw.columns]), lang=lang,
                         key=key, report=report, parts=export_parts)
    return event


def team_bar_chart(centres: pd.DataFrame, lang: str, *, key: str) -> None:
    """A manager's centres as horizontal bars of the month's cost, the amounts in the
    language's format (a hover and a label per bar, the axis' thousands written out), largest
    on top, in the charts' one accent colour."""
    import plotly.graph_objects as go
    import streamlit as st

    from reporting.ui.charts import ACCENT, MONEY_TICKS, SEPARATORS, axis_title
    from reporting.ui.text import hover

    labels = [hover(f"{c} {n}") for c, n in zip(centres.cost_centre, centres.cost_centre_name, strict=True)]
    values = [float(v) for v in centres.cost_month]
    texts = [fmt_money(v, lang) for v in centres.cost_month]
    fig = go.Figure(go.Bar(x=values, y=labels, orientation="h", text=texts, textposition="auto",
                           hovertext=texts, hoverinfo="text+y", marker_color=ACCENT))
    fig.update_layout(height=max(160, 36 * len(labels) + 80), margin={"l": 10, "r": 10, "t": 10, "b": 30},
                      yaxis={"autorange": "reversed"},
                      xaxis={"title": {"text": axis_title("eur", lang)}, "tickformat": MONEY_TICKS},
                      separators=SEPARATORS.get(lang, SEPARATORS["en"]))
    st.plotly_chart(fig, width="stretch", key=key, config={"displayModeBar": False})
