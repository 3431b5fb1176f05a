"""The customer's own documents per service (issue 17 point 6): who may upload, list and
download; type by content; the size limit; versions; names that are paths; exact bytes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from reporting.access.scope import Role, User
from reporting.services import customer_docs as cd

ORG = "acme"
SERVICES = {"ACME-SVC01", "ACME-SVC02"}
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"

OPERATOR = User("op", "Olli Operaattori", Role.OPERATOR)
MAIN = User("main", "Maija Pääkäyttäjä", Role.MAIN_USER, org_id=ORG)
ANALYST = User("an", "Antti Analyytikko", Role.ANALYST, org_id=ORG)
ANALYST_CC = User("an2", "Rajattu Analyytikko", Role.ANALYST, org_id=ORG, cost_centres=frozenset({"CC1"}))
MANAGER = User("mgr", "Mirja Esihenkilö", Role.MANAGER, org_id=ORG, cost_centres=frozenset({"CC1"}))
EMPLOYEE = User("emp", "Eero Työntekijä", Role.EMPLOYEE, org_id=ORG, subscriptions=frozenset({"S1"}))
OTHER_MAIN = User("main2", "Toinen Pääkäyttäjä", Role.MAIN_USER, org_id="other")


def ooxml(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<x/>")
    return buf.getvalue()


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("REPORTING_DOCUMENTS", raising=False)
    monkeypatch.delenv("REPORTING_DOC_MAX_MB", raising=False)
    return tmp_path / "state" / "state.sqlite"


def put(store, user=MAIN, *, title="Palvelusopimus", data=PDF, name="sopimus.pdf",
        service="ACME-SVC01", category="contract", org=ORG):
    return cd.upload(user, org, service, title=title, category=category, original_name=name,
                     data=data, services=SERVICES, state_path=store)


@pytest.mark.parametrize("user, may", [
    (OPERATOR, True), (MAIN, True), (ANALYST, False), (ANALYST_CC, False), (MANAGER, False),
    (EMPLOYEE, False), (OTHER_MAIN, False)])
def test_who_may_upload(store, user, may):
    if may:
        assert put(store, user).uploaded_by == user.user_id
    else:
        with pytest.raises(cd.DocumentRefused):
            put(store, user)
        assert cd.list_documents(OPERATOR, ORG, SERVICES, state_path=store) == []
        assert not any(cd.storage_dir(store).iterdir())


@pytest.mark.parametrize("user, sees", [
    (OPERATOR, True), (MAIN, True), (ANALYST, True), (ANALYST_CC, False), (MANAGER, False),
    (EMPLOYEE, False), (OTHER_MAIN, False)])
def test_who_may_list_and_download(store, user, sees):
    doc = put(store)
    listed = cd.list_documents(user, ORG, SERVICES, state_path=store)
    assert [d.id for d in listed] == ([doc.id] if sees else [])
    if sees:
        got, data = cd.download(user, ORG, doc.id, services=SERVICES, state_path=store)
        assert (got.id, data) == (doc.id, PDF)
    else:
        with pytest.raises(cd.DocumentNotFound):
            cd.download(user, ORG, doc.id, services=SERVICES, state_path=store)


def test_another_organisations_id_gives_nothing(store):
    theirs = cd.upload(OPERATOR, "other", "OTHER-SVC01", title="Heidän sopimus", category="contract",
                       original_name="x.pdf", data=PDF, services={"OTHER-SVC01"}, state_path=store)
    # the main user of acme asks for it by id, as if it were acme's: not found
    with pytest.raises(cd.DocumentNotFound):
        cd.download(MAIN, ORG, theirs.id, services=SERVICES | {"OTHER-SVC01"}, state_path=store)
    # nor through the other organisation's id when the user is not theirs
    with pytest.raises(cd.DocumentNotFound):
        cd.download(MAIN, "other", theirs.id, services={"OTHER-SVC01"}, state_path=store)
    assert cd.list_documents(MAIN, "other", {"OTHER-SVC01"}, state_path=store) == []
    # a service outside the caller's list hides its document
    mine = put(store, service="ACME-SVC02")
    with pytest.raises(cd.DocumentNotFound):
        cd.download(MAIN, ORG, mine.id, services={"ACME-SVC01"}, state_path=store)
    with pytest.raises(cd.DocumentRefused):
        put(store, service="OTHER-SVC01")


@pytest.mark.parametrize("name, data, kind", [
    ("a.pdf", PDF, "pdf"),
    ("a.docx", ooxml("word/document.xml"), "docx"),
    ("a.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
    ("a.pptx", ooxml("ppt/presentation.xml"), "pptx"),
    ("a.txt", "Hyvää päivää\n".encode(), "txt"),
    ("a.csv", "nimi;summa\nÄäkkönen;1,50\n".encode("cp1252"), "csv"),
    ("a.PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    ("a.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
])
def test_accepted_types_by_content(store, name, data, kind):
    doc = put(store, name=name, data=data)
    assert (doc.file_type, doc.size_bytes) == (kind, len(data))


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program"


@pytest.mark.parametrize("name, data, message", [
    ("lasku.pdf", EXE, "not a pdf"),                       # an exe named .pdf
    ("kuva.png", PDF, "not a png"),
    ("raportti.docx", ooxml("xl/workbook.xml"), "not a docx"),   # a workbook named .docx
    ("raportti.xlsx", b"PK\x03\x04 not really a zip", "not a xlsx"),
    ("muistio.txt", EXE, "not a txt"),
    ("ohjelma.exe", EXE, "not accepted"),
    ("skripti.html", b"<script>alert(1)</script>", "not accepted"),
    ("nimeton", PDF, "not accepted"),
])
def test_type_checked_by_content_not_name(store, name, data, message):
    with pytest.raises(cd.DocumentError, match=message):
        put(store, name=name, data=data)
    assert cd.list_documents(MAIN, ORG, SERVICES, state_path=store) == []
    assert not any(cd.storage_dir(store).iterdir())


def test_size_limit_configurable(store, monkeypatch):
    assert cd.max_bytes() == 20 * 1024 * 1024
    monkeypatch.setenv("REPORTING_DOC_MAX_MB", "0.001")  # 1048 bytes
    limit = int(0.001 * 1024 * 1024)
    assert put(store, data=PDF + b" " * (limit - len(PDF))).size_bytes == limit
    with pytest.raises(cd.DocumentError, match="at most 1048 bytes"):
        put(store, data=PDF + b" " * (limit - len(PDF) + 1))
    with pytest.raises(cd.DocumentError, match="empty"):
        put(store, data=b"")
    assert len(cd.list_documents(MAIN, ORG, SERVICES, state_path=store)) == 1
    monkeypatch.setenv("REPORTING_DOC_MAX_MB", "paljon")
    with pytest.raises(ValueError, match="REPORTING_DOC_MAX_MB"):
        cd.max_bytes()


def test_versions_by_title_older_stay_downloadable(store):
    v1 = put(store, data=PDF + b"v1")
    v2 = put(store, OPERATOR, title="  palvelusopimus ", data=PDF + b"v2", name="uusi.pdf")
    other = put(store, title="Kuukausiraportti", category="report", data=PDF + b"r")
    elsewhere = put(store, service="ACME-SVC02", data=PDF + b"s2")
    assert (v1.version, v2.version, other.version, elsewhere.version) == (1, 2, 1, 1)
    assert (v2.uploaded_by, v2.uploaded_by_name) == ("op", "Olli Operaattori")
    grouped = cd.by_title(cd.list_documents(ANALYST, ORG, SERVICES, state_path=store))
    # the contract before the report (kinds in CATEGORIES' order), newest version first
    assert [[d.version for d in vs] for vs in grouped["ACME-SVC01"].values()] == [[2, 1], [1]]
    assert list(grouped["ACME-SVC01"]) == ["palvelusopimus", "kuukausiraportti"]
    assert [d.version for d in grouped["ACME-SVC02"]["palvelusopimus"]] == [1]
    for doc, body in ((v1, PDF + b"v1"), (v2, PDF + b"v2")):
        _, data = cd.download(MAIN, ORG, doc.id, services=SERVICES, state_path=store)
        assert data == body


def test_download_returns_the_exact_bytes_and_checks_sha256(store):
    body = PDF + bytes(range(256)) * 40
    doc = put(store, data=body)
    assert doc.sha256 == hashlib.sha256(body).hexdigest()
    _, data = cd.download(ANALYST, ORG, doc.id, services=SERVICES, state_path=store)
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(body).hexdigest() and data == body
    # a stored file changed behind the store's back is not offered
    (cd.storage_dir(store) / doc.file_id).write_bytes(body + b"x")
    with pytest.raises(cd.DocumentError, match="SHA-256"):
        cd.download(ANALYST, ORG, doc.id, services=SERVICES, state_path=store)


@pytest.mark.parametrize("name, offered", [
    ("../../../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
    ("/abs/path/sopimus 2026.pdf", "sopimus 2026.pdf"),
    ("..pdf.pdf", "pdf.pdf"),
    ("sopimus\x00.exe.pdf", "sopimus_.exe.pdf"),
    ('a"b<c>|d*?.pdf', "a_b_c__d__.pdf"),
    ("Sopimus_Äö.PDF", "Sopimus_Äö.pdf"),
    ("../ .pdf", "dokumentti.pdf"),
])
def test_path_names_are_stored_harmlessly(store, tmp_path, name, offered):
    before = {p for p in tmp_path.rglob("*")}
    doc = put(store, name=name)
    folder = cd.storage_dir(store)
    new = {p for p in tmp_path.rglob("*")} - before
    # the only files created are the store's own and one file named by its generated id
    assert {p for p in new if p.is_file() and p.parent == folder} == {folder / doc.file_id}
    assert all(p in (folder, store.parent) or p.parent in (folder, store.parent) for p in new)
    assert len(doc.file_id) == 32 and doc.file_id not in name
    assert doc.original_name == name.replace("\x00", "\ufffd")   # kept as metadata, no control characters
    assert doc.download_name == offered         # sanitised for the download
    _, data = cd.download(MAIN, ORG, doc.id, services=SERVICES, state_path=store)
    assert data == PDF


def test_storage_folder_configurable(store, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_DOCUMENTS", str(tmp_path / "asiakirjat"))
    doc = put(store)
    assert (tmp_path / "asiakirjat" / doc.file_id).read_bytes() == PDF


@pytest.mark.parametrize("title, category, message", [
    ("   ", "contract", "title"), ("x" * 201, "contract", "at most 200"),
    ("Sopimus", "salainen", "category")])
def test_bad_title_or_category(store, title, category, message):
    with pytest.raises(cd.DocumentError, match=message):
        put(store, title=title, category=category)
