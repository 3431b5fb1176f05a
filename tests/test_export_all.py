"""Every registered report in every export format (issue 16, point 5): an organisation with
open support requests and ongoing events has empty timestamps (NaT: no resolution yet, no end
yet), which crashed the Finnish CSV and the XLSX. Each file must open in its reader with the
report's rows, and an empty timestamp is an empty cell."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.registry import all_reports
from reporting.publish.export import FORMATS, column_label, export_bytes

ORG = "pohjola"
EXPORTABLE = sorted(name for name, spec in all_reports().items() if spec.exportable)


def read_back(data: bytes, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    if fmt == "csv-fi":
        assert data.startswith("\ufeff".encode())
        return pd.read_csv(io.BytesIO(data), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if fmt == "parquet":
        return pd.read_parquet(io.BytesIO(data))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.fixture(scope="module")
def reports(demo_db) -> dict[str, pd.DataFrame]:
    scope = Scope.organisation(ORG)
    return {name: all_reports()[name].func(demo_db, scope) for name in EXPORTABLE}


def test_the_organisation_has_empty_timestamps(reports):
    """The precondition: open requests and ongoing events are in the data."""
    assert reports["tickets"].resolved_at.isna().any()
    assert (reports["status-incidents"].phase == "ongoing").any()
    assert reports["status-incidents"].ends_at.isna().any()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXPORTABLE)
def test_every_report_in_every_format_opens_with_its_rows(reports, name, fmt):
    df = reports[name]
    for lang in (("fi", "en") if fmt == "xlsx" else ("fi",)):     # only XLSX headers follow lang
        back = read_back(export_bytes(df, fmt, lang), fmt)
        assert len(back) == len(df), (name, fmt, lang)
        assert len(back.columns) == len(df.columns)
        for col in df.columns:
            if not pd.api.types.is_datetime64_any_dtype(df[col]) or not df[col].isna().any():
                continue
            label = col if fmt in ("csv", "parquet") else column_label(col, "fi" if fmt == "csv-fi" else lang)
            empty = back[label][df[col].isna().to_numpy()]
            assert all(v is None or v == "" or pd.isna(v) for v in empty), (name, fmt, col)


def test_the_service_pages_downloads_open_in_every_format(app_env, monkeypatch):
    """The status, SLA and service pages' download buttons (issue 16, point 5: the XLSX and
    Finnish CSV buttons gave nothing): every table a page offers for download, with the open
    requests' and ongoing events' empty timestamps, makes a file in each of the page's formats
    that opens with the table's rows."""
    import reporting.ui.tables as tables
    from tests.helpers import MAIN_USER, app_as, open_page

    offered: list[tuple[str, str, pd.DataFrame]] = []
    original = tables.download_buttons

    def recording(df, *, lang, key, report, parts=()):
        offered.append((report, lang, df))
        return original(df, lang=lang, key=key, report=report, parts=parts)

    monkeypatch.setattr(tables, "download_buttons", recording)
    at = app_as(MAIN_USER)
    for page_key in ("status", "sla", "service"):
        at = open_page(at, page_key)
        assert not at.exception, (page_key, at.exception)
    reports = {report for report, _lang, _df in offered}
    # the status page's timeline (issue 14.6) is what it offers for its events now
    assert {"status-overview", "status-timeline", "tickets"} <= reports
    with_empty_timestamps = 0
    for report, lang, df in offered:
        empty = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c]) and df[c].isna().any()]
        with_empty_timestamps += bool(empty)
        for fmt in ("csv-fi", "csv", "xlsx"):                    # the page's three buttons
            back = read_back(export_bytes(df, fmt, lang), fmt)
            assert len(back) == len(df), (report, fmt)
            for col in empty:
                label = col if fmt == "csv" else column_label(col, "fi" if fmt == "csv-fi" else lang)
                cells = back[label][df[col].isna().to_numpy()]
                assert all(v is None or v == "" or pd.isna(v) for v in cells), (report, fmt, col)
    assert with_empty_timestamps >= 2      # ongoing events' ends and open requests' resolutions
