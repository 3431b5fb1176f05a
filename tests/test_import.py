"""The importer: bad files change nothing, format variants give identical tables, re-imports
are idempotent, FOCUS facts, the CLI."""

from __future__ import annotations

import hashlib
import io
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting.ingest.importer import ImportOptions, import_files
from reporting.ingest.readers import ReadOptions
from tests.data.make_bad_files import GENERATED, write_all

DATA = Path(__file__).parent / "data" / "import"
GOOD = DATA / "good"
BAD = DATA / "bad"
TABLES = ("organisations", "cost_centres", "plans", "org_plans", "subscriptions", "charges", "cloud_charges", "usage_daily",
          "usage_monthly", "invoices", "services", "service_events", "tickets", "dataset_info")
GOOD_ORDER = ("cost_centres.csv", "subscriptions.csv", "charges.csv", "usage.csv")


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))


def opts(**kw) -> ImportOptions:
    base = {"org_id": "acme", "org_name": "Acme Oy"}
    base.update(kw)
    return ImportOptions(**base)


def load_good(db: Path, folder: Path = GOOD, names=GOOD_ORDER, **kw):
    return import_files(db, [(folder / n, n) for n in names], opts(**kw))


def checksums(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*), coalesce(sum(hash(x)), 0) FROM {t} x").fetchall()[0]
                for t in TABLES}
    finally:
        con.close()


def table(db: Path, name: str, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        df = con.execute(f"SELECT * FROM {name}").df()
    finally:
        con.close()
    df = df.drop(columns=list(exclude))
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(str)
        elif df[c].dtype == object and df[c].map(lambda v: isinstance(v, Decimal)).any():
            df[c] = df[c].map(lambda v: None if v is None else float(v)).astype("float64")
    return df.sort_values(list(df.columns)).reset_index(drop=True) if len(df) else df


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("base") / "base.duckdb"
    result = load_good(path)
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    return path


# -- the good data set ---------------------------------------------------------------------------

def test_good_dataset_loads_with_expected_values(base_db):
    subs = table(base_db, "subscriptions").set_index("subscription_id")
    assert subs.loc["S001", "phone_number"] == "+358401234567"
    assert subs.loc["S002", "phone_number"] == "+358507654321"
    assert subs.loc["S003", "phone_number"] == "+358451112233"
    assert subs.loc["S001", "user_name"] == "Äijälä Päivi"
    assert subs.loc["S003", "service_type"] == "mobile_broadband"
    assert subs.loc["S003", "closed_on"] == pd.Timestamp("2026-02-28")
    # the file's new plans are the organisation's own, not the operator's catalogue (issue 16, 2)
    assert table(base_db, "plans").empty
    plans = table(base_db, "org_plans").set_index("plan")
    assert set(plans.org_id) == {"acme"}
    assert plans.loc["Testi Perus 10 Gt", "monthly_fee"] == pytest.approx(19.90)
    assert plans.loc["Testi Laajakaista", "data_gb"] is None or pd.isna(plans.loc["Testi Laajakaista", "data_gb"])
    charges = table(base_db, "charges")
    assert len(charges) == 8
    jan = charges[charges.invoice_month == pd.Timestamp("2026-01-01")]
    assert jan.amount.sum() == pytest.approx(19.90 * 2 + 29.90 + 1234.56 - 12.50)
    assert set(charges.category) == {"monthly_fee", "roaming", "one_time", "discount", "usage"}
    inv = table(base_db, "invoices").set_index("invoice_month")
    assert inv.loc[pd.Timestamp("2026-02-01"), "total_amount"] == pytest.approx(19.90 + 449.00 + 5.00)
    usage = table(base_db, "usage_daily")
    assert usage.quantity.sum() == pytest.approx(12.5 + 1024.25 + 300 + 3 + 0.5)
    assert set(usage.country) == {"FI", "SE"}
    monthly = table(base_db, "usage_monthly")
    assert len(monthly) == 5 and monthly.quantity.sum() == pytest.approx(usage.quantity.sum())
    cc = table(base_db, "cost_centres").set_index("code")
    assert cc.loc["1100", "parent_code"] == "1000" and cc.loc["1100", "name"] == "Talous ja €-laskenta"


def test_reimport_is_idempotent(base_db, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copyfile(base_db, db)
    before = checksums(db)
    result = load_good(db)
    assert result.status == "loaded"
    after = checksums(db)
    for t in TABLES:
        if t != "dataset_info":       # last_import is stamped
            assert after[t] == before[t], t


def test_reimport_replaces_only_the_months_in_the_file(base_db, tmp_path):
    db = tmp_path / "replace.duckdb"
    shutil.copyfile(base_db, db)
    feb = tmp_path / "feb.csv"
    feb.write_text("Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)\n"
                   "2/2026;S001;kuukausimaksu;Korjattu;1;kk;25,00\n", encoding="utf-8")
    assert import_files(db, [(feb, "feb.csv")], opts()).status == "loaded"
    charges = table(db, "charges")
    assert list(charges[charges.invoice_month == pd.Timestamp("2026-02-01")].amount) == [25.00]
    assert len(charges[charges.invoice_month == pd.Timestamp("2026-01-01")]) == 5
    inv = table(db, "invoices").set_index("invoice_month")
    assert inv.loc[pd.Timestamp("2026-02-01"), "total_amount"] == 25.00


# -- format variants -----------------------------------------------------------------------------

def _variant(tmp: Path, *, encoding="utf-8", delimiter=";", decimal=",", date="iso", newline="\n",
             bom=False) -> Path:
    folder = tmp / ("v_" + hashlib.sha1(repr((encoding, delimiter, decimal, date, newline, bom)).encode()).hexdigest()[:10])
    folder.mkdir()
    for name in GOOD_ORDER:
        df = pd.read_csv(GOOD / name, sep=";", dtype=str, keep_default_na=False)
        for col in df.columns:
            values = df[col]
            if col in ("Avattu", "Suljettu", "Päivä"):
                d = pd.to_datetime(values.where(values != ""), format="%Y-%m-%d")
                if date == "fi":
                    values = d.map(lambda v: "" if pd.isna(v) else f"{v.day}.{v.month}.{v.year}")
                elif date == "fi0":
                    values = d.map(lambda v: "" if pd.isna(v) else v.strftime("%d.%m.%Y"))
            elif col == "Laskutuskausi" and date != "iso":
                values = values.map(lambda v: f"{int(v[5:])}/{v[:4]}")
            elif decimal == "." and col in ("Kuukausimaksu", "Määrä", "Summa (alv 0 %)", "Datakiintiö (Gt)"):
                values = values.str.replace(" ", "").str.replace(",", ".")
            elif decimal == ",nbsp" and col == "Summa (alv 0 %)":
                values = values.str.replace(" ", "\u00a0")
            df[col] = values
        if newline == "mixed":      # CRLF and LF on alternate lines, as an edited file ends up
            lines = df.to_csv(sep=delimiter, index=False, lineterminator="\n").split("\n")
            text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1]))
        else:
            text = df.to_csv(sep=delimiter, index=False, lineterminator=newline)
        data = text.encode(encoding)
        if bom:
            data = "\ufeff".encode(encoding) + data
        (folder / name).write_bytes(data)
    return folder


