"""Exports of the cost reports: Finnish Excel CSV, international CSV, XLSX; the formula guard;
and the CLI giving the same figures as the report function."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.cli import main
from reporting.core.db import Database, write_transaction
from reporting.core.registry import all_reports, run_report
from reporting.costs.reports import BY_MONTH_COLUMNS
from reporting.i18n import t
from reporting.publish.export import export_bytes

ORG = "pohjola"
REQUIRED = ["costs-by-month", "costs-by-cost-centre", "costs-by-subscription", "invoice-lines",
            "usage-by-subscription", "cost-deviations"]


@pytest.fixture(scope="module")
def by_month(demo_db) -> pd.DataFrame:
    return run_report("costs-by-month", demo_db, Scope.organisation(ORG),
                      month_from=dt.date(2026, 1, 1), month_to=dt.date(2026, 3, 1))


def test_finnish_excel_csv(by_month):
    data = export_bytes(by_month, "csv-fi")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]
    assert header.split(";")[:3] == ["Kuukausi", "Kuukausimaksut", "Käyttö"]
    cells = first.split(";")
    assert cells[0] == "1.1.2026"
    assert cells[BY_MONTH_COLUMNS.index("amount")] == f"{by_month.amount.iloc[0]:.2f}".replace(".", ",")
    discount = cells[BY_MONTH_COLUMNS.index("discount")]
    assert discount.startswith("-") and "," in discount and not discount.startswith("'")


def test_international_csv_has_canonical_headers(by_month):
    text = export_bytes(by_month, "csv").decode("utf-8")
    assert not text.startswith("\ufeff")
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == BY_MONTH_COLUMNS
    assert list(back.month) == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert back.amount.tolist() == pytest.approx(by_month.amount.tolist())
    assert (back.discount < 0).all()


def test_xlsx_numbers_stay_numbers(by_month):
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(by_month, "xlsx", "en")))
    ws = book.active
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["Month", "Monthly fees"]
    row = [c.value for c in ws[2]]
    assert row[0] == dt.datetime(2026, 1, 1)
    discount = row[BY_MONTH_COLUMNS.index("discount")]
    assert isinstance(discount, float) and discount < 0
    assert row[BY_MONTH_COLUMNS.index("amount")] == pytest.approx(by_month.amount.iloc[0])


DANGEROUS = ["=1+1", "+41 79 000", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_formula_guard_in_csv_typed_strings_in_xlsx():
    df = pd.DataFrame({"description": DANGEROUS + ["Puhelin"],
                       "amount": [-1.5, -2.0, 3.25, -4.0, 5.0, -6.75, 7.0]})
    csv = pd.read_csv(io.BytesIO(export_bytes(df, "csv")), keep_default_na=False)
    assert csv.description.tolist() == ["'" + v for v in DANGEROUS] + ["Puhelin"]
    assert csv.amount.tolist() == [-1.5, -2.0, 3.25, -4.0, 5.0, -6.75, 7.0]
    fi = export_bytes(df, "csv-fi").decode("utf-8-sig").split("\r\n")
    assert fi[1] == "'=1+1;-1,5"
    assert fi[3].startswith("'-2+3;3,25")
    ws = openpyxl.load_workbook(io.BytesIO(export_bytes(df, "xlsx"))).active
    # (XLSX stores a carriage return as the escape _x000D_)
    texts = [ws.cell(row=i, column=1).value.replace("_x000D_", "\r") for i in range(2, 9)]
    numbers = [ws.cell(row=i, column=2).value for i in range(2, 9)]
    # XLSX: typed string cells, exactly the text (no apostrophe), never a formula
    assert texts == DANGEROUS + ["Puhelin"]
    assert numbers == [-1.5, -2.0, 3.25, -4.0, 5.0, -6.75, 7.0]
    assert all(ws.cell(row=i, column=1).data_type == "s" for i in range(2, 9))


def test_required_reports_are_registered_and_listed(capsys):
    specs = all_reports()
    for name in REQUIRED:
        assert name in specs and specs[name].exportable
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    for name in REQUIRED:
        assert name in out


def test_cli_export_equals_report_function(demo_path, demo_db, tmp_path):
    out = tmp_path / "cc.csv"
    rc = main(["export", "costs-by-cost-centre", "--org", ORG, "--from", "2026-01", "--to", "2026-03",
               "--cost-centre", "1000", "--format", "csv", "--out", str(out), "--db", str(demo_path)])
    assert rc == 0
    got = pd.read_csv(out, dtype={"cost_centre": str, "parent_cost_centre": str})
    expected = run_report("costs-by-cost-centre", demo_db, Scope.organisation(ORG),
                          month_from=dt.date(2026, 1, 1), month_to=dt.date(2026, 3, 1), cost_centres=("1000",))
    assert list(got.cost_centre) == list(expected.cost_centre)
    assert got.amount.tolist() == pytest.approx(expected.amount.tolist())
    assert set(got.cost_centre) <= {"1000", "1100", "1200", "1300", "1400"}


def test_cli_exports_every_required_report(demo_path, tmp_path):
    for name in REQUIRED:
        for fmt in ("csv", "csv-fi", "xlsx"):
            out = tmp_path / f"{name}.{fmt}"
            assert main(["export", name, "--org", ORG, "--format", fmt, "--out", str(out),
                         "--db", str(demo_path)]) == 0, (name, fmt)
            assert out.stat().st_size > 100, (name, fmt)


def test_malicious_invoice_text_is_neutralised_end_to_end(tmp_path):
    path = tmp_path / "evil.duckdb"
    with write_transaction(path, fresh=True) as con:
        con.execute("INSERT INTO organisations VALUES ('evil', 'Evil Oy', '1234567-1', NULL)")
        con.execute("INSERT INTO subscriptions (org_id, subscription_id, user_name, service_type, opened_on) "
                    "VALUES ('evil', 'S1', '=cmd|'' /C calc''!A0', 'mobile_voice', DATE '2025-01-01')")
        con.execute("INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, amount) "
                    "VALUES ('evil', DATE '2026-01-01', 'S1', 'discount', '@HYPERLINK(\"x\")', -12.5)")
    db = Database(path)
    try:
        lines = run_report("invoice-lines", db, Scope.organisation("evil"))
    finally:
        db.close()
    back = pd.read_csv(io.BytesIO(export_bytes(lines, "csv")))
    assert back.description.iloc[0] == "'@HYPERLINK(\"x\")"
    assert back.user_name.iloc[0].startswith("'=")
    assert back.amount.iloc[0] == -12.5


def test_xlsx_phone_numbers_stay_as_typed_for_lookups(tmp_path):
    """A phone number in E.164 starts with '+': the CSVs guard it, the XLSX keeps it exactly,
    as a string cell, so a lookup against the number finds it (issue 14, point 10)."""
    df = pd.DataFrame({"phone_number": ["+358401234567", "=HYPERLINK(\"http://x\")"], "amount": [1.0, 2.0]})
    ws = openpyxl.load_workbook(io.BytesIO(export_bytes(df, "xlsx"))).active
    assert [ws.cell(row=i, column=1).value for i in (2, 3)] == ["+358401234567", '=HYPERLINK("http://x")']
    assert [ws.cell(row=i, column=1).data_type for i in (2, 3)] == ["s", "s"]
    path = tmp_path / "x.xlsx"
    path.write_bytes(export_bytes(df, "xlsx"))
    import zipfile
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet                                   # no formula anywhere
    assert pd.read_csv(io.BytesIO(export_bytes(df, "csv"))).phone_number.iloc[0] == "'+358401234567"


def test_shares_are_percent_values_with_a_percent_unit():
    """-0,6189 under "Muutos (%)" was a fraction under a percent header: the Finnish CSV has
    -61,89 under "Muutos (%)"; the XLSX a percent cell (the fraction with a % format, shown
    -61,9 %); the international CSV and Parquet keep the documented share."""
    df = pd.DataFrame({"entity": ["A", "B"], "change_share": [-0.6189, 1.5],
                       "change_prev_month": [0.125, None], "amount": [10.0, 20.0]})
    fi = pd.read_csv(io.BytesIO(export_bytes(df, "csv-fi")), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(fi.columns) == ["entity", "Muutos (%)", "Muutos edelliseen kuukauteen (%)", "Summa (alv 0 %)"]
    assert fi["Muutos (%)"].tolist() == [-61.89, 150.0]
    assert fi["Muutos edelliseen kuukauteen (%)"].iloc[0] == 12.5
    ws = openpyxl.load_workbook(io.BytesIO(export_bytes(df, "xlsx", "en"))).active
    assert [c.value for c in ws[1]][1:3] == ["Change (%)", "Change on previous month (%)"]
    assert ws.cell(row=2, column=2).value == pytest.approx(-0.6189)
    assert "%" in ws.cell(row=2, column=2).number_format
    assert "%" not in ws.cell(row=2, column=4).number_format
    assert pd.read_csv(io.BytesIO(export_bytes(df, "csv"))).change_share.tolist() == [-0.6189, 1.5]
    assert pd.read_parquet(io.BytesIO(export_bytes(df, "parquet"))).change_share.tolist() == [-0.6189, 1.5]


def test_codes_are_words_in_the_finnish_csv_and_the_xlsx():
    df = pd.DataFrame({"category": ["one_time", "roaming"], "service_type": ["mobile_voice", None],
                       "status": ["in_progress", "major_outage"], "amount": [1.0, 2.0]})
    fi = pd.read_csv(io.BytesIO(export_bytes(df, "csv-fi")), sep=";", dtype=str, keep_default_na=False,
                     encoding="utf-8-sig")
    assert fi.iloc[:, 0].tolist() == [t("category.one_time", "fi"), t("category.roaming", "fi")]
    assert fi.iloc[:, 1].tolist() == [t("service_type.mobile_voice", "fi"), ""]
    assert fi.iloc[:, 2].tolist() == [t("ticket_status.in_progress", "fi"), t("status.major_outage", "fi")]
    for lang in ("fi", "en"):
        ws = openpyxl.load_workbook(io.BytesIO(export_bytes(df, "xlsx", lang))).active
        assert ws.cell(row=2, column=1).value == t("category.one_time", lang)
        assert ws.cell(row=2, column=2).value == t("service_type.mobile_voice", lang)
    assert t("category.one_time", "fi") != "one_time" != t("category.one_time", "en")
    for fmt in ("csv", "parquet"):
        data = export_bytes(df, fmt)
        back = pd.read_csv(io.BytesIO(data)) if fmt == "csv" else pd.read_parquet(io.BytesIO(data))
        assert back.category.tolist() == ["one_time", "roaming"]
