"""Hostile and unlucky input (issue 16): plausible files read or refused with a message
(point 4), limits on every path that reads a user's file (point 3), the same number rules for
every reader (point 12). The refused files are also in the bad-file corpus (tests/data/import/bad
and tests/data/make_bad_files.py), checked there for an unchanged database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from reporting.core.cli import main as cli_main
from reporting.ingest import upload
from reporting.ingest.importer import ImportOptions, import_files
from reporting.ingest.readers import ReadOptions

HEADER = "Laskutuskausi;Veloituslaji;Selite;Summa (alv 0 %)"


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))


def charges(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT description, amount FROM charges ORDER BY description").fetchall()
    finally:
        con.close()


def run(tmp_path: Path, name: str, data: bytes, **read):
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / f"{name}.duckdb"
    result = import_files(db, [(path, name)], ImportOptions("acme", "Acme Oy", read=ReadOptions(**read)))
    return result, db, path


# -- point 4: plausible files -------------------------------------------------------------------

@pytest.mark.parametrize("encoding, declared", [("utf-16-le", None), ("utf-16-le", "utf-16"),
                                                ("utf-16-be", None), ("utf-16-be", "utf-16")])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding, declared):
    text = f"{HEADER}\n2026-03;kertamaksu;Äänitys;10,50\n2026-03;alennus;Öljy;-1,25\n"
    result, db, path = run(tmp_path, "u16.csv", text.encode(encoding), encoding=declared)
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    assert result.files[0].encoding == encoding
    assert [(d, float(a)) for d, a in charges(db)] == [("Äänitys", 10.5), ("Öljy", -1.25)]
    preview = upload.preview(path, "u16.csv", ReadOptions(encoding=declared), None)
    assert preview.kind == "charges" and preview.error is None


def test_a_bare_cr_in_a_windows_1252_file_is_refused_with_its_row(tmp_path):
    text = f"{HEADER}\r\n2026-03;kertamaksu;Yksi;1,00\r\n2026-03;kertamaksu;Ka\rksi;2,00\r\n"
    result, _, _ = run(tmp_path, "cp.csv", text.encode("cp1252"))
    assert result.status == "rejected"
    assert [(p.code, p.row) for f in result.files for p in f.problems] == [("bare_cr", 3)]


def test_a_quoted_line_break_in_a_crlf_file_is_kept(tmp_path):
    text = f'{HEADER}\r\n2026-03;kertamaksu;"Kaksi\nriviä";2,00\n2026-03;kertamaksu;Yksi;1,00\r\n'
    result, db, _ = run(tmp_path, "q.csv", text.encode("utf-8"))
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    assert [d for d, _ in charges(db)] == ["Kaksi\nriviä", "Yksi"]


def test_a_header_cell_over_the_csv_modules_limit_is_a_message_in_the_preview_and_the_cli(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_text(HEADER + ";" + "x" * 140_000 + "\n2026-03;kertamaksu;A;1;\n", encoding="utf-8")
    preview = upload.preview(path, "wide.csv", ReadOptions(), None)
    assert preview.error is not None and preview.error.code == "cell_too_long"
    rc = cli_main(["import", str(path), "--org", "acme", "--org-name", "Acme", "--db", str(tmp_path / "c.duckdb")])
    out = capsys.readouterr()
    assert rc == 1 and "a field is too long; expected at most 32 767 characters" in out.out
    assert "Traceback" not in out.err


def test_many_extra_fields_on_one_row_are_one_message(tmp_path):
    text = f"{HEADER}\n2026-03;kertamaksu;A;1" + ";x" * 900 + "\n2026-03;kertamaksu;B;2\n"
    result, _, _ = run(tmp_path, "extra.csv", text.encode("utf-8"))
    problems = [p for f in result.files for p in f.problems]
    assert [(p.code, p.row) for p in problems] == [("too_many", 2)]
    assert result.rows_rejected == 1


# -- point 3: limits on every path that reads a user's file -------------------------------------

def _xlsx(tmp_path: Path) -> Path:
    import pandas as pd

    path = tmp_path / "laskut.xlsx"
    pd.DataFrame({"Laskutuskausi": ["2026-03"], "Veloituslaji": ["kertamaksu"], "Selite": ["A"],
                  "Summa (alv 0 %)": [10.5]}).to_excel(path, index=False)
    return path


@pytest.fixture
def stub_worker(tmp_path, monkeypatch):
    """The XLSX reader process replaced by tests/xlsx_worker_stub.py in the given mode."""
    import reporting.ingest.readers as readers

    pid = tmp_path / "stub.pid"

    def use(mode: str) -> Path:
        monkeypatch.setattr(readers, "XLSX_WORKER", "tests.xlsx_worker_stub")
        monkeypatch.setenv("STUB_MODE", mode)
        monkeypatch.setenv("STUB_PID", str(pid))
        return pid
    return use


def _gone(pid_file: Path) -> bool:
    """The stub worker is not running. It writes its pid once Python has started it; on a
    loaded machine the import's limit can end it before that: then no pid file appears, even
    a while later (a worker left running would write it)."""
    import os
    import time

    if not pid_file.exists():
        time.sleep(3)
        if not pid_file.exists():
            return True
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return True
    return False


def test_an_xlsx_reader_past_its_time_is_stopped_in_the_preview(tmp_path, stub_worker):
    pid = stub_worker("sleep")
    path = _xlsx(tmp_path)
    read = upload.read_options()
    p = upload.preview(path, "laskut.xlsx", ReadOptions(limits=replace(read.limits, parse_seconds=1)), None)
    assert p.error is not None and p.error.code == "parse_timeout"
    assert p.error.message("en") == ("laskut.xlsx: reading the file took too long and was stopped; "
                                     "expected at most 1 seconds")
    assert _gone(pid)


def test_the_imports_time_limit_stops_an_xlsx_reader_and_changes_nothing(tmp_path, stub_worker):
    """The import's limit (the page's 300 s) reaches the XLSX reader: before, openpyxl parsed
    in the importer's own process, where the timer could not interrupt it."""
    import hashlib

    good = tmp_path / "c.csv"
    good.write_text("Koodi;Nimi\n1000;Hallinto\n", encoding="utf-8")
    db = tmp_path / "live.duckdb"
    assert import_files(db, [(good, "c.csv")], ImportOptions("acme", "Acme Oy")).status == "loaded"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    pid = stub_worker("sleep")
    result = import_files(db, [(_xlsx(tmp_path), "laskut.xlsx")], ImportOptions("acme", timeout_s=1))
    assert result.status in ("rejected", "failed")
    codes = {p.code for f in result.files for p in f.problems} | {result.error}
    assert codes & {"parse_timeout", "timeout"}
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert _gone(pid)