VARIANTS = [   # together: every encoding, delimiter, decimal style, date style and line ending
    {"encoding": "utf-8", "bom": True, "newline": "\r\n", "delimiter": ",", "decimal": ".", "date": "fi"},
    {"encoding": "utf-16", "delimiter": "\t", "decimal": ",nbsp", "date": "fi0", "newline": "\r"},
    {"encoding": "cp1252", "newline": "\r\n"},
    {"encoding": "iso-8859-15", "delimiter": "\t", "date": "fi", "newline": "\r"},   # Latin-1 with €: declared
    {"newline": "mixed"},                                          # UTF-8, CRLF and LF mixed
    {"encoding": "cp1252", "newline": "mixed"},
    {"newline": "\r"},                                             # UTF-8, old Mac line ends
    {"encoding": "utf-16-le", "delimiter": "\t"},                   # UTF-16 without a BOM: detected
    {"encoding": "utf-16-be", "read": "utf-16"},                    # ... and declared
    {"encoding": "utf-16-le", "newline": "\r\n", "read": "utf-16"},
]


def test_variants_import_to_identical_tables(base_db, tmp_path):
    expected = {t: table(base_db, t) for t in TABLES if t != "dataset_info"}
    for variant in VARIANTS:
        variant = dict(variant)
        declared = variant.pop("read", None)
        folder = _variant(tmp_path, **variant)
        db = tmp_path / f"{folder.name}.duckdb"
        read = ReadOptions(encoding="iso-8859-15") if variant.get("encoding") == "iso-8859-15" else ReadOptions()
        if declared:
            read = ReadOptions(encoding=declared)
        result = load_good(db, folder, read=read)
        assert result.status == "loaded", (variant, [p.message() for f in result.files for p in f.problems])
        for t, want in expected.items():
            pd.testing.assert_frame_equal(table(db, t), want, obj=f"{t} {variant}")


