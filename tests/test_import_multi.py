"""Several files of one kind in one import are one data set (issue 16, point 1): lines of the
same month from several files add up, a key repeated across files is reported like one
repeated within a file, and no summary says "loaded" for lines that are not in the database."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from reporting.access.scope import Role, User
from reporting.core.cli import main as cli_main
from reporting.ingest import upload
from reporting.ingest.importer import ImportOptions, import_files
from reporting.ingest.readers import ReadOptions

GOOD = Path(__file__).parent / "data" / "import" / "good"
HEADER = "Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Summa (alv 0 %)\n"
OPERATOR = User("op", "Operaattori", Role.OPERATOR)


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """acme with its cost centres and subscriptions S001-S004."""
    path = tmp_path_factory.mktemp("multi") / "base.duckdb"
    r = import_files(path, [(GOOD / n, n) for n in ("cost_centres.csv", "subscriptions.csv")],
                     ImportOptions("acme", "Acme Oy"))
    assert r.status == "loaded"
    return path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def july_parts(folder: Path) -> list[Path]:
    return [write(folder, "part1.csv", HEADER + "2026-07;S001;kertamaksu;Osa 1a;10,00\n"
                                                "2026-07;S002;kertamaksu;Osa 1b;20,00\n"),
            write(folder, "part2.csv", HEADER + "2026-07;S003;kertamaksu;Osa 2;30,00\n")]


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def july_total(db: Path) -> Decimal:
    return query(db, "SELECT coalesce(sum(amount), 0) FROM charges WHERE org_id = 'acme' "
                     "AND invoice_month = DATE '2026-07-01'")[0][0]


def copy(base: Path, tmp_path: Path) -> Path:
    db = tmp_path / "live.duckdb"
    shutil.copyfile(base, db)
    return db


def test_two_charge_files_of_one_month_add_up(base, tmp_path):
    db = copy(base, tmp_path)
    parts = july_parts(tmp_path)
    result = import_files(db, [(p, p.name) for p in parts], ImportOptions("acme"))
    assert result.status == "loaded"
    assert [f.rows_loaded for f in result.files] == [2, 1]
    assert july_total(db) == Decimal("60")
    # the invoice derived for the month is the sum of both files too
    assert query(db, "SELECT total_amount FROM invoices WHERE org_id = 'acme' "
                     "AND invoice_month = DATE '2026-07-01'") == [(Decimal("60"),)]
    # every line a summary calls loaded is in the database
    assert query(db, "SELECT count(*) FROM charges WHERE org_id = 'acme' AND invoice_month = DATE '2026-07-01'") \
        == [(result.rows_loaded,)]
    # importing the same two files again replaces the month: still 60, not 120
    again = import_files(db, [(p, p.name) for p in parts], ImportOptions("acme"))
    assert again.status == "loaded" and july_total(db) == Decimal("60")


def test_the_cli_adds_up_two_files_of_one_month(base, tmp_path, capsys):
    db = copy(base, tmp_path)
    parts = july_parts(tmp_path)
    assert cli_main(["import", *map(str, parts), "--org", "acme", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "part1.csv: charges, 2 rows read, 2 accepted, 0 rejected, 2 loaded" in out
    assert "part2.csv: charges, 1 rows read, 1 accepted, 0 rejected, 1 loaded" in out
    assert july_total(db) == Decimal("60")


def test_the_pages_multi_file_upload_adds_up(base, tmp_path):
    db = copy(base, tmp_path)
    parts = july_parts(tmp_path)
    files = [(upload.save_upload(p.read_bytes(), p.name), p.name) for p in parts]
    result = upload.run_import(db, files, user=OPERATOR, org_id="acme", org_name=None, business_id="",
                               kind=None, load_valid=False, read=ReadOptions(), fx_text="",
                               max_amount=1_000_000, lang="fi")
    assert result.status == "loaded" and result.rows_loaded == 3
    assert july_total(db) == Decimal("60")


def test_a_fast_file_and_a_checked_file_of_one_month_add_up(base, tmp_path):
    """part1 is clean (read by the fast path); part2 has a bad row (the detailed path): with
    --load-valid both files' good lines are in the month, and only those."""
    db = copy(base, tmp_path)
    part1, _ = july_parts(tmp_path)
    part2 = write(tmp_path, "part2.csv", HEADER + "2026-07;S003;kertamaksu;Osa 2;30,00\n"
                                                  "2026-07;S003;kertamaksu;Rikki;kolme\n")
    result = import_files(db, [(part1, "part1.csv"), (part2, "part2.csv")], ImportOptions("acme", load_valid=True))
    assert result.status == "partial"
    assert [(f.rows_read, f.rows_rejected, f.rows_loaded) for f in result.files] == [(2, 0, 2), (2, 1, 1)]
    assert july_total(db) == Decimal("60")


