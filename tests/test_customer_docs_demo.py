"""The demo's customer documents (issue 17): per organisation a contract (PDF), a service
description in two versions and last month's cost report (CSV), uploaded by the demo operator
and main user, the same for a seed, replaced on a rerun, and seen only within the
organisation's whole-organisation scope."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from reporting.access.scope import Role
from reporting.demo.documents import seed_customer_documents, simple_pdf
from reporting.demo.personas import demo_personas
from reporting.services import customer_docs as cd
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(9, 0))
LAST_MONTH = dt.date(2026, 10, 1)          # the last complete month before DEMO_TODAY


@pytest.fixture
def seeded(demo_path, tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("REPORTING_DOCUMENTS", raising=False)
    monkeypatch.delenv("REPORTING_DOC_MAX_MB", raising=False)
    store = tmp_path / "state.sqlite"
    assert seed_customer_documents(demo_path, state_path=store) == 12   # 3 organisations x 4
    return store


def personas(demo_db) -> dict[tuple[Role, str | None], object]:
    return {(u.role, u.org_id): u for u in demo_personas(demo_db)}


def services_of(raw, org: str) -> set[str]:
    s = raw("services")
    return set(s[s.org_id == org].service_id)


def test_every_organisation_gets_a_contract_a_revised_description_and_a_report(seeded, raw, demo_db):
    orgs = raw("organisations")
    svc = raw("services")
    users = personas(demo_db)
    operator = users[(Role.OPERATOR, None)]
    for org in orgs.org_id:
        versions = cd.list_documents(operator, org, services_of(raw, org), state_path=seeded)
        assert len(versions) == 4, org
        mine = svc[svc.org_id == org]
        expected_service = (mine[mine.category == "mobile"] if (mine.category == "mobile").any()
                            else mine).service_id.min()
        assert {v.service_id for v in versions} == {expected_service}
        # contracts first, then the service description's versions newest first, the report
        assert [(v.category, v.version) for v in versions] == [
            ("contract", 1), ("service_description", 2), ("service_description", 1), ("report", 1)]
        by_cat = {}
        for v in versions:
            by_cat.setdefault(v.category, []).append(v)
        assert sorted(by_cat) == ["contract", "report", "service_description"]
        (contract,) = by_cat["contract"]
        assert (contract.file_type, contract.version, contract.uploaded_by) == ("pdf", 1, "demo:operator")
        v2, v1 = by_cat["service_description"]        # newest version first
        assert (v1.version, v2.version) == (1, 2) and v1.title == v2.title
        assert v1.uploaded_by == "demo:operator" and v2.uploaded_by == f"demo:main:{org}"
        assert v1.uploaded_at < v2.uploaded_at <= NOW.isoformat(sep=" ")
        assert v1.sha256 != v2.sha256 and v2.size_bytes > v1.size_bytes
        (report,) = by_cat["report"]
        assert (report.file_type, report.uploaded_by) == ("csv", f"demo:main:{org}")
        assert report.title.endswith("10/2026")
        for v in versions:
            assert v.uploaded_at <= NOW.isoformat(sep=" ")


def test_the_cost_report_adds_up_to_last_months_invoice_lines(seeded, raw, demo_db):
    operator = personas(demo_db)[(Role.OPERATOR, None)]
    charges = raw("charges")
    month = charges[pd.to_datetime(charges.invoice_month) == pd.Timestamp(LAST_MONTH)]
    for org in raw("organisations").org_id:
        services = services_of(raw, org)
        (report,) = [v for v in cd.list_documents(operator, org, services, state_path=seeded)
                     if v.category == "report"]
        _, data = cd.download(operator, org, report.id, services=services, state_path=seeded)
        csv = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
        expected = float(month[month.org_id == org].amount.astype(float).sum())
        assert expected > 0
        assert csv["Summa (alv 0 %)"].sum() == pytest.approx(expected, abs=0.01 * len(csv))
        assert csv["Kustannuspaikka"].astype(str).is_unique


def test_the_contract_is_a_well_formed_pdf(seeded, raw, demo_db):
    operator = personas(demo_db)[(Role.OPERATOR, None)]
    services = services_of(raw, "pohjola")
    (contract,) = [v for v in cd.list_documents(operator, "pohjola", services, state_path=seeded)
                   if v.category == "contract"]
    _, pdf = cd.download(operator, "pohjola", contract.id, services=services, state_path=seeded)
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    xref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[xref:].startswith(b"xref\n")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n ", pdf)]
    assert len(offsets) == 5
    for i, off in enumerate(offsets, start=1):       # every object where the table says
        assert pdf[off:].startswith(f"{i} 0 obj\n".encode())
    length = int(re.search(rb"/Length (\d+)", pdf).group(1))
    body = pdf.split(b"stream\n", 1)[1]
    assert body[length:].startswith(b"\nendstream")
    assert "Pohjolan".encode("cp1252") in pdf and "Käytettävyystavoite".encode("cp1252") in pdf


def test_simple_pdf_escapes_parentheses_and_backslashes():
    pdf = simple_pdf("A (b) \\ c", ["ä–€"])
    assert b"(A \\(b\\) \\\\ c)" in pdf and b"(\xe4\x96\x80)" in pdf


def test_the_same_seed_gives_the_same_documents_and_a_rerun_replaces_them(seeded, demo_path, raw,
                                                                          demo_db, tmp_path):
    operator = personas(demo_db)[(Role.OPERATOR, None)]

    def listing(store):
        out = []
        for org in raw("organisations").org_id:
            out += [(v.org_id, v.service_id, v.category, v.title, v.version, v.original_name,
                     v.sha256, v.uploaded_by, v.uploaded_at)
                    for v in cd.list_documents(operator, org, services_of(raw, org), state_path=store)]
        return out

    first = listing(seeded)
    other = tmp_path / "other" / "state.sqlite"
    seed_customer_documents(demo_path, state_path=other)
    assert listing(other) == first
    # a rerun into the same store: the same 12 versions, not 24; the old files are gone
    seed_customer_documents(demo_path, state_path=seeded)
    assert listing(seeded) == first
    folder = cd.storage_dir(seeded)
    assert len(list(folder.iterdir())) == 12
    for org in raw("organisations").org_id:
        for v in cd.list_documents(operator, org, services_of(raw, org), state_path=seeded):
            assert hashlib.sha256((folder / v.file_id).read_bytes()).hexdigest() == v.sha256


def test_a_rerun_keeps_the_documents_a_real_user_uploaded(seeded, demo_path, raw, demo_db):
    main = personas(demo_db)[(Role.MAIN_USER, "pohjola")]
    services = services_of(raw, "pohjola")
    real = main.__class__("u:42", "Maija Meikäläinen", Role.MAIN_USER, org_id="pohjola")
    kept = cd.upload(real, "pohjola", sorted(services)[0], title="Oma liite", category="other",
                     original_name="liite.txt", data=b"hei\n", services=services, state_path=seeded)
    seed_customer_documents(demo_path, state_path=seeded)
    listed = cd.list_documents(main, "pohjola", services, state_path=seeded)
    assert len(listed) == 5 and kept.id in {v.id for v in listed}


def test_only_the_organisations_whole_scope_sees_its_demo_documents(seeded, raw, demo_db):
    users = personas(demo_db)
    orgs = list(raw("organisations").org_id)
    for org in orgs:
        services = services_of(raw, org)
        own = cd.list_documents(users[(Role.MAIN_USER, org)], org, services, state_path=seeded)
        assert len(own) == 4
        for other in orgs:
            if other == org:
                continue
            stranger = users[(Role.MAIN_USER, other)]
            # the other organisation's main user, even naming this organisation and its services
            assert cd.list_documents(stranger, org, services, state_path=seeded) == []
            for v in own:
                with pytest.raises(cd.DocumentNotFound):
                    cd.download(stranger, org, v.id, services=services, state_path=seeded)
                # and through their own organisation the id is not found either
                with pytest.raises(cd.DocumentNotFound):
                    cd.download(stranger, other, v.id, services=services_of(raw, other),
                                state_path=seeded)
    for role in (Role.MANAGER, Role.EMPLOYEE):
        (user,) = [u for (r, _), u in users.items() if r == role]
        services = services_of(raw, user.org_id)
        assert cd.list_documents(user, user.org_id, services, state_path=seeded) == []
        some = cd.list_documents(users[(Role.MAIN_USER, user.org_id)], user.org_id, services,
                                 state_path=seeded)[0]
        with pytest.raises(cd.DocumentNotFound):
            cd.download(user, user.org_id, some.id, services=services, state_path=seeded)


def test_the_demo_command_puts_them_beside_its_database(tmp_path, monkeypatch, capsys):
    from reporting.core.cli import main as cli_main

    for var in ("REPORTING_STATE_DB", "REPORTING_DOCUMENTS", "REPORTING_DOC_MAX_MB"):
        monkeypatch.delenv(var, raising=False)
    db = tmp_path / "demo.duckdb"
    assert cli_main(["demo", "--db", str(db), "--today", DEMO_TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert re.search(r"customer_docs\s+12\n", out), out
    store = tmp_path / "demo.state.sqlite"
    main = personas_of_file(db)[(Role.MAIN_USER, "saimaa")]
    services = {r[0] for r in _rows(db, "SELECT service_id FROM services WHERE org_id = 'saimaa'")}
    listed = cd.list_documents(main, "saimaa", services, state_path=store)
    assert len(listed) == 4
    assert len(list((tmp_path / "demo.state.documents").iterdir())) == 12


def _rows(db: Path, sql: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def personas_of_file(db: Path):
    from reporting.core.db import Database

    database = Database(db)
    try:
        return personas(database)
    finally:
        database.close()