def test_latin1_without_declaration_reads_finnish_letters(tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes("Koodi;Nimi;Ylempi\r\n1000;Äänekoski Öljy Åbo;\r\n".encode("latin-1"))
    db = tmp_path / "l1.duckdb"
    assert import_files(db, [(f, "latin1.csv")], opts()).status == "loaded"
    assert list(table(db, "cost_centres").name) == ["Äänekoski Öljy Åbo"]


def test_xlsx_and_parquet_import_to_identical_tables(base_db, tmp_path):
    folder = tmp_path / "xp"
    folder.mkdir()
    names = []
    for i, name in enumerate(GOOD_ORDER):
        df = pd.read_csv(GOOD / name, sep=";", dtype=str, keep_default_na=False)
        if i % 2 == 0:
            out = folder / name.replace(".csv", ".xlsx")
            for col in ("Avattu", "Suljettu"):
                if col in df:
                    df[col] = pd.to_datetime(df[col].where(df[col] != ""))   # real Excel dates
            df.to_excel(out, index=False, sheet_name="Tiedot")
        else:
            out = folder / name.replace(".csv", ".parquet")
            df.to_parquet(out, index=False)
        names.append(out.name)
    db = tmp_path / "xp.duckdb"
    result = load_good(db, folder, names)
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    for t in TABLES:
        if t != "dataset_info":
            pd.testing.assert_frame_equal(table(db, t), table(base_db, t), obj=t)


def test_xlsx_sheet_option(tmp_path, base_db):
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path) as w:
        pd.DataFrame({"x": [1]}).to_excel(w, sheet_name="Ohje", index=False)
        pd.read_csv(GOOD / "cost_centres.csv", sep=";", dtype=str).to_excel(w, sheet_name="Paikat", index=False)
    db = tmp_path / "s.duckdb"
    r = import_files(db, [(path, "two.xlsx")], opts(read=ReadOptions(sheet="Paikat")))
    assert r.status == "loaded" and r.files[0].kind == "cost_centres"
    r = import_files(db, [(path, "two.xlsx")], opts(read=ReadOptions(sheet="Puuttuu")))
    assert r.status == "rejected" and r.files[0].problems[0].code == "no_sheet"


# -- the bad-file corpus -------------------------------------------------------------------------

# file, reader options, expected code, row (None: whole file), column header in the message
CORPUS = [
    ("empty.csv", {}, "empty", None, ""),
    ("header_only.csv", {}, "header_only", 2, ""),
    ("missing_column.csv", {}, "missing_column", 1, "amount"),
    ("duplicate_header.csv", {}, "duplicate_header", 1, "Selite"),
    ("too_few_fields.csv", {}, "too_few", 3, ""),
    ("too_many_fields.csv", {}, "too_many", 4, ""),
    ("stray_quote.csv", {}, "quote", 3, "Selite"),
    ("nul_byte.csv", {}, "nul", 3, ""),
    ("bad_utf8.csv", {"encoding": "utf-8"}, "encoding", 3, ""),
    ("wrong_type.csv", {}, "number", 3, "Summa (alv 0 %)"),
    ("bad_number.csv", {}, "number", 4, "Määrä"),
    ("bad_month.csv", {}, "month", 2, "Laskutuskausi"),
    ("bad_date.csv", {}, "date", 2, "Päivä"),
    ("bad_enum.csv", {}, "enum", 3, "Veloituslaji"),
    ("duplicate_key.csv", {}, "duplicate", 3, "Liittymätunnus"),
    ("duplicate_cost_centre.csv", {}, "duplicate", 3, "Koodi"),
    ("unknown_subscription.csv", {}, "unknown_subscription", 3, "Liittymätunnus"),
    ("unknown_cost_centre.csv", {}, "unknown_cost_centre", 2, "Kustannuspaikka"),
    ("negative_usage.csv", {}, "negative", 2, "Määrä"),
    ("amount_too_large.csv", {}, "too_large", 2, "Summa (alv 0 %)"),
    ("future_date.csv", {}, "future", 3, "Päivä"),
    ("bad_phone.csv", {}, "phone", 2, "Numero"),
    ("closed_before_opened.csv", {}, "closed_before_opened", 2, "Suljettu"),
    ("not_really.xlsx", {}, "not_xlsx", None, ""),
    ("not_really.parquet", {}, "not_parquet", None, ""),
    ("bare_cr.csv", {}, "bare_cr", 3, ""),
    ("scientific_notation.csv", {}, "scientific", 2, "Summa (alv 0 %)"),
]


