"""The importer's fast path (typed read straight from the CSV reader, set-based checks) must
give exactly what the detailed path gives, and hand every problem to the detailed path."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import reporting.ingest.importer as importer
from reporting.ingest import contract as K
from reporting.ingest import rules
from reporting.ingest.importer import ImportOptions, import_files
from tests.test_import import GOOD, GOOD_ORDER, TABLES, checksums, table

SUBS = [f"S{i:03d}" for i in range(1, 41)]


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))


def opts(**kw) -> ImportOptions:
    return ImportOptions(**{"org_id": "acme", "org_name": "Acme Oy", **kw})


@pytest.fixture
def fast_calls(monkeypatch) -> list[bool]:
    """Records what each fast check answered (True: the file loaded through the fast path)."""
    calls: list[bool] = []
    real = importer._fast_check

    def spy(*a, **kw):
        calls.append(real(*a, **kw))
        return calls[-1]

    monkeypatch.setattr(importer, "_fast_check", spy)
    return calls


def detailed_only(monkeypatch) -> None:
    monkeypatch.setattr(importer, "_fast_check", lambda *a, **kw: False)


def subscriptions_csv(folder: Path) -> Path:
    path = folder / "subs.csv"
    rows = ["Liittymätunnus;Palvelutyyppi;Avattu"] + [f"{s};puhe;1.1.2025" for s in SUBS]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def charges_csv(folder: Path, n: int, *, bad_row: int | None = None) -> Path:
    """n charge lines in Finnish style (3/2026 months, decimal commas, Finnish categories),
    subscriptions in random order, some lines without a subscription or quantity."""
    rnd = random.Random(7)
    cats = ["kuukausimaksu", "käyttö", "verkkovierailu", "kertamaksu", "alennus", "monthly_fee"]
    lines = ["Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %);Maa"]
    for i in range(n):
        month = f"{1 + i % 3}/2026"
        sub = "" if i % 50 == 0 else rnd.choice(SUBS)
        qty = "" if i % 7 == 0 else f"{rnd.randint(1, 900)},{rnd.randint(0, 99):02d}"
        amount = f"{rnd.randint(-5000, 90000) / 100:.2f}".replace(".", ",")
        country = "se" if i % 11 == 0 else ""
        lines.append(f"{month};{sub};{cats[i % len(cats)]};Rivi {i % 13};{qty};kpl;{amount};{country}")
    if bad_row is not None:     # file row numbers count the header as row 1
        parts = lines[bad_row - 1].split(";")
        parts[6] = "kaksi"
        lines[bad_row - 1] = ";".join(parts)
    path = folder / f"charges_{n}_{bad_row}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tables(db: Path) -> dict[str, pd.DataFrame]:
    return {t: table(db, t) for t in TABLES if t != "dataset_info"}


def test_good_dataset_takes_the_fast_path_and_matches_the_detailed_path(tmp_path, fast_calls, monkeypatch):
    fast_db = tmp_path / "fast.duckdb"
    result = import_files(fast_db, [(GOOD / n, n) for n in GOOD_ORDER], opts())
    assert result.status == "loaded"
    assert fast_calls == [True] * len(GOOD_ORDER)
    detailed_only(monkeypatch)
    slow_db = tmp_path / "slow.duckdb"
    assert import_files(slow_db, [(GOOD / n, n) for n in GOOD_ORDER], opts()).status == "loaded"
    want = tables(slow_db)
    for name, got in tables(fast_db).items():
        pd.testing.assert_frame_equal(got, want[name], obj=name)


def test_a_big_file_loads_fast_sorted_with_invoices_and_equal_to_the_detailed_path(tmp_path, fast_calls, monkeypatch):
    subs, charges = subscriptions_csv(tmp_path), charges_csv(tmp_path, 30_000)
    fast_db = tmp_path / "fast.duckdb"
    assert import_files(fast_db, [(subs, "subs.csv")], opts()).status == "loaded"
    slow_db = tmp_path / "slow.duckdb"
    shutil.copyfile(fast_db, slow_db)
    result = import_files(fast_db, [(charges, "charges.csv")], opts())
    assert result.status == "loaded" and result.rows_loaded == 30_000
    assert fast_calls[-1] is True
    detailed_only(monkeypatch)
    assert import_files(slow_db, [(charges, "charges.csv")], opts()).status == "loaded"
    want = tables(slow_db)
    for name, got in tables(fast_db).items():
        pd.testing.assert_frame_equal(got, want[name], obj=name)

    # independent expectations, from the file with pandas
    raw = pd.read_csv(charges, sep=";", dtype=str, keep_default_na=False)
    amounts = raw["Summa (alv 0 %)"].str.replace(",", ".").astype(float)
    months = raw["Laskutuskausi"].map(lambda v: pd.Timestamp(int(v[-4:]), int(v.split("/")[0]), 1))
    con = duckdb.connect(str(fast_db), read_only=True)
    try:
        inv = dict(con.execute("SELECT invoice_month, total_amount FROM invoices").fetchall())
        for month, total in amounts.groupby(months).sum().items():
            assert float(inv[month.date()]) == pytest.approx(total)
        # every line, as the reports see it, carries its month's invoice number
        assert con.execute("SELECT count(*) FROM scoped_charges('acme', true, [], true, []) c "
                           "JOIN invoices i USING (org_id, invoice_month, currency) "
                           "WHERE c.invoice_number = i.invoice_number").fetchall()[0][0] == 30_000
        # stored in month order (a report of a few months skips the others)
        ordered = con.execute(
            "SELECT bool_and(ok) FROM (SELECT invoice_month >= lag(invoice_month) OVER (ORDER BY rowid) "
            "OR row_number() OVER (ORDER BY rowid) = 1 AS ok FROM charges)").fetchall()[0][0]
        assert ordered
        # each line carries its subscription's cost centre, service type and plan
        assert con.execute("SELECT count(*) FROM charges c JOIN subscriptions s USING (org_id, subscription_id) "
                           "WHERE c.sub_cost_centre IS NOT DISTINCT FROM s.cost_centre "
                           "AND c.sub_service_type = s.service_type "
                           "AND c.sub_plan IS NOT DISTINCT FROM s.plan").fetchall()[0][0] == \
            (raw["Liittymätunnus"] != "").sum()
        assert con.execute("SELECT count(*) FROM charges WHERE country = 'SE'").fetchall()[0][0] == \
            sum(1 for i in range(30_000) if i % 11 == 0)
    finally:
        con.close()


def test_one_bad_row_deep_in_a_big_file_gets_the_detailed_message_and_changes_nothing(tmp_path, fast_calls):
    db = tmp_path / "live.duckdb"
    assert import_files(db, [(subscriptions_csv(tmp_path), "subs.csv")], opts()).status == "loaded"
    before_bytes = hashlib.sha256(db.read_bytes()).hexdigest()
    before = checksums(db)
    bad = charges_csv(tmp_path, 30_000, bad_row=25_001)
    result = import_files(db, [(bad, "charges.csv")], opts())
    assert fast_calls[-1] is False
    assert result.status == "rejected"
    problems = result.files[0].problems
    assert [(p.row, p.column, p.code) for p in problems] == [(25_001, "Summa (alv 0 %)", "number")]
    assert problems[0].message("en").startswith("charges.csv, row 25001, column Summa (alv 0 %): “kaksi”")
    assert result.rows_read == 30_000 and result.rows_rejected == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before_bytes
    assert checksums(db) == before


@pytest.mark.parametrize("name", ["unknown_subscription.csv", "duplicate_key.csv", "future_date.csv",
                                  "amount_too_large.csv", "too_few_fields.csv", "bad_month.csv"])
def test_cross_row_and_structural_problems_send_the_file_to_the_detailed_path(tmp_path, fast_calls, name):
    from tests.test_import import BAD, load_good

    db = tmp_path / "live.duckdb"
    assert load_good(db).status == "loaded"
    fast_calls.clear()
    result = import_files(db, [(BAD / name, name)], opts())
    assert fast_calls == [False]
    assert result.status == "rejected" and result.files[0].problems


def test_every_converter_gives_null_for_an_empty_cell_except_country():
    """The fast path reads "required cell empty or unparseable" as "typed value is NULL"."""
    from reporting.core.identifiers import register_sql_functions
    from reporting.core.sqlfiles import load_sql

    con = duckdb.connect()
    con.execute(load_sql("ingest/import_macros"))
    register_sql_functions(con)
    params = {"num_mode": "auto", "date_fmt": None}
    seen = set()
    for spec in K.KINDS.values():
        for col in spec.columns:
            if col.type in seen:
                continue
            seen.add(col.type)
            p = dict(params)
            expr, _, _ = rules.conv(col, "v", p)
            sql = f"SELECT list({expr}) FROM (SELECT unnest(['', '   ', NULL]) AS v)"
            values = con.execute(sql, rules.used(sql, p)).fetchall()[0][0]
            if col.type == K.COUNTRY:
                assert values == ["FI", "FI", "FI"]
            else:
                assert values == [None, None, None], col.type
    assert seen >= {K.TEXT, K.DECIMAL, K.INT, K.DATE, K.MONTH, K.TIMESTAMP, K.ENUM, K.PHONE, K.COUNTRY}
    assert not any(c.required and c.type == K.COUNTRY for s in K.KINDS.values() for c in s.columns)


def test_reimporting_one_month_rebuilds_only_that_months_invoice(tmp_path):
    from tests.test_import import load_good

    db = tmp_path / "live.duckdb"
    assert load_good(db).status == "loaded"
    before = table(db, "invoices").set_index("invoice_month")
    feb = tmp_path / "feb.csv"
    feb.write_text("Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)\n"
                   "2/2026;S001;kuukausimaksu;Korjattu;1;kk;25,00\n", encoding="utf-8")
    assert import_files(db, [(feb, "feb.csv")], opts()).status == "loaded"
    after = table(db, "invoices").set_index("invoice_month")
    feb_month = pd.Timestamp("2026-02-01")
    assert after.loc[feb_month, "total_amount"] == 25.0
    pd.testing.assert_frame_equal(after.drop(index=feb_month), before.drop(index=feb_month))
    assert (after.invoice_number == "ACME-" + after.index.strftime("%Y%m")).all()
