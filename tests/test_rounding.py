"""The one rounding rule (issue 15 part 1, issue 14 point 4; docs/reports.md, "The rounding
rule"): amounts are summed exactly as stored and rounded once, to the cent, half away from
zero. For every demo organisation and month the invoice's total, the home page, the cost
overview, costs-by-month, the drill-down's total, the invoice lines' total and the rows of
costs-by-cost-centre and costs-by-subscription (allocated by the largest remainder, so they add
up) are one number: the one this test computes from the raw charge rows with Python's Decimal.
The exports of the cost reports carry the same cents in every format. A file of sub-cent lines
(1,000 lines of 0,004 €) goes through the importer and comes out the same way."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database, write_transaction
from reporting.core.registry import run_report
from reporting.demo.generator import generate
from reporting.ingest.importer import ImportOptions, import_files
from reporting.publish.export import FORMATS, column_label, export_bytes

CENT = Decimal("0.01")
GOOD = Path(__file__).parent / "data" / "import" / "good"
HEADER = "Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Summa (alv 0 %)\n"
SUMMED = ("costs-by-month", "costs-by-cost-centre", "costs-by-subscription", "invoice-lines")


def once(values) -> Decimal:
    """The exact sum rounded once to the cent, half away from zero."""
    return sum(values, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def exact(x) -> Decimal:
    return Decimal(repr(float(x)))   # the demo's lines carry up to 4 decimals: repr is exact


def cents(x) -> Decimal:
    return Decimal(repr(float(x))).quantize(CENT)   # a reported figure (already to the cent)


def exported_amounts(data: bytes, fmt: str, lang: str = "fi") -> list[Decimal]:
    """The ``amount`` column of an export, read back as the format's reader sees it."""
    if fmt == "csv":
        return [Decimal(v) for v in pd.read_csv(io.BytesIO(data), dtype=str).amount]
    if fmt == "csv-fi":
        df = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, encoding="utf-8-sig")
        return [Decimal(v.replace(",", ".")) for v in df[column_label("amount", "fi")]]
    if fmt == "parquet":
        return [exact(v) for v in pd.read_parquet(io.BytesIO(data)).amount]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    j = header.index(column_label("amount", lang))
    return [exact(row[j]) for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def eur_lines(raw) -> pd.DataFrame:
    ch = raw("charges")
    ch = ch[ch.currency == "EUR"].copy()
    ch["exact"] = ch.amount.map(exact)
    ch["month"] = pd.to_datetime(ch.invoice_month).dt.date
    return ch


def figures(db: Database, scope: Scope, month: dt.date) -> dict[str, Decimal]:
    """Every place the month's total of the scope is shown or can be added up."""
    one = {"month_from": month, "month_to": month}
    by_month = run_report("costs-by-month", db, scope, **one)
    head = run_report("home-headline", db, scope, month=month).iloc[0]
    return {
        "home_headline": cents(head.cost_month),
        "cost_overview": cents(run_report("cost-overview", db, scope, month=month).amount.iloc[0]),
        "costs_by_month": cents(by_month.amount.iloc[0]),
        "drill_down_total": cents(run_report("cost-centre-kpis", db, scope, **one).amount.iloc[0]),
        "invoice_lines_total": cents(run_report("invoice-lines-kpis", db, scope, month=month).amount.iloc[0]),
        "invoice_lines_summed": once(exact(v) for v in run_report("invoice-lines", db, scope, month=month).amount),
        "by_centre_rows": sum((cents(v) for v in run_report("costs-by-cost-centre", db, scope, **one).amount),
                              Decimal(0)),
        "by_subscription_rows": sum((cents(v) for v in
                                     run_report("costs-by-subscription", db, scope, **one).amount), Decimal(0)),
        "centre_children_rows": sum((cents(v) for v in
                                     run_report("cost-centre-children", db, scope, **one).amount), Decimal(0)),
    }


def test_every_demo_organisation_and_month_is_one_number(demo_db, raw, eur_lines):
    invoices = raw("invoices")
    checked = 0
    for org, lines in eur_lines.groupby("org_id"):
        scope = Scope.organisation(org)
        for month, part in lines.groupby("month"):
            expected = once(part.exact)
            inv = invoices[(invoices.org_id == org) & (pd.to_datetime(invoices.invoice_month).dt.date == month)
                           & (invoices.currency == "EUR")]
            got = figures(demo_db, scope, month)
            got["invoice"] = once([exact(inv.total_amount.iloc[0])])
            assert got == dict.fromkeys(got, expected), (org, month)
            checked += 1
    assert checked >= 3 * 12


@pytest.fixture(scope="module")
def app_demo_path(tmp_path_factory) -> Path:
    """The demo as ``python -m reporting demo`` writes it (seed 1) in December 2026: the data
    issue 15 measured."""
    path = tmp_path_factory.mktemp("appdemo") / "demo.duckdb"
    with write_transaction(path, fresh=True) as con:
        generate(con, scale="small", seed=1, today=dt.date(2026, 12, 2))
    return path


@pytest.fixture(scope="module")
def app_demo(app_demo_path) -> Database:
    db = Database(app_demo_path)
    yield db
    db.close()


def test_pohjola_november_is_the_invoice_figure(app_demo):
    """The figure issue 15 names: 19 105,5273 € exactly, 19 105,53 € everywhere (per line
    rounded first, the cost page said 19 105,52 €)."""
    november = dt.date(2026, 11, 1)
    lines = app_demo.query("SELECT amount::VARCHAR AS a FROM charges WHERE org_id = 'pohjola' "
                           "AND invoice_month = $m AND currency = 'EUR'", {"m": november})
    assert sum((Decimal(a) for a in lines.a), Decimal(0)) == Decimal("19105.5273")
    got = figures(app_demo, Scope.organisation("pohjola"), november)
    invoice = app_demo.query("SELECT total_amount::VARCHAR AS t FROM invoices WHERE org_id = 'pohjola' "
                             "AND invoice_month = $m AND currency = 'EUR'", {"m": november}).t.iloc[0]
    got["invoice"] = once([Decimal(invoice)])
    assert got == dict.fromkeys(got, Decimal("19105.53"))
    for report in SUMMED:
        kw = {"month": november} if report == "invoice-lines" else {"month_from": november, "month_to": november}
        df = run_report(report, app_demo, Scope.organisation("pohjola"), **kw)
        for fmt in FORMATS:
            assert once(exported_amounts(export_bytes(df, fmt), fmt)) == Decimal("19105.53"), (report, fmt)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_pohjola_november_on_the_pages(app_demo_path, tmp_path, monkeypatch, lang):
    """The home page and the cost page show the invoice's 19 105,53 € (issue 15 saw
    19 105,52 € on one and the invoice's figure on the other)."""
    from tests.helpers import MAIN_USER, app_as, open_page

    monkeypatch.setenv("REPORTING_DB", str(app_demo_path))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    monkeypatch.delenv("REPORTING_DEMO", raising=False)
    shown = {"fi": "19\u00a0105,53\u00a0€", "en": "€19,105.53"}[lang]
    label = {"fi": ("Kustannukset (alv 0 %)", "Kustannukset (alv 0 %)"),
             "en": ("Costs (VAT 0%)", "Total cost (VAT 0%)")}[lang]
    at = app_as(MAIN_USER, lang=lang)
    for page_key, metric in zip(("home", "costs"), label, strict=True):
        at = open_page(at, page_key)
        assert not at.exception, page_key
        values = {m.label: m.value for m in at.metric}
        assert values[metric].replace("\u202f", "\u00a0") == shown, (page_key, values)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("report", SUMMED)
def test_every_cost_export_adds_up_to_the_invoice(demo_db, eur_lines, report, fmt):
    """Each organisation's first and latest month: the amount column of every
    export, added up as a spreadsheet would (exact values, then rounded once), is the invoice's
    figure; each row carries the report's own cents."""
    for org, lines in eur_lines.groupby("org_id"):
        for month in sorted({max(lines.month), min(lines.month)}):
            expected = once(lines[lines.month == month].exact)
            kw = {"month": month} if report == "invoice-lines" else {"month_from": month, "month_to": month}
            df = run_report(report, demo_db, Scope.organisation(org), **kw)
            for lang in (("fi", "en") if fmt == "xlsx" else ("fi",)):
                amounts = exported_amounts(export_bytes(df, fmt, lang), fmt, lang)
                assert len(amounts) == len(df)
                assert once(amounts) == expected, (org, month, report, fmt)
                if report != "invoice-lines":       # rows are figures to the cent
                    assert amounts == [cents(v) for v in df.amount]


@pytest.fixture(scope="module")
def sub_cent_db(tmp_path_factory) -> Path:
    """acme: 1,000 one-off lines of 0,004 € on S001 and three of 0,005 € on S002 in July 2026.
    Exactly 4,000 + 0,015 = 4,015 → 4,02 €; each line taken to the cent first would give
    0,00 + 0,03 = 0,03 €."""
    folder = tmp_path_factory.mktemp("subcent")
    rows = [f"2026-07;S001;kertamaksu;Pieni {i};0,004\n" for i in range(1000)]
    rows += [f"2026-07;S002;kertamaksu;Puolikas {i};0,005\n" for i in range(3)]
    charges = folder / "charges.csv"
    charges.write_text(HEADER + "".join(rows), encoding="utf-8")
    path = folder / "subcent.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTING_UPLOADS", str(folder / "uploads"))
        mp.setenv("REPORTING_STATE_DB", str(folder / "state.sqlite"))
        r = import_files(path, [(GOOD / n, n) for n in ("cost_centres.csv", "subscriptions.csv")]
                         + [(charges, "charges.csv")], ImportOptions("acme", "Acme Oy"))
    assert r.status == "loaded", r
    return path


