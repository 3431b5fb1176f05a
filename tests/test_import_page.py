"""Admin → Import: the page for the operator and a main user, the log they see, and the
server-side rule that a main user imports only into their own organisation."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from reporting.access.scope import Role, User
from reporting.ingest import upload
from reporting.ingest.importer import ImportOptions, import_files
from reporting.ingest.log import record
from reporting.ingest.readers import ReadOptions
from tests.helpers import ANALYST, MAIN_USER, OPERATOR, app_as, open_page

DATA = Path(__file__).parent / "data" / "import"


def _log_rejected(tmp_path: Path, org: str, state: Path) -> None:
    db = tmp_path / f"{org}.duckdb"
    result = import_files(db, [(DATA / "bad" / "wrong_type.csv", "wrong_type.csv")],
                          ImportOptions(org_id=org, org_name=org.title()))
    assert result.status == "rejected"
    record(result, actor=f"tester-{org}", actor_name=f"Tester {org}", channel="cli", load_valid=False,
           state_path=state)


def _log_frame(at):
    for df in at.dataframe:
        value = df.value
        frame = value.data if hasattr(value, "data") else value
        if "imported_by" in frame.columns:
            return frame
    raise AssertionError("the import log table is not on the page")


@pytest.fixture
def logged(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    state = Path(app_env["REPORTING_STATE_DB"])
    _log_rejected(tmp_path, "pohjola", state)
    _log_rejected(tmp_path, "saimaa", state)
    return state


def _org_names(demo_path) -> dict[str, str]:
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        return dict(con.execute("SELECT org_id, name FROM organisations").fetchall())
    finally:
        con.close()


def test_operator_sees_the_page_and_every_import(logged, demo_path):
    names = _org_names(demo_path)
    at = open_page(app_as(OPERATOR), "admin_import")
    assert not at.exception and not at.error
    log = _log_frame(at)
    assert set(log.org_id) == {names["pohjola"], names["saimaa"]}     # names, not ids
    assert set(log.import_result) == {"hylätty"}                      # the result in words
    assert set(log.import_mode) == {"Hylkää koko tuonti (oletus)"}
    assert "Tester pohjola" in set(log.imported_by)
    assert any(b.label == "Tuo tiedot" for b in at.button)
    # file kinds in words: in the log and in the kind picker (the operator's: every kind)
    assert set(log.file_kinds) == {"Laskurivit"}                     # wrong_type.csv: charges
    kinds = at.selectbox(key="import_kind").options
    assert kinds == ["Tunnista otsikoista", "Kustannuspaikat", "Tuotteet ja hinnat", "Liittymät",
                     "Laskurivit", "Käyttötiedot", "Palvelut", "Palvelutapahtumat", "Tukipyynnöt",
                     "Laitteet", "Laitetapahtumat", "Palvelutilaukset", "Budjetit", "FOCUS-kustannusrivit"]


def test_main_user_sees_only_their_organisations_imports(logged, demo_path):
    name = _org_names(demo_path)["pohjola"]
    at = open_page(app_as(MAIN_USER, lang="en"), "admin_import")
    assert not at.exception and not at.error
    log = _log_frame(at)
    assert set(log.org_id) == {name}
    assert f"Importing into organisation: {name}" in [c.value for c in at.caption]


def test_other_roles_do_not_get_the_page(logged):
    at = app_as(ANALYST)
    from reporting.ui.navigation import pages_for

    assert "admin_import" not in {p.key for p in pages_for(Role.ANALYST)}
    assert not at.exception


def test_main_user_cannot_import_into_another_organisation(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    db = tmp_path / "live.duckdb"
    good = DATA / "good"
    import_files(db, [(good / "cost_centres.csv", "cc")], ImportOptions(org_id="acme", org_name="Acme"))
    import_files(db, [(good / "cost_centres.csv", "cc")], ImportOptions(org_id="other", org_name="Other"))
    shutil.copyfile(db, tmp_path / "before.duckdb")
    main = User("u1", "Main Acme", Role.MAIN_USER, org_id="acme")
    kwargs = {"org_name": None, "business_id": "", "kind": None, "load_valid": False, "read": ReadOptions(),
              "fx_text": "", "max_amount": 1_000_000, "lang": "en"}
    with pytest.raises(upload.RequestError, match="only into your own organisation"):
        upload.run_import(db, [(good / "subscriptions.csv", "s.csv")], user=main, org_id="other", **kwargs)
    employee = User("u2", "Employee", Role.EMPLOYEE, org_id="acme")
    with pytest.raises(upload.RequestError):
        upload.run_import(db, [(good / "subscriptions.csv", "s.csv")], user=employee, org_id="acme", **kwargs)
    assert db.read_bytes() == (tmp_path / "before.duckdb").read_bytes()
    # into their own organisation it works, and it is logged under their name
    result = upload.run_import(db, [(good / "subscriptions.csv", "s.csv")], user=main, org_id="", **kwargs)
    assert result.status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT DISTINCT org_id FROM subscriptions").fetchall() == [("acme",)]
    con.close()
    log = upload.log_for(main)
    assert list(log.imported_by) == ["Main Acme"] and list(log.import_result) == ["loaded"]
    # a main user may not replace the operator's plan catalogue
    with pytest.raises(upload.RequestError):
        upload.run_import(db, [(good / "subscriptions.csv", "s.csv")], user=main, org_id="acme",
                           **{**kwargs, "kind": "plans"})


def test_preview_shows_kind_mapping_and_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    session: dict = {}

    class Upload:
        def __init__(self, data: bytes):
            import io
            self._buf = io.BytesIO(data)

        def seek(self, n):
            self._buf.seek(n)

        def read(self, n=-1):
            return self._buf.read(n)

    data = (DATA / "good" / "charges.csv").read_bytes()
    path = upload.saved_upload(session, "f1", Upload(data), "../../laskut (maaliskuu).csv")
    assert path.parent == tmp_path / "uploads" and "laskut" not in path.name
    assert upload.saved_upload(session, "f1", Upload(data), "x.csv") == path       # saved once
    p = upload.preview(path, "laskut.csv", ReadOptions(), None)
    assert p.kind == "charges" and not p.missing and not p.unknown
    assert dict(zip(p.mapping.file_header, p.mapping.target_column, strict=True))["Summa (alv 0 %)"] == "amount"
    bad = upload.preview(DATA / "bad" / "missing_column.csv", "m.csv", ReadOptions(), None)
    assert bad.kind == "charges" and bad.missing == ["amount"]
    empty = upload.preview(DATA / "bad" / "empty.csv", "e.csv", ReadOptions(), None)
    assert empty.error is not None and empty.error.message("en") == (
        "e.csv: the file is empty; expected a header row and data rows")
    upload.forget_uploads(session)
    assert not path.exists()
