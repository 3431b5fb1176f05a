"""Exports of report tables: Finnish Excel CSV, international CSV, XLSX and Parquet.

* ``csv-fi``: UTF-8 with BOM, ``;`` separator, decimal comma, dates d.m.yyyy, Finnish headers.
* ``csv``: UTF-8, ``,`` separator, decimal point, ISO dates, canonical snake_case headers
  (documented in docs/reports.md).
* ``xlsx``: one sheet, headers in the chosen language, real numbers and dates with formats.
* ``parquet``: typed columns, canonical headers.

Text cells are neutralised against formula injection as OWASP describes: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe. Numbers
stay numbers, negative ones included, because numeric columns are never treated as text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import pandas as pd

from reporting.i18n import has_string, t

FORMATS = ("csv", "csv-fi", "xlsx", "parquet")
MIME = {
    "csv": "text/csv",
    "csv-fi": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
EXTENSION = {"csv": "csv", "csv-fi": "csv", "xlsx": "xlsx", "parquet": "parquet"}
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def column_label(name: str, lang: str) -> str:
    """The header for a canonical column: the ``col.<name>`` string when defined."""
    key = f"col.{name}"
    return t(key, lang) if has_string(key) else name


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
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return f"{value.day}.{value.month}.{value.year}"
        return f"{value.day}.{value.month}.{value.year} {value.hour}.{value.minute:02d}"
    return f"{value.day}.{value.month}.{value.year}"


def to_csv_fi(df: pd.DataFrame, lang: str = "fi") -> bytes:
    out = _safe_text(_decimal_to_float(df))
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]) or _is_date(out[col]):
            out[col] = out[col].map(_fi_date)
    out.columns = [column_label(c, lang) for c in out.columns]
    text = out.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(df: pd.DataFrame, lang: str = "fi", sheet: str = "Raportti") -> bytes:
    import xlsxwriter

    out = _decimal_to_float(df)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": "d.m.yyyy" if lang == "fi" else "yyyy-mm-dd"})
    dt_fmt = book.add_format({"num_format": "d.m.yyyy h:mm" if lang == "fi" else "yyyy-mm-dd hh:mm"})
    num_fmt = book.add_format({"num_format": "#,##0.00"})
    int_fmt = book.add_format({"num_format": "#,##0"})
    for j, col in enumerate(out.columns):
        ws.write_string(0, j, column_label(col, lang), bold)
        series = out[col]
        is_dt = pd.api.types.is_datetime64_any_dtype(series) and not midnight_only(series)
        is_date = _is_date(series) or (pd.api.types.is_datetime64_any_dtype(series) and not is_dt)
        is_int = pd.api.types.is_integer_dtype(series)
        is_num = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        for i, value in enumerate(series.tolist(), start=1):
            if value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value)):
                ws.write_blank(i, j, None)
            elif is_dt:
                ws.write_datetime(i, j, pd.Timestamp(value).to_pydatetime(), dt_fmt)
            elif is_date:
                day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
                ws.write_datetime(i, j, dt.datetime.combine(day, dt.time()), date_fmt)
            elif is_num:
                ws.write_number(i, j, float(value), int_fmt if is_int else num_fmt)
            elif isinstance(value, bool):
                ws.write_boolean(i, j, value)
            else:
                ws.write_string(i, j, str(neutralise(str(value))))
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


def file_name(report: str, fmt: str, parts: Iterable[str] = ()) -> str:
    stem = "_".join([report, *[p for p in parts if p]])
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)
    return f"{safe}.{EXTENSION[fmt]}"