def test_an_xlsx_reader_over_its_memory_limit_is_a_message(tmp_path, stub_worker):
    pid = stub_worker("allocate")
    read = ReadOptions(limits=replace(upload.PAGE_LIMITS, parse_memory=512 << 20))
    p = upload.preview(_xlsx(tmp_path), "laskut.xlsx", read, None)
    assert p.error is not None and p.error.code == "parse_memory"
    assert "expected at most 512 MB" in p.error.message("en")
    assert _gone(pid)


def test_the_real_xlsx_reader_reads_a_workbook_in_its_own_process(tmp_path):
    result, db, path = run(tmp_path, "laskut.xlsx", _xlsx(tmp_path).read_bytes())
    assert result.status == "loaded"
    assert [(d, float(a)) for d, a in charges(db)] == [("A", 10.5)]
    assert upload.preview(path, "laskut.xlsx", upload.read_options(), None).kind == "charges"


def test_the_page_refuses_a_file_over_its_size_in_the_preview_and_the_import(tmp_path, monkeypatch):
    monkeypatch.setattr(upload, "PAGE_LIMITS", replace(upload.PAGE_LIMITS, max_bytes=1000))
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "\n" + "2026-03;kertamaksu;A;1,00\n" * 100, encoding="utf-8")
    read = upload.read_options()
    assert upload.preview(path, "big.csv", read, None).error.code == "too_big"
    result = import_files(tmp_path / "x.duckdb", [(path, "big.csv")], ImportOptions("acme", "Acme", read=read))
    assert [p.code for f in result.files for p in f.problems] == ["too_big"]
    assert result.files[0].problems[0].message("en").endswith("expected at most 1 000 bytes")


