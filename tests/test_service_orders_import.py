"""Service orders through the importer: Finnish headers, type and state words, Finnish and
ISO dates; a bad file names file, row and column and leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from reporting.ingest import contract as K
from reporting.ingest.importer import ImportOptions, import_files
from tests.test_import import GOOD, GOOD_ORDER, checksums

ORDERS = (
    "Tilausnumero;Tilaustyyppi;Kenelle;Kustannuspaikka;Liittymätunnus;Tilattu;Luvattu toimitus;"
    "Tila;Tilan aika;Toimitettu\n"
    "T1;uusi liittymä;Äijälä Päivi;1100;S001;2.1.2026 9.15;9.1.2026;toimitettu;8.1.2026 12:00;8.1.2026 12:00\n"
    "T2;laite;Öhman Örjan;1200;;2026-02-10 08:00;2026-02-17;Käsittelyssä;2026-02-11 10:00;\n"
    "T3;irtisanominen;;1000;S003;1.2.2026 10.00;;odottaa asiakasta;;\n"
    "T4;change;Åström Åsa;;S002;2026-03-01 07:30;2026-03-05;peruttu;2026-03-02 09:00;\n"
)


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))


def _opts() -> ImportOptions:
    return ImportOptions(org_id="acme", org_name="Acme Oy", today=dt.date(2026, 3, 15))


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "d.duckdb"
    result = import_files(path, [(GOOD / n, n) for n in GOOD_ORDER], _opts())
    assert result.status == "loaded"
    return path


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_headers_detect_the_kind():
    m = K.detect_kind(ORDERS.splitlines()[0].split(";"))
    assert m.kind == "service_orders" and not m.unknown and not m.missing


def test_orders_load_with_finnish_headers_and_values(db, tmp_path):
    p = _write(tmp_path, "tilaukset.csv", ORDERS)
    result = import_files(db, [(p, "tilaukset.csv")], _opts())
    assert result.status == "loaded", [pr.message() for f in result.files for pr in f.problems]
    assert [f.kind for f in result.files] == ["service_orders"]
    rows = _rows(db, "SELECT order_id, order_type::VARCHAR, for_whom, cost_centre, subscription_id, "
                     "ordered_at::VARCHAR, promised_by::VARCHAR, state::VARCHAR, state_at::VARCHAR, "
                     "delivered_at::VARCHAR FROM service_orders ORDER BY 1")
    assert rows == [
        ("T1", "new_subscription", "Äijälä Päivi", "1100", "S001", "2026-01-02 09:15:00", "2026-01-09",
         "delivered", "2026-01-08 12:00:00", "2026-01-08 12:00:00"),
        ("T2", "device", "Öhman Örjan", "1200", None, "2026-02-10 08:00:00", "2026-02-17",
         "in_progress", "2026-02-11 10:00:00", None),
        # no state time given: the order's own time
        ("T3", "termination", None, "1000", "S003", "2026-02-01 10:00:00", None,
         "waiting_for_customer", "2026-02-01 10:00:00", None),
        ("T4", "change", "Åström Åsa", None, "S002", "2026-03-01 07:30:00", "2026-03-05",
         "cancelled", "2026-03-02 09:00:00", None),
    ]
    # re-importing replaces by key
    changed = ORDERS.replace("Käsittelyssä;2026-02-11 10:00;", "toimitettu;2026-02-16 10:00;2026-02-16 10:00")
    again = import_files(db, [(_write(tmp_path, "t2.csv", changed), "t2.csv")], _opts())
    assert again.status == "loaded"
    assert _rows(db, "SELECT count(*), count(delivered_at) FROM service_orders") == [(4, 2)]


BAD_CASES = [
    # (what to change in the good file, file row, column as written, words of the message)
    (("uusi liittymä", "pizza"), 2, "Tilaustyyppi", "pizza"),
    (("Käsittelyssä", "hukassa"), 3, "Tila", "hukassa"),
    ((";1200;", ";9999;"), 3, "Kustannuspaikka", "9999"),
    ((";S003;", ";S999;"), 4, "Liittymätunnus", "S999"),
    (("2026-02-17", "2026-02-09"), 3, "Luvattu toimitus", "before the order date"),
    (("8.1.2026 12:00;8.1.2026 12:00", "8.1.2026 12:00;"), 2, "Toimitettu", "delivery time is missing"),
    (("2026-02-11 10:00;", "2026-02-11 10:00;2026-02-12 10:00"), 3, "Toimitettu", "expected the state delivered"),
    (("1.2.2026 10.00", "31.2.2026 10.00"), 4, "Tilattu", "not a"),
    (("1.2.2026 10.00", "1.2.2036 10.00"), 4, "Tilattu", "in the future"),
    (("2026-03-02 09:00", "2026-02-28 09:00"), 5, "Tilan aika", "before the time of the order"),
    (("T4;change", "T1;change"), 5, "Tilausnumero", "N1"),                         # duplicate key
    (("T2;laite", "T2;"), 3, "Tilaustyyppi", "required"),
]


@pytest.mark.parametrize(("change", "row", "column", "words"), BAD_CASES)
def test_bad_order_file_names_file_row_column_and_changes_nothing(db, tmp_path, change, row, column, words):
    good = import_files(db, [(_write(tmp_path, "vanhat.csv", ORDERS), "vanhat.csv")], _opts())
    assert good.status == "loaded"
    before = checksums(db)
    before_orders = _rows(db, "SELECT * FROM service_orders ORDER BY order_id")
    text = ORDERS.replace(*change, 1)
    assert text != ORDERS
    p = _write(tmp_path, "tilaukset.csv", text.replace("T1;", "N1;").replace("T2;", "N2;")
               .replace("T3;", "N3;").replace("T4;", "N4;"))
    result = import_files(db, [(p, "tilaukset.csv")], _opts())
    assert result.status == "rejected"
    messages = [pr.message("en") for f in result.files for pr in f.problems]
    expected_start = f"tilaukset.csv, row {row}, column {column}: "
    assert any(m.startswith(expected_start) and words in m for m in messages), messages
    assert checksums(db) == before
    assert _rows(db, "SELECT * FROM service_orders ORDER BY order_id") == before_orders
