"""AppTest: the service pages for every persona and their main flows, by widget key."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.demo.personas import demo_personas
from reporting.i18n import fmt_number
from reporting.services import documentation as docs_store
from reporting.ui.navigation import pages_for
from tests.helpers import ANALYST, MAIN_USER, OPERATOR, app_as, open_page

SERVICE_PAGES = ("status", "sla", "service", "docs")
ORG = "pohjola"


@pytest.fixture
def seeded(app_env, demo_path):
    """The demo documentation in the test's state store."""
    docs_store.seed_demo_docs(demo_path)
    return Path(app_env["REPORTING_STATE_DB"])


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in at.html]          # the status header, components and timeline
    parts += [e.value for e in (*at.info, *at.warning, *at.success)]
    parts += [h.value for h in (*at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def test_service_pages_for_every_persona(seeded, demo_path):
    db = Database(demo_path)
    try:
        personas = demo_personas(db)
    finally:
        db.close()
    for persona in personas:
        allowed = {p.key for p in pages_for(persona.role)} & set(SERVICE_PAGES)
        if persona.role.value in ("manager", "employee"):
            assert not allowed  # services are organisation-wide: not in their navigation
            continue
        assert allowed == set(SERVICE_PAGES)
        at = app_as(persona.user_id, org=ORG if persona.role.value == "operator" else None)
        for key in SERVICE_PAGES:
            at = open_page(at, key)
            assert not at.exception, (persona.user_id, key, at.exception)
            assert not at.error, (persona.user_id, key, [e.value for e in at.error])


def test_status_overview_figures_and_filters(seeded, demo_db):
    at = open_page(app_as(MAIN_USER), "status")
    assert not at.exception
    kpis = run_report("status-kpis", demo_db, Scope.organisation(ORG)).iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Palvelutaso täyttyy (kk)"] == f"{kpis.services_meeting_sla} / {kpis.services_with_target}"
    assert metrics["Avoimet tukipyynnöt"] == fmt_number(kpis.open_tickets)
    assert metrics["Palvelutason ylittäneet"] == fmt_number(kpis.breaching_tickets)
    body = texts(at)
    assert "Tiedot 27.11.2026 klo 9.00 asti" in body
    assert "Osittainen käyttökatko · 1 / 10 palvelua" in body   # the worst status in words
    assert "**Verkko**" in body and "**Pilvi**" in body    # grouped by category
    # filter to one category: the other categories disappear, the choice is in the URL
    at.multiselect(key="category").set_value(["cloud"]).run()
    body = texts(at)
    assert "**Pilvi**" in body and "**Verkko**" not in body
    # problems only: services that are not operational or below target this month
    at.multiselect(key="category").set_value([]).run()
    at.toggle(key="problems").set_value(True).run()
    assert not at.exception
    assert "**Verkko**" in texts(at)   # the ongoing outage is in the network category


def test_sla_page_month_choice(seeded, demo_db, raw):
    at = open_page(app_as(ANALYST), "sla")
    assert not at.exception
    assert any("lokakuu 2026" in s.value for s in at.subheader)   # last complete month by default
    at.selectbox(key="month").set_value("2026-06").run()
    assert not at.exception
    assert any("kesäkuu 2026" in s.value for s in at.subheader)
    t = raw("tickets").query("org_id == 'kaarna'")
    june = t[(t.opened_at >= "2026-06-01") & (t.opened_at < "2026-07-01")]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tukipyynnöt"] == fmt_number(len(june))
    frames = [d.value for d in at.dataframe]
    assert frames, "the SLA tables are shown"


def test_service_page_by_query_param_and_scope(seeded, demo_db):
    sid = "POHJOLA-SVC02"
    name = run_report("status-overview", demo_db, Scope.organisation(ORG)).set_index("service_id").at[sid, "service_name"]
    at = open_page(app_as(MAIN_USER), "service", service=sid)
    assert not at.exception and not at.error
    assert at.title[0].value == name
    # the service's documentation is rendered as Markdown
    assert any(m.value.startswith("# Yritysverkko SD-WAN – toiminta häiriötilanteessa") for m in at.markdown)
    # a link from the documentation search opens the named document
    at = open_page(app_as(MAIN_USER), "service", service=sid, doc="ohjeet")
    assert any(m.value.startswith("# Yritysverkko SD-WAN – käyttöohjeet") for m in at.markdown)
    assert not any(m.value.startswith("# Yritysverkko SD-WAN – toiminta") for m in at.markdown)
    # another organisation's service id from the URL is never shown
    at = open_page(app_as(MAIN_USER), "service", service="KAARNA-SVC01")
    assert not at.exception
    assert any("ei löydy" in w.value for w in at.warning)
    body = texts(at)
    assert "KAARNA-SVC01" not in body and "· POHJOLA-SVC" in body


def test_comment_by_main_user_closed_by_operator(seeded):
    sid = "POHJOLA-SVC02"
    at = open_page(app_as(MAIN_USER), "service", service=sid)
    at.text_area(key="doc_comment_body").input("Varayhteyden kuvaus on vanhentunut.")
    submit = [b for b in at.button if b.label == "Lähetä"]
    submit[0].click().run()
    assert not at.exception
    assert any("Kommentti tallennettu" in s.value for s in at.success)
    stored = docs_store.comments(ORG, {sid}, state_path=seeded)
    assert [c.body for c in stored] == ["Varayhteyden kuvaus on vanhentunut."]
    assert stored[0].author_id == MAIN_USER
    # the analyst can read but not comment
    at = open_page(app_as(ANALYST), "service")
    assert not [b for b in at.button if b.label == "Lähetä"]
    # the operator sees the open comment on the documentation page and closes it
    at = open_page(app_as(OPERATOR, org=ORG), "docs")
    assert any("Varayhteyden kuvaus on vanhentunut." in t.value for t in at.text)
    at.button(key=f"docs_close_{stored[0].id}").click().run()
    assert not at.exception
    assert docs_store.comments(ORG, {sid}, state_path=seeded) == []
    # the main user has no close button
    docs_store.add_comment(User("x", "X", Role.MAIN_USER, org_id=ORG), ORG, sid, None,
                           services={sid}, body="Toinen", state_path=seeded)
    at = open_page(app_as(MAIN_USER), "docs")
    assert not [b for b in at.button if b.key and b.key.startswith("docs_close_")]


def test_docs_search(seeded):
    at = open_page(app_as(MAIN_USER), "docs")
    at.text_input(key="q").input("varayhteys 5G").run()
    assert not at.exception
    # SD-WAN's incident guide and the internet connection's description mention it
    assert any("2 osumaa" in c.value for c in at.caption)
    links = {p.label for p in at.get("page_link")}
    assert "Yritysverkko SD-WAN – toiminta häiriötilanteessa – Yritysverkko SD-WAN" in links


def test_raw_html_in_a_document_is_not_rendered(app_env, tmp_path):
    src = tmp_path / "docs" / "POHJOLA-SVC02"
    src.mkdir(parents=True)
    (src / "paha.md").write_text("# Paha\n\n<script>alert(1)</script><img src=x onerror=alert(2)>",
                                 encoding="utf-8")
    docs_store.load_dir(ORG, tmp_path / "docs", {"POHJOLA-SVC02": "Yritysverkko SD-WAN"},
                        loaded_by="t")
    at = open_page(app_as(MAIN_USER), "service", service="POHJOLA-SVC02")
    shown = [m for m in at.markdown if "<script>" in m.value]
    assert shown and all(not m.allow_html for m in shown)
    assert all(not m.allow_html for m in at.markdown if "onerror" in m.value)


def test_status_page_in_english(seeded):
    at = open_page(app_as(MAIN_USER, lang="en"), "status")
    assert not at.exception
    assert at.title[0].value == "Service status"
    assert "Status as of 27 Nov 2026 09:00" in texts(at)
    assert any(m.label == "Meeting SLA (month)" for m in at.metric)


@pytest.mark.parametrize("key", SERVICE_PAGES)
def test_analyst_limited_to_cost_centres_gets_a_clear_message(app_env, raw, key):
    """Services are organisation-wide: an analyst granted only cost centres sees none of them."""
    from reporting.access.accounts import create_account
    from tests.helpers import app_as_account, open_page

    centre = raw("cost_centres").query("org_id == @ORG").code.iloc[0]
    account = create_account(email=f"analyst-{key}@example.fi", name="Analyytikko", role="analyst",
                             org_id=ORG, created_by="test", cost_centres=(centre,),
                             path=Path(app_env["REPORTING_STATE_DB"]))
    at = open_page(app_as_account(account.user_id), key)
    assert not at.exception
    assert any("koskevat koko organisaatiota" in i.value for i in at.info)
    assert not at.dataframe and not at.metric