def test_corpus_covers_every_file():
    assert {c[0] for c in CORPUS} == {p.name for p in BAD.iterdir()}


@pytest.mark.parametrize("name, read, code, row, column", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_file_is_rejected_and_changes_nothing(base_db, tmp_path, name, read, code, row, column):
    check_refused(base_db, tmp_path, BAD / name, read, code, row, column)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("generated_bad"))


@pytest.mark.parametrize("name", list(GENERATED), ids=list(GENERATED))
def test_generated_bad_file_is_rejected_and_changes_nothing(base_db, tmp_path, generated, name):
    """The large bad files of tests/data/make_bad_files.py, checked as the committed corpus."""
    _, read, code, row, column = GENERATED[name]
    check_refused(base_db, tmp_path, generated[name], read, code, row, column)


def check_refused(base_db: Path, tmp_path: Path, path: Path, read: dict, code: str, row, column) -> None:
    """``path`` is refused with one message of ``code`` at (row, column), with and without
    --load-valid; the database is byte-identical afterwards unless the valid rows loaded; the
    preview answers with a kind or a message, never an exception."""
    from reporting.ingest import upload

    name = path.name
    db = tmp_path / "live.duckdb"
    shutil.copyfile(base_db, db)
    before_bytes = hashlib.sha256(db.read_bytes()).hexdigest()
    before = checksums(db)
    for load_valid in (False, True):
        result = import_files(db, [(path, name)], opts(read=ReadOptions(**read), load_valid=load_valid))
        problems = [p for f in result.files for p in f.problems]
        match = [p for p in problems if p.code == code]
        assert match, (name, [p.message() for p in problems])
        p = match[0]
        assert p.row == row and p.column == column, (name, p)
        # a broken row is one message
        assert len({(q.row, q.code) for q in problems}) == len(problems), (name, len(problems))
        text = p.message("en")
        assert text.startswith(name)
        if row is not None:
            assert f"row {row}" in text
        if column:
            assert f"column {column}" in text
        assert "expected" in text or code in ("not_xlsx", "not_parquet", "unknown_subscription",
                                              "unknown_cost_centre", "closed_before_opened")
        if load_valid and result.status == "partial":
            assert result.rows_rejected >= 1 and result.rows_loaded >= 1
            continue
        assert result.status == "rejected", (name, result.status)
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before_bytes, (name, load_valid)
        assert checksums(db) == before, name
    preview = upload.preview(path, name, ReadOptions(**read), None)
    assert preview.kind or preview.error is not None, name


def test_load_valid_rows_loads_the_rest_and_reports_rejects(base_db, tmp_path):
    db = tmp_path / "partial.duckdb"
    shutil.copyfile(base_db, db)
    name = "unknown_subscription.csv"
    result = import_files(db, [(BAD / name, name)], opts(load_valid=True))
    assert result.status == "partial"
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 1, 1)
    rejected = result.rejected_rows()
    assert list(rejected.file_row) == [3]
    assert rejected.loc[0, "Liittymätunnus"] == "S999"
    assert "S999" in rejected.loc[0, "reject_reasons"]
    charges = table(db, "charges")
    march = charges[charges.invoice_month == pd.Timestamp("2026-03-01")]
    assert list(march.subscription_id) == ["S001"]