def test_the_cli_has_a_time_limit(tmp_path, capsys):
    good = tmp_path / "c.csv"
    good.write_text("Koodi;Nimi\n1000;Hallinto\n", encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    assert cli_main(["import", str(good), "--org", "acme", "--org-name", "A", "--db", db, "--timeout", "1e-9"]) == 1
    assert "the import took too long and was stopped; nothing was changed" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli_main(["import", str(good), "--org", "acme", "--db", db, "--timeout", "0"])


# -- point 12: the same number rules for every reader -------------------------------------------

def _amounts(db: Path) -> list:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT amount FROM charges ORDER BY description").fetchall()]
    finally:
        con.close()


def _import_frame(tmp_path: Path, name: str, frame) -> tuple:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    db = tmp_path / f"{name}.duckdb"
    return import_files(db, [(path, name)], ImportOptions("acme", "Acme Oy")), db


def _frame(amounts):
    import pandas as pd

    return pd.DataFrame({"invoice_month": ["2026-03"] * len(amounts), "category": ["one_time"] * len(amounts),
                         "description": [f"L{i}" for i in range(len(amounts))], "amount": amounts})


def test_precision_loss_in_a_csv_is_reported_and_the_rest_loads(tmp_path):
    text = f"{HEADER}\n2026-03;kertamaksu;A;10\n2026-03;kertamaksu;B;0,000000000001\n2026-03;kertamaksu;C;1,23456789012\n"
    result, db, _ = run(tmp_path, "tiny.csv", text.encode())
    assert result.status == "loaded"
    assert [(w.row, w.column, w.code, w.value, w.expected) for f in result.files for w in f.warnings] == [
        (3, "Summa (alv 0 %)", "rounded", "0,000000000001", "10")]
    assert "rounded to 10 decimals" in result.files[0].warnings[0].message("en")
    assert [float(a) for a in _amounts(db)] == [10.0, 0.0, 1.2345678901]


def test_precision_loss_is_reported_by_the_detailed_path_too(tmp_path):
    """A file with a rejected row takes the detailed path; the warning names the loaded row."""
    text = f"{HEADER}\n2026-03;kertamaksu;A;x\n2026-03;kertamaksu;B;2,0000000000005\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(text.encode())
    result = import_files(tmp_path / "m.duckdb", [(path, "mixed.csv")],
                          ImportOptions("acme", "Acme Oy", load_valid=True))
    assert result.status == "partial"
    assert [(w.row, w.code) for f in result.files for w in f.warnings] == [(3, "rounded")]


@pytest.mark.parametrize("name", ["n.xlsx", "n.parquet"])
def test_typed_numbers_follow_the_same_rules(tmp_path, name):
    """A number cell is a number (1e6 typed into Excel is a million, not text): it is written out
    in full, so tiny values are reported as rounded like in a CSV, and nothing is in
    scientific notation."""
    result, db = _import_frame(tmp_path, name, _frame([1e6, 2.5e-5, 1e-12]))
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    assert [float(a) for a in _amounts(db)] == [1e6, 2.5e-5, 0.0]
    assert [(w.row, w.code, w.value) for f in result.files for w in f.warnings] == [
        (4, "rounded", "0.000000000001")]


@pytest.mark.parametrize("name", ["s.csv", "s.xlsx", "s.parquet"])
def test_scientific_notation_as_text_is_refused_in_every_format(tmp_path, name):
    if name.endswith(".csv"):
        result, _, _ = run(tmp_path, name, f"{HEADER}\n2026-03;kertamaksu;A;1E6\n2026-03;kertamaksu;B;1_000\n".encode())
    else:
        result, _ = _import_frame(tmp_path, name, _frame(["1E6", "1_000"]))
    assert result.status == "rejected"
    assert [(p.row, p.code, p.value) for f in result.files for p in f.problems] == [
        (2, "scientific", "1E6"), (3, "number", "1_000")]


def test_focus_numbers_in_scientific_notation_are_refused(tmp_path):
    """FOCUS's numeric format has no exponents either (specification, 'Numeric Format')."""
    text = ("BilledCost,BillingCurrency,BillingPeriodStart,ChargeCategory,ServiceName\n"
            "1.5E-3,EUR,2026-03-01,Usage,Compute\n2.5,EUR,2026-03-01,Usage,Compute\n")
    result, _, _ = run(tmp_path, "focus.csv", text.encode())
    assert result.status == "rejected"
    assert [(p.row, p.column, p.code) for f in result.files for p in f.problems] == [(2, "BilledCost", "scientific")]


def test_the_kept_decimals_are_the_stored_columns_scales(tmp_path):
    from reporting.core.db import write_transaction
    from reporting.ingest.rules import SCALES

    db = tmp_path / "schema.duckdb"
    with write_transaction(db, fresh=True):
        pass
    con = duckdb.connect(str(db), read_only=True)
    try:
        scales = {(t, c): s for t, c, s in con.execute(
            "SELECT table_name, column_name, numeric_scale FROM duckdb_columns() WHERE data_type LIKE 'DECIMAL%'").fetchall()}
    finally:
        con.close()
    for kind, columns in SCALES.items():
        for column, (table, target, scale) in columns.items():
            assert scales[(table, target)] == scale, (kind, column)
