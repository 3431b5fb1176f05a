"""AppTest: the customer documents section of the documentation page (issue 17 point 6):
the main user uploads and sees versions with download buttons, a refused file says why and
stores nothing, the analyst only reads, a manager and another organisation see nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.access.scope import Role, User
from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.services import customer_docs as cd
from reporting.ui.navigation import pages_for
from reporting.ui.text import plain
from tests.helpers import ANALYST, MAIN_USER, OPERATOR, app_as, open_page

ORG = "pohjola"
PDF = b"%PDF-1.7\n% Pohjolan palvelusopimus\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"PE\x00\x00"


@pytest.fixture
def store(app_env) -> Path:
    return Path(app_env["REPORTING_STATE_DB"])


def org_services(raw, org: str) -> set[str]:
    services = raw("services")
    return set(services.loc[services.org_id == org, "service_id"])


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning, *at.success, *at.error)]
    parts += [h.value for h in (*at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def upload_on_page(at, *, service: str, title: str, name: str, data: bytes, category="contract"):
    at.selectbox(key="cdoc_service").set_value(service)
    at.selectbox(key="cdoc_category").set_value(category)
    at.text_input(key="cdoc_title").input(title)
    at.file_uploader(key="cdoc_file").set_value((name, data, "application/octet-stream"))
    [b for b in at.button if b.label == "Tallenna dokumentti"][0].click()
    return at.run()


def download_keys(at) -> list[str]:
    return sorted(b.key for b in at.download_button if b.key and b.key.startswith("cdoc_dl_"))


def test_main_user_uploads_versions_and_sees_them(store, raw):
    sid = sorted(org_services(raw, ORG))[0]
    at = open_page(app_as(MAIN_USER), "docs")
    assert not at.exception
    assert "Asiakkaan dokumentit" in texts(at) and "Ei vielä dokumentteja." in texts(at)
    assert download_keys(at) == []

    at = upload_on_page(at, service=sid, title="Palvelusopimus 2026", name="../../sopimus.pdf", data=PDF)
    assert not at.exception
    assert any(s.value == "Tallennettu: Palvelusopimus 2026, versio 1." for s in at.success)
    [v1] = cd.list_documents(User("t", "T", Role.OPERATOR), ORG, {sid}, state_path=store)
    assert (v1.version, v1.uploaded_by, v1.download_name) == (1, MAIN_USER, "sopimus.pdf")
    assert download_keys(at) == [f"cdoc_dl_{v1.id}"]
    assert "versio 1 · sopimus.pdf · 0,0 kt · lisännyt" in texts(at)

    at = upload_on_page(at, service=sid, title="palvelusopimus 2026", name="sopimus-v2.pdf",
                        data=PDF + b"v2")
    assert any(s.value == "Tallennettu: palvelusopimus 2026, versio 2." for s in at.success)
    versions = cd.list_documents(User("t", "T", Role.OPERATOR), ORG, {sid}, state_path=store)
    assert [v.version for v in versions] == [2, 1]
    assert download_keys(at) == sorted(f"cdoc_dl_{v.id}" for v in versions)
    assert [e.label for e in at.expander if e.label.startswith("Aiemmat versiot")] == ["Aiemmat versiot (1)"]
    # the bytes behind the newest button are the second upload's, exactly
    _, data = cd.download(User("t", "T", Role.OPERATOR), ORG, versions[0].id, services={sid},
                          state_path=store)
    assert data == PDF + b"v2"


def test_refused_upload_says_why_and_stores_nothing(store, raw):
    sid = sorted(org_services(raw, ORG))[0]
    at = open_page(app_as(MAIN_USER), "docs")
    at = upload_on_page(at, service=sid, title="Lasku", name="lasku.pdf", data=EXE)
    assert not at.exception
    assert [e.value for e in at.error] == ["lasku.pdf: sisältö ei ole pdf-tiedosto."]
    at = upload_on_page(at, service=sid, title="Ohjelma", name="ohjelma.exe", data=EXE)
    assert "ohjelma.exe: tiedostotyyppiä ei hyväksytä" in at.error[0].value
    at = upload_on_page(at, service=sid, title="  ", name="ok.pdf", data=PDF)
    assert [e.value for e in at.error] == ["Anna dokumentille otsikko."]
    assert cd.list_documents(User("t", "T", Role.OPERATOR), ORG, {sid}, state_path=store) == []
    assert not any(cd.storage_dir(store).iterdir())


def test_size_limit_on_the_page(store, raw, monkeypatch):
    sid = sorted(org_services(raw, ORG))[0]
    monkeypatch.setenv("REPORTING_DOC_MAX_MB", "0.001")          # 1048 bytes
    at = open_page(app_as(MAIN_USER), "docs")
    assert at.file_uploader(key="cdoc_file").label.startswith("Tiedosto (enintään 0,001 Mt: pdf, docx")
    at = upload_on_page(at, service=sid, title="Iso", name="iso.pdf", data=PDF + b" " * 1048)
    assert [e.value for e in at.error] == ["iso.pdf: tiedosto on liian suuri; enintään 0,001 Mt."]
    assert cd.list_documents(User("t", "T", Role.OPERATOR), ORG, {sid}, state_path=store) == []
    at = upload_on_page(at, service=sid, title="Pieni", name="pieni.pdf", data=PDF + b" " * (1048 - len(PDF)))
    assert any(s.value == "Tallennettu: Pieni, versio 1." for s in at.success)


def test_readers_and_those_who_see_nothing(store, raw, demo_path):
    kaarna = sorted(org_services(raw, "kaarna"))[0]
    pohjola = sorted(org_services(raw, ORG))[0]
    op = User("op", "Operaattori", Role.OPERATOR)
    theirs = cd.upload(op, "kaarna", kaarna, title="Kaarnan raportti", category="report",
                       original_name="raportti.pdf", data=PDF, services={kaarna}, state_path=store)
    mine = cd.upload(op, ORG, pohjola, title="Pohjolan sopimus", category="contract",
                     original_name="sopimus.pdf", data=PDF, services={pohjola}, state_path=store)
    # the analyst of kaarna reads kaarna's documents, has no upload form
    at = open_page(app_as(ANALYST), "docs")
    assert not at.exception
    assert "Kaarnan raportti" in texts(at) and "Pohjolan sopimus" not in texts(at)
    assert download_keys(at) == [f"cdoc_dl_{theirs.id}"]
    assert not [b for b in at.button if b.label == "Tallenna dokumentti"]
    # pohjola's main user sees only pohjola's
    at = open_page(app_as(MAIN_USER), "docs")
    assert download_keys(at) == [f"cdoc_dl_{mine.id}"] and "Kaarnan raportti" not in texts(at)
    # the operator in kaarna, in English: the section, the document and the upload form
    at = open_page(app_as(OPERATOR, org="kaarna", lang="en"), "docs")
    assert "Customer documents" in texts(at) and "Kaarnan raportti" in texts(at)
    assert "**Kaarnan raportti** · Report" in [m.value for m in at.markdown]
    assert [b for b in at.button if b.label == "Save the document"]
    # a manager and an employee of pohjola see no documents at all
    db = Database(demo_path)
    try:
        personas = demo_personas(db)
    finally:
        db.close()
    checked = 0
    for user in personas:
        if user.role in (Role.MANAGER, Role.EMPLOYEE):
            # the page is not in their navigation, and the store gives them nothing anyway
            assert "docs" not in {p.key for p in pages_for(user.role)}
            assert cd.list_documents(user, user.org_id, {pohjola, kaarna}, state_path=store) == []
            with pytest.raises(cd.DocumentNotFound):
                cd.download(user, user.org_id, mine.id, services={pohjola}, state_path=store)
            checked += 1
    assert checked == 2


def test_hostile_title_and_name_shown_literally(store, raw):
    sid = sorted(org_services(raw, ORG))[0]
    who = "**Operaattori** [x](javascript:alert(1))"
    title = "<img src=x onerror=alert(1)> **iso**"
    cd.upload(User("op", who, Role.OPERATOR), ORG, sid, title=title, category="other",
              original_name="[klik](http://paha.example).pdf", data=PDF, services={sid},
              state_path=store)
    at = open_page(app_as(MAIN_USER), "docs")
    assert not at.exception
    assert f"**{plain(title)}** · Muu" in [m.value for m in at.markdown]
    [meta] = [c.value for c in at.caption if c.value.startswith("versio 1 · ")]
    # the download name is sanitised (a '/' ends a folder), and name and uploader go through plain()
    assert meta.startswith(f"versio 1 · {plain('paha.example).pdf')} · 0,0 kt · "
                           f"lisännyt {plain(who)} ")
    assert all(not m.allow_html for m in at.markdown)
    assert len(download_keys(at)) == 1
