"""Hostile and unlucky input (issue 16): plausible files read or refused with a message
(point 4), limits on every path that reads a user's file (point 3), the same number rules for
every reader (point 12). The refused files are also in the bad-file corpus (tests/data/import/bad
and tests/data/make_bad_files.py), checked there for an unchanged database."""

from __future__ import annotations

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