def test_usage_files_of_one_month_add_up(base, tmp_path):
    db = copy(base, tmp_path)
    head = "Päivä;Liittymätunnus;Käyttölaji;Määrä;Maa\n"
    a = write(tmp_path, "usage_a.csv", head + "2026-07-01;S001;data;100;FI\n")
    b = write(tmp_path, "usage_b.csv", head + "2026-07-02;S001;data;250;FI\n")
    result = import_files(db, [(a, a.name), (b, b.name)], ImportOptions("acme"))
    assert result.status == "loaded"
    assert query(db, "SELECT sum(quantity) FROM usage_daily WHERE org_id = 'acme'") == [(Decimal("350"),)]
    assert query(db, "SELECT sum(quantity) FROM usage_monthly WHERE org_id = 'acme'") == [(Decimal("350"),)]


@pytest.mark.parametrize("load_valid", [False, True])
def test_a_key_in_two_files_is_a_duplicate(base, tmp_path, load_valid):
    db = copy(base, tmp_path)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    head = "Liittymätunnus;Palvelutyyppi;Avattu;Käyttäjä\n"
    a = write(tmp_path, "subs_a.csv", head + "S010;puhe;2026-01-01;Eka\n")
    b = write(tmp_path, "subs_b.csv", head + "S011;puhe;2026-01-01;Toka\nS010;puhe;2026-01-01;Kolmas\n")
    result = import_files(db, [(a, a.name), (b, b.name)], ImportOptions("acme", load_valid=load_valid))
    problems = [p for f in result.files for p in f.problems]
    assert [(p.file, p.row, p.column, p.code, p.value) for p in problems] == [
        ("subs_b.csv", 3, "Liittymätunnus", "duplicate_across", "S010")]
    assert "also in an earlier file" in problems[0].message("en")
    if not load_valid:
        assert result.status == "rejected" and result.rows_loaded == 0
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before
        return
    assert result.status == "partial"
    assert [(f.rows_loaded, f.rows_rejected) for f in result.files] == [(1, 0), (1, 1)]
    names = dict(query(db, "SELECT subscription_id, user_name FROM subscriptions WHERE org_id = 'acme' "
                           "AND subscription_id IN ('S010', 'S011')"))
    assert names == {"S010": "Eka", "S011": "Toka"}


def test_a_key_in_two_clean_files_is_found_by_the_fast_path_too(base, tmp_path):
    """Both files are clean on their own (each would take the fast path): the duplicate is
    between them."""
    db = copy(base, tmp_path)
    head = "Koodi;Nimi;Ylempi\n"
    a = write(tmp_path, "cc_a.csv", head + "2000;Tuotanto;\n")
    b = write(tmp_path, "cc_b.csv", head + "2000;Tuotanto 2;\n")
    result = import_files(db, [(a, a.name), (b, b.name)], ImportOptions("acme"))
    assert result.status == "rejected"
    assert [(p.file, p.row, p.code) for f in result.files for p in f.problems] == [
        ("cc_b.csv", 2, "duplicate_across")]