def test_sub_cent_lines_are_summed_before_rounding(sub_cent_db):
    db = Database(sub_cent_db)
    try:
        scope, july = Scope.organisation("acme"), dt.date(2026, 7, 1)
        got = figures(db, scope, july)
        assert got == dict.fromkeys(got, Decimal("4.02"))
        by_sub = run_report("costs-by-subscription", db, scope, month_from=july, month_to=july)
        # largest remainder: S001 4,000 → 4,00 (remainder 0); S002 0,015 → 0,01 + the missing cent
        assert dict(zip(by_sub.subscription_id, by_sub.amount.map(cents), strict=True)) == {
            "S001": Decimal("4.00"), "S002": Decimal("0.02")}
        for report in SUMMED:
            kw = {"month": july} if report == "invoice-lines" else {"month_from": july, "month_to": july}
            df = run_report(report, db, scope, **kw)
            for fmt in FORMATS:
                assert once(exported_amounts(export_bytes(df, fmt), fmt)) == Decimal("4.02"), (report, fmt)
    finally:
        db.close()


def test_a_negative_half_cent_rounds_away_from_zero(sub_cent_db):
    """The rule for credits: -0,005 € is -0,01 € (half away from zero), like Python's
    ROUND_HALF_UP, in SQL as in the test."""
    assert once([Decimal("-0.005")]) == Decimal("-0.01")
    db = Database(sub_cent_db)
    try:
        got = db.query("SELECT round(-0.005::DECIMAL(38, 10), 2) AS r", {}).r.iloc[0]
    finally:
        db.close()
    assert cents(got) == Decimal("-0.01")


