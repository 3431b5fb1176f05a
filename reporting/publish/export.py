"""Exports of report tables: Finnish Excel CSV, international CSV, XLSX and Parquet.

* ``csv-fi``: UTF-8 with BOM, ``;`` separator, decimal comma, dates d.m.yyyy, Finnish headers,
  codes as Finnish words, shares as percent values under a ``(%)`` header.
* ``csv``: UTF-8, ``,`` separator, decimal point, ISO dates, canonical snake_case headers and
  the report's own values: codes, shares 0..1 (documented in docs/reports.md).
* ``xlsx``: one sheet, headers and codes as words in the chosen language, real numbers and
  dates with formats, shares as percent cells (the fraction with a ``0.0 %`` format, which a
  spreadsheet shows and computes as a percentage).
* ``parquet``: typed columns, canonical headers, the report's own values (as ``csv``).

CSV text cells are neutralised against formula injection as OWASP describes: a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe.
XLSX needs no guard and gets none: every text is written as a typed string cell, which a
spreadsheet never evaluates, so a phone number ``+358...`` stays as it is for lookups. Numbers
stay numbers, negative ones included, because numeric columns are never treated as text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import pandas as pd

from reporting.i18n import code_label, has_string, t

FORMATS = ("csv", "csv-fi", "xlsx", "parquet")
MIME = {
    "csv": "text/csv",
    "csv-fi": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
EXTENSION = {"csv": "csv", "csv-fi": "csv", "xlsx": "xlsx", "parquet": "parquet"}
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

# Columns holding codes, and the string prefixes their words have (the first that has the
# code); the Finnish CSV and the XLSX show the words, csv and parquet keep the codes.
CODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "category": ("category",), "driver_category": ("category",), "service_type": ("service_type",),
    "zone": ("usage.zone",), "level": ("dev.level",), "usage_type": ("usage_type",),
    "status": ("status", "ticket_status"), "worst_status": ("status",), "phase": ("services.phase",),
    "service_category": ("service_category",), "finding_rule": ("opt.rule",),
    "recommended_action": ("opt.action",), "decided_action": ("opt.decision",),
    "finding_status": ("opt.decision",), "followup_stage": ("opt.stage",),
    "order_state": ("order_state",), "role": ("role",),
}
# Columns holding a share (0.25 = 25 %) besides those named *_share.
SHARE_COLUMNS = frozenset({"change_prev_month", "change_prev_year", "peak_use_pct", "data_use_pct"})


def is_share(column: str) -> bool:
    return column.endswith("_share") or column in SHARE_COLUMNS


def code_words(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy with the code columns (CODE_COLUMNS) as words in ``lang``; a code without a
    word stays as it is."""
    out = df.copy()
    for col, prefixes in CODE_COLUMNS.items():
        if col in out.columns and _is_text(out[col]):
            out[col] = [_word(prefixes, v, lang) for v in out[col].astype(object)]
    return out


def _word(prefixes: tuple[str, ...], code: object, lang: str) -> object:
    for prefix in prefixes:
        word = code_label(prefix, code, lang)
        if word != code:
            return word
    return code


def missing(value: object) -> bool:
    """An empty cell: None, NaN, pandas' NA, or NaT (an empty timestamp: an open ticket's
    resolution, an ongoing event's end). NaT is an instance of datetime, so an isinstance
    check alone lets it through to code that asks it for its time (issue 16, point 5)."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, (str, bytes, bool, dt.date)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def column_label(name: str, lang: str) -> str:
    """The header for a canonical column: the ``col.<name>`` string when defined; a share
    column's header says ``(%)``, the unit its Finnish CSV and XLSX values are in."""
    key = f"col.{name}"
    label = t(key, lang) if has_string(key) else name
    if is_share(name) and "%" not in label:
        label = f"{label} (%)"
    return label


def _is_text(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)
                or pd.api.types.is_datetime64_any_dtype(series)) and not _is_date(series)


def _is_date(series: pd.Series) -> bool:
    sample = series.dropna()
    return len(sample) > 0 and isinstance(sample.iloc[0], dt.date) and not isinstance(
        sample.iloc[0], dt.datetime)