def test_unknown_column_is_a_warning(base_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(base_db, db)
    f = tmp_path / "extra.csv"
    f.write_text("Koodi;Nimi;Ylempi;Huomautus\n1300;Tuotanto;1000;uusi\n", encoding="utf-8")
    result = import_files(db, [(f, "extra.csv")], opts())
    assert result.status == "loaded"
    w = result.files[0].warnings
    assert [x.code for x in w] == ["unknown_column"] and w[0].column == "Huomautus"
    assert "1300" in set(table(db, "cost_centres").code)


def test_kind_detection_and_override(tmp_path):
    from reporting.ingest.contract import detect_kind

    for name, kind in (("cost_centres.csv", "cost_centres"), ("subscriptions.csv", "subscriptions"),
                       ("charges.csv", "charges"), ("usage.csv", "usage")):
        headers = (GOOD / name).read_text(encoding="utf-8").splitlines()[0].split(";")
        assert detect_kind(headers).kind == kind
        assert detect_kind([f"  {h.upper()} " for h in headers]).kind == kind
    canonical = ["invoice_month", "subscription_id", "category", "description", "quantity", "unit", "amount"]
    assert detect_kind(canonical).kind == "charges"


def test_unknown_organisation_needs_a_name(tmp_path):
    from reporting.ingest.importer import ImportError_

    with pytest.raises(ImportError_, match="--org-name"):
        import_files(tmp_path / "x.duckdb", [(GOOD / "cost_centres.csv", "cc")], ImportOptions(org_id="nobody"))


# -- FOCUS ---------------------------------------------------------------------------------------

def focus_sample() -> Path:
    import os

    root = Path(__file__).resolve().parent.parent
    for cand in (os.environ.get("REPORTING_SHARED_DATA"), root.parent / "shared" / "data",
                 root.parent.parent / "shared" / "data", Path("/work/shared/data")):
        if cand and (Path(cand) / "focus-1.0" / "focus_sample.csv").is_file():
            return Path(cand) / "focus-1.0" / "focus_sample.csv"
    pytest.skip("the FOCUS sample (../shared/data/focus-1.0) is not available")


def test_focus_sample_reproduces_source_facts(tmp_path):
    db = tmp_path / "focus.duckdb"
    result = import_files(db, [(focus_sample(), "focus_sample.csv")], opts())
    assert result.status == "loaded" and result.files[0].kind == "focus"
    assert any("USD" in n and "kept" in n for n in result.note_texts("en"))
    con = duckdb.connect(str(db), read_only=True)
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    n, billed, effective = q("SELECT count(*), sum(amount), sum(effective_amount) FROM cloud_charges")[0]
    assert n == 1000
    # amounts are stored with 10 decimals (the file has up to 11): the facts, given to 8
    # decimals, are reproduced exactly
    assert round(billed, 8) == Decimal("20.52022673")
    assert round(effective, 8) == Decimal("14.97651419")
    assert q("SELECT count(DISTINCT sub_account), count(DISTINCT service_category) FROM cloud_charges")[0] == (68, 10)
    assert q("SELECT DISTINCT currency FROM cloud_charges") == [("USD",)]
    # each FOCUS line's cost line is in charges (organisation-level), the same amounts
    assert q("SELECT count(*), sum(amount), count(subscription_id) FROM charges WHERE source = 'focus'") == \
        [(1000, billed, 0)]
    groups = dict(((p, c), (k, s)) for p, c, k, s in q(
        "SELECT split_part(description, ': ', 1), category, count(*), round(sum(amount), 4) "
        "FROM cloud_charges GROUP BY ALL"))
    assert groups == {("AWS", "usage"): (941, Decimal("20.6203")),
                      ("AWS", "discount"): (1, Decimal("-2.6137")),
                      ("Microsoft", "usage"): (51, Decimal("1.9765")),
                      ("Oracle", "usage"): (5, Decimal("0.2651")),
                      ("Oracle", "service"): (2, Decimal("0.2720"))}
    # the invoice keeps USD apart from EUR
    assert q("SELECT DISTINCT currency FROM invoices") == [("USD",)]
    assert q("SELECT sum(total_amount) FROM invoices")[0][0] == billed
    con.close()


def test_focus_conversion_and_cost_centre_mapping(tmp_path):
    db = tmp_path / "focus_eur.duckdb"
    mapping = tmp_path / "map.csv"
    mapping.write_text("SubAccountName;cost_centre\nAtlas Nimbus;1100\n", encoding="utf-8")
    result = import_files(db, [(focus_sample(), "focus.csv")],
                          opts(fx={"USD": Decimal("0.5")}, cost_centre_map=mapping))
    assert result.status == "loaded"
    assert any("converted" in n and "0.5" in n for n in result.note_texts("en"))
    con = duckdb.connect(str(db), read_only=True)
    cur, total = con.execute("SELECT currency, sum(amount) FROM cloud_charges GROUP BY ALL").fetchall()[0]
    assert cur == "EUR" and abs(total - Decimal("20.52022673") / 2) < Decimal("0.0000001")
    mapped = con.execute("SELECT DISTINCT cost_centre FROM cloud_charges WHERE sub_account = 'Atlas Nimbus'").fetchall()
    assert mapped == [("1100",)]
    assert con.execute("SELECT count(*) FROM cloud_charges WHERE sub_account <> 'Atlas Nimbus' "
                       "AND cost_centre IS NOT NULL").fetchall()[0][0] == 0
    con.close()
    # re-import with the same months replaces (no double counting)
    import_files(db, [(focus_sample(), "focus.csv")], opts(fx={"USD": Decimal("0.5")}))
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM cloud_charges").fetchall()[0][0] == 1000
    con.close()


# -- the CLI -------------------------------------------------------------------------------------

def test_cli_import_and_rejection_summary(tmp_path, capsys, monkeypatch):
    from reporting.core.cli import main

    db = tmp_path / "cli.duckdb"
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    args = [str(GOOD / n) for n in GOOD_ORDER]
    assert main(["import", *args, "--org", "acme", "--org-name", "Acme Oy", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "charges.csv: charges, 8 rows read, 8 accepted, 0 rejected, 8 loaded" in out
    code = main(["import", str(BAD / "wrong_type.csv"), "--org", "acme", "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 1
    assert "wrong_type.csv, row 3, column Summa (alv 0 %): “kaksikymmentä” is not a number" in out
    assert "Nothing was changed." in out
    from reporting.ingest.log import recent

    log = recent("acme", state_path=tmp_path / "state.sqlite")
    assert list(log.result) == ["rejected", "loaded"]
    assert list(log.rows_loaded) == [0, 20]


def test_cli_reports_a_busy_database(tmp_path, capsys):
    from reporting.core.cli import main
    from reporting.core.db import writer_lock

    db = tmp_path / "busy.duckdb"
    with writer_lock(db):
        code = main(["import", str(GOOD / "cost_centres.csv"), "--org", "a", "--org-name", "A", "--db", str(db)])
    assert code == 2
    assert "Another import or demo generation is writing" in capsys.readouterr().err


def test_upload_names_are_server_generated(tmp_path):
    from reporting.ingest.readers import SAFE_NAME, save_upload

    path = save_upload(io.BytesIO(b"a;b\n"), "../../etc/passwd*.csv")
    assert path.parent == tmp_path / "uploads"
    assert SAFE_NAME.match(path.name)



def test_an_import_over_its_time_limit_stops_and_changes_nothing(base_db, tmp_path):
    db = tmp_path / "slow.duckdb"
    shutil.copyfile(base_db, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = import_files(db, [(GOOD / n, n) for n in GOOD_ORDER], opts(timeout_s=1e-9))
    assert (result.status, result.error) == ("failed", "timeout")
    assert result.rows_loaded == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_cloud_lines_count_in_the_cost_reports(tmp_path):
    """FOCUS lines (recorded in cloud_charges with their FOCUS fields) converted to EUR are in
    the organisation's cost reports like any organisation-level line (a month: the exact sum of
    its lines rounded once, docs/reports.md "The rounding rule")."""
    from decimal import ROUND_HALF_UP

    from reporting.access.scope import Scope
    from reporting.core.db import Database
    from reporting.core.registry import run_report

    db = tmp_path / "cloud.duckdb"
    assert import_files(db, [(focus_sample(), "focus.csv")], opts(fx={"USD": Decimal("0.5")})).status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT invoice_month, amount FROM cloud_charges").fetchall()
    con.close()
    expected: dict = {}
    for month, amount in rows:
        expected[month] = expected.get(month, Decimal(0)) + amount
    expected = {m: v.quantize(Decimal("0.01"), ROUND_HALF_UP) for m, v in expected.items()}
    database = Database(db)
    got = run_report("costs-by-month", database, Scope.organisation("acme"))
    lines = run_report("invoice-lines", database, Scope.organisation("acme"),
                       month_from=min(expected), month_to=max(expected))
    database.close()
    assert {m.date(): Decimal(str(a)) for m, a in zip(got.month, got.amount, strict=True)} == expected
    assert len(lines) == len(rows) and lines.subscription_id.isna().all()