def test_the_screen_rounds_money_like_the_reports():
    """An invoice line as stored (0,005 €, 2,675 €) is shown to the cent half away from zero,
    in the table formatter and in fmt_money alike (Babel alone rounds half to even)."""
    from reporting.i18n import fmt_money
    from reporting.ui.tables import _fast_formatter

    for lang in ("fi", "en"):
        table = _fast_formatter("money", lang)
        for value, shown in ((0.005, "0,01"), (2.675, "2,68"), (-0.005, "-0,01"), (0.125, "0,13")):
            expected = fmt_money(Decimal(shown.replace(",", ".")), lang)
            assert fmt_money(value, lang) == expected == table(value), (value, lang)


def _values_sql(rows) -> str:
    """A VALUES table (currency, key, amount DECIMAL(38, 10)) of literal test rows."""
    body = ", ".join(f"('{c}', '{k}', {a}::DECIMAL(38, 10))" for c, k, a in rows)
    return f"SELECT * FROM (VALUES {body}) AS t(currency, k, amount)"


SPLIT_ROWS = [("EUR", "a", "-0.005"), ("EUR", "b", "-0.005"), ("EUR", "c", "-0.005"),
              ("USD", "x", "1.004"), ("USD", "y", "2.004"), ("USD", "z", "0.003"),
              ("SEK", "solo", "-2.675")]


def test_rows_that_split_a_total_share_its_cents_per_currency():
    """The largest remainder per billing currency (reporting.core.money.split_sql, the cloud
    tables' rule), credits included: EUR 3 × -0,005 = -0,015 → -0,02 (half away from zero),
    USD 3,011 → 3,01, SEK one row -2,675 → -2,68. Expected from the Python allocation of
    tests/test_cloud.py, never from the SQL."""
    import duckdb

    from reporting.core.money import allocated_sql, split_sql
    from tests.test_cloud import shares

    con = duckdb.connect()
    try:
        got = con.execute(split_sql(_values_sql(SPLIT_ROWS), ["amount"], "k", ["currency"],
                                    'currency, "_exact_amount" DESC, k')).fetchall()
        alone = con.execute(allocated_sql(_values_sql([("SEK", "solo", "-2.675")]), "k")).fetchall()
        plain = con.execute(allocated_sql(_values_sql([r for r in SPLIT_ROWS if r[0] == "EUR"]), "k")).fetchall()
    finally:
        con.close()
    expected = {}
    for currency in ("EUR", "USD", "SEK"):
        expected |= {(currency, k): v for k, v in
                     shares({k: Decimal(a) for c, k, a in SPLIT_ROWS if c == currency}).items()}
    assert {(c, k): a for c, k, a in got} == expected
    for currency in ("EUR", "USD", "SEK"):
        part = [Decimal(a) for c, _k, a in SPLIT_ROWS if c == currency]
        assert sum(a for c, _k, a in got if c == currency) == once(part), currency
    assert once([Decimal("-0.015")]) == Decimal("-0.02")
    assert [a for _c, _k, a in alone] == [Decimal("-2.68")]              # one row: rounded once
    assert sum(a for _c, _k, a in plain) == Decimal("-0.02")