def midnight_only(series: pd.Series) -> bool:
    """A datetime column that holds dates (DuckDB DATE arrives as datetime64 at midnight)."""
    sample = series.dropna()
    return bool(len(sample)) and bool((sample.dt.normalize() == sample).all())


def _safe_text(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def _decimal_to_float(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            sample = out[col].dropna()
            if len(sample) and all(type(v).__name__ == "Decimal" for v in sample.iloc[:50]):
                out[col] = out[col].astype(float)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    out = _safe_text(_decimal_to_float(df))
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            as_date = midnight_only(out[col])
            out[col] = out[col].map(lambda v, d=as_date: "" if pd.isna(v) else
                                    (v.date().isoformat() if d else v.isoformat(sep=" ")))
    return out.to_csv(index=False, sep=",", decimal=".", lineterminator="\r\n").encode("utf-8")


def _fi_date(value: object) -> str:
    if missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return f"{value.day}.{value.month}.{value.year}"
        return f"{value.day}.{value.month}.{value.year} {value.hour}.{value.minute:02d}"
    return f"{value.day}.{value.month}.{value.year}"


def to_csv_fi(df: pd.DataFrame, lang: str = "fi") -> bytes:
    out = _safe_text(code_words(_decimal_to_float(df), lang))
    for col in out.columns:
        if is_share(col) and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = (out[col].astype(float) * 100).round(2)       # percent values, 2 decimals
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]) or _is_date(out[col]):
            out[col] = out[col].map(_fi_date)
    out.columns = [column_label(c, lang) for c in out.columns]
    text = out.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(df: pd.DataFrame, lang: str = "fi", sheet: str = "Raportti") -> bytes:
    import xlsxwriter

    out = code_words(_decimal_to_float(df), lang)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": "d.m.yyyy" if lang == "fi" else "yyyy-mm-dd"})
    dt_fmt = book.add_format({"num_format": "d.m.yyyy h:mm" if lang == "fi" else "yyyy-mm-dd hh:mm"})
    num_fmt = book.add_format({"num_format": "#,##0.00"})
    int_fmt = book.add_format({"num_format": "#,##0"})
    pct_fmt = book.add_format({"num_format": "0.0 %"})
    for j, col in enumerate(out.columns):
        ws.write_string(0, j, column_label(col, lang), bold)
        series = out[col]
        is_dt = pd.api.types.is_datetime64_any_dtype(series) and not midnight_only(series)
        is_date = _is_date(series) or (pd.api.types.is_datetime64_any_dtype(series) and not is_dt)
        is_int = pd.api.types.is_integer_dtype(series)
        is_num = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        for i, value in enumerate(series.tolist(), start=1):
            if missing(value):
                ws.write_blank(i, j, None)
            elif is_dt:
                ws.write_datetime(i, j, pd.Timestamp(value).to_pydatetime(), dt_fmt)
            elif is_date:
                day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
                ws.write_datetime(i, j, dt.datetime.combine(day, dt.time()), date_fmt)
            elif is_num:
                ws.write_number(i, j, float(value),
                                pct_fmt if is_share(col) else int_fmt if is_int else num_fmt)
            elif isinstance(value, bool):
                ws.write_boolean(i, j, value)
            else:
                ws.write_string(i, j, str(value))     # a typed string cell: never a formula
        ws.set_column(j, j, max(10, min(40, len(column_label(col, lang)) + 2)))
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def export_bytes(df: pd.DataFrame, fmt: str, lang: str = "fi") -> bytes:
    if fmt == "csv":
        return to_csv(df)
    if fmt == "csv-fi":
        return to_csv_fi(df, lang="fi")
    if fmt == "xlsx":
        return to_xlsx(df, lang=lang)
    if fmt == "parquet":
        return to_parquet(df)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# the two CSV variants must not download under one name (issue 14, point 10)
NAME_SUFFIX = {"csv-fi": "_fi"}


def file_name(report: str, fmt: str, parts: Iterable[str] = ()) -> str:
    """The file name of an export: the report, the parts (organisation, months), ``_fi`` for
    the Finnish Excel CSV, and the format's extension."""
    stem = "_".join([report, *[p for p in parts if p]])
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)
    return f"{safe}{NAME_SUFFIX.get(fmt, '')}.{EXTENSION[fmt]}"
