"""Devices and their history through the importer: Finnish headers, IMEI with its Luhn check,
the type and status words, Finnish and ISO dates; a bad file names file, row and column and
leaves the database exactly as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from stdnum import luhn

from reporting.core.identifiers import luhn_check_digit, make_imei
from reporting.ingest.importer import ImportOptions, import_files
from tests.test_import import GOOD, GOOD_ORDER, checksums

IMEI_OK = "490154203237518"       # the GSMA's example IMEI
DEVICES = (
    "Laitetunnus;Laitetyyppi;Malli;Valmistaja;Sarjanumero;IMEI;Käyttäjä;Kustannuspaikka;"
    "Liittymätunnus;Tila;Hankittu;Takuu päättyy;Leasing päättyy;Leasing €/kk;Sijainti\n"
    "D1;puhelin;Galaxy S24;Samsung;R5CX1;49-015420-323751-8;Äijälä Päivi;1100;S001;käytössä;"
    "15.1.2025;15.1.2027;2027-01-31;24,90;Helsinki\n"
    "D2;kannettava;ThinkPad T14;Lenovo;PF4AB;;Öhman Örjan;1200;;Käytössä;2025-02-01;"
    "1.2.2028;31.1.2028;1 045,50;Espoo\n"
    "D3;network;MX68;Cisco;Q2KN;;;1000;;varastossa;2024-06-01;;;;Varasto\n"
)
EVENTS = (
    "Laitetunnus;Tapahtuma;Aika;Käyttäjä;Lisätieto\n"
    "D1;luovutettu;15.1.2025 9.30;Äijälä Päivi;\n"
    "D1;korjattu;2025-06-02 14:00;Äijälä Päivi;Näyttö vaihdettu\n"
    "D2;assigned;1.2.2025 10:00;Öhman Örjan;\n"
)


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))


def _opts() -> ImportOptions:
    import datetime as dt
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


def test_luhn_helper_agrees_with_python_stdnum():
    for digits in ("49015420323751", "35332509123456", "00000000000000", "99999999999999"):
        assert luhn.is_valid(make_imei(digits))
        assert luhn.calc_check_digit(digits) == str(luhn_check_digit(digits))


def test_devices_and_events_load_with_finnish_headers_and_values(db, tmp_path):
    d = _write(tmp_path, "laitteet.csv", DEVICES)
    e = _write(tmp_path, "tapahtumat.csv", EVENTS)
    result = import_files(db, [(e, "tapahtumat.csv"), (d, "laitteet.csv")], _opts())
    assert result.status == "loaded", [p.message() for f in result.files for p in f.problems]
    assert {f.name: f.kind for f in result.files} == {"tapahtumat.csv": "device_events",
                                                       "laitteet.csv": "devices"}
    rows = _rows(db, "SELECT device_id, device_type::VARCHAR, imei, status::VARCHAR, purchased_on::VARCHAR, "
                     "warranty_until::VARCHAR, lease_end::VARCHAR, monthly_lease::DOUBLE, subscription_id "
                     "FROM devices ORDER BY 1")
    assert rows == [
        ("D1", "phone", IMEI_OK, "in_use", "2025-01-15", "2027-01-15", "2027-01-31", 24.9, "S001"),
        ("D2", "laptop", None, "in_use", "2025-02-01", "2028-02-01", "2028-01-31", 1045.5, None),
        ("D3", "network", None, "in_stock", "2024-06-01", None, None, None, None),
    ]
    events = _rows(db, "SELECT device_id, event_type::VARCHAR, event_at::VARCHAR, note FROM device_events ORDER BY 1, 3")
    assert events == [("D1", "assigned", "2025-01-15 09:30:00", None),
                      ("D1", "repaired", "2025-06-02 14:00:00", "Näyttö vaihdettu"),
                      ("D2", "assigned", "2025-02-01 10:00:00", None)]
    # re-importing the same files replaces by key: still three devices and three events
    again = import_files(db, [(d, "laitteet.csv"), (e, "tapahtumat.csv")], _opts())
    assert again.status == "loaded" and _rows(db, "SELECT count(*) FROM devices") == [(3,)]
    assert _rows(db, "SELECT count(*) FROM device_events") == [(3,)]


BAD_CASES = [
    # (what to change in the good file, file row, column as written, words of the message)
    (("49-015420-323751-8", "490154203237519"), 2, "IMEI", "490154203237519"),       # wrong check digit
    (("49-015420-323751-8", "49015420323751"), 2, "IMEI", "not an IMEI"),            # 14 digits
    (("kannettava", "läppäri"), 3, "Laitetyyppi", "läppäri"),
    (("varastossa", "hukassa"), 4, "Tila", "hukassa"),
    (("15.1.2025", "31.2.2025"), 2, "Hankittu", "not a date"),
    (("1 045,50", "tuhat"), 3, "Leasing €/kk", "not a number"),
    (("1 045,50", "-5"), 3, "Leasing €/kk", "negative"),
    ((";S001;", ";S999;"), 2, "Liittymätunnus", "S999"),
    ((";1200;", ";9999;"), 3, "Kustannuspaikka", "9999"),
    (("31.1.2028", "31.1.2024"), 3, "Leasing päättyy", "before the purchase date"),
    (("D3;network", "D1;network"), 4, "Laitetunnus", "D1"),                         # duplicate key
]


@pytest.mark.parametrize(("change", "row", "column", "words"), BAD_CASES)
def test_bad_device_file_names_file_row_column_and_changes_nothing(db, tmp_path, change, row, column, words):
    before = checksums(db)
    before_devices = _rows(db, "SELECT count(*) FROM devices")
    text = DEVICES.replace(*change, 1)
    assert text != DEVICES
    p = _write(tmp_path, "laitteet.csv", text)
    result = import_files(db, [(p, "laitteet.csv")], _opts())
    assert result.status == "rejected"
    messages = [pr.message("en") for f in result.files for pr in f.problems]
    expected_start = f"laitteet.csv, row {row}, column {column}: "
    assert any(m.startswith(expected_start) and words in m for m in messages), messages
    assert checksums(db) == before and _rows(db, "SELECT count(*) FROM devices") == before_devices


def test_event_of_an_unknown_device_is_refused_with_its_row(db, tmp_path):
    d = _write(tmp_path, "laitteet.csv", DEVICES)
    assert import_files(db, [(d, "laitteet.csv")], _opts()).status == "loaded"
    e = _write(tmp_path, "tapahtumat.csv", EVENTS.replace("D2;assigned", "D9;assigned"))
    result = import_files(db, [(e, "tapahtumat.csv")], _opts())
    assert result.status == "rejected"
    messages = [pr.message("fi") for f in result.files for pr in f.problems]
    assert any(m.startswith("tapahtumat.csv, rivi 4, sarake Laitetunnus") and "D9" in m for m in messages), messages
    assert _rows(db, "SELECT count(*) FROM device_events") == [(0,)]
