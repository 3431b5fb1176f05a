"""Hostile user text through every page (issue 14.2, 16.9): names, cost centre names,
service names and categories, the organisation's name, document titles and links, comment
authors and a drill-down URL's ``sub=`` all hold Markdown/HTML; every Markdown-rendered
element must show the string as text (no live link, image or HTML), and the string must
still be readable where the page shows it."""

from __future__ import annotations

import html
import re
import shutil

import duckdb
import pytest

from reporting.access.accounts import create_account, load_user
from reporting.access.scope import Role
from reporting.core import state
from reporting.services import documentation as docs_store
from reporting.ui.navigation import pages_for
from tests.helpers import app_as_account, open_page
from tests.test_ui_text import HOSTILE, live_markup, shown_text

pytestmark = pytest.mark.usefixtures("cheap_argon2")
EVIL = re.compile(r"evil\.example|linkki|onerror", re.I)
BAD_DOC = f"# {HOSTILE}\n\nLue [paha](data:text/html;base64,PHNjcmlwdD4=) ja [js](javascript:alert(1)).\n"


def make_hostile(demo_path, tmp_path):
    """A copy of the demo database whose pohjola texts are hostile, its state store with a
    hostile-named main user, a document with data:/javascript: links and a comment.
    Returns (database, state store, the main user's id, the documented service's id)."""
    db = tmp_path / "hostile.duckdb"
    shutil.copy(demo_path, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE organisations SET name = ? WHERE org_id = 'pohjola'", [HOSTILE])
        con.execute("UPDATE cost_centres SET name = ? || ' ' || code WHERE org_id = 'pohjola'", [HOSTILE])
        con.execute("UPDATE subscriptions SET user_name = ? WHERE org_id = 'pohjola'", [HOSTILE])
        con.execute("UPDATE services SET name = ? || ' ' || service_id WHERE org_id = 'pohjola'", [HOSTILE])
        con.execute("UPDATE service_events SET title = ? WHERE org_id = 'pohjola'", [HOSTILE])
        services = dict(con.execute("SELECT service_id, name FROM services WHERE org_id = 'pohjola' "
                                    "ORDER BY 1").fetchall())
    finally:
        con.close()
    store = tmp_path / "state.sqlite"
    sid = next(iter(services))
    folder = tmp_path / "docs" / sid
    folder.mkdir(parents=True)
    (folder / "paha.md").write_text(BAD_DOC, encoding="utf-8")
    docs_store.load_dir("pohjola", tmp_path / "docs", services, loaded_by="test", state_path=store)
    acc = create_account(email="paa@pohjola.fi", name=HOSTILE, role=Role.MAIN_USER, org_id="pohjola",
                         created_by="t", password="main user password", path=store)
    with state.transaction(store) as con:            # not temporary: every page is offered
        con.execute("UPDATE accounts SET password_temporary = 0 WHERE user_id = ?", (acc.user_id,))
    docs_store.add_comment(load_user(acc.user_id, store), "pohjola", sid, "paha",
                           body=HOSTILE, services=set(services), state_path=store)
    return db, store, acc.user_id, sid


@pytest.fixture
def hostile_env(demo_path, tmp_path, monkeypatch):
    db, store, uid, sid = make_hostile(demo_path, tmp_path)
    monkeypatch.setenv("REPORTING_DB", str(db))
    monkeypatch.setenv("REPORTING_STATE_DB", str(store))
    monkeypatch.delenv("REPORTING_DEMO", raising=False)
    return uid, sid


def _markdown_strings(at) -> list[str]:
    """Every string of the run that Streamlit renders as Markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "success", "info",
                 "warning", "error", "toast"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("metric", "selectbox", "multiselect", "text_input", "text_area", "button",
                 "radio", "checkbox", "toggle", "expander", "tabs", "page_link", "number_input",
                 "date_input", "download_button", "segmented_control", "pills"):
        for e in getattr(at, kind):
            label = getattr(e.proto, "label", None)
            if isinstance(label, str):
                out.append(label)
    for e in at.radio:
        out += [str(o) for o in e.options]
    return out


def _check(at, where: str) -> list[str]:
    assert not at.exception, (where, at.exception)
    shown = []
    for source in _markdown_strings(at):
        if not EVIL.search(shown_text(source)):
            continue
        assert "](data:" not in source and "](javascript:" not in source, (where, source)
        if source.startswith("# ") and "Lue " in source:
            continue      # the document's own Markdown: its http(s) links are the document's
        unescaped = re.sub(r"\\.", "", source)
        assert "[linkki]" not in unescaped and "![i]" not in unescaped and "<img" not in unescaped, (where, source)
        assert not [m for m in live_markup(source) if "evil" in m or "data:" in m or "javascript" in m], (
            where, source)
        shown.append(shown_text(source))
    # st.html bodies (the status page's header, component list and timeline) are HTML, not
    # Markdown: the hostile text must be HTML-escaped there, so it stays text
    for body in (h.value for h in at.html):
        text = html.unescape(re.sub(r"<[^>]*>", "", body))       # what a reader sees
        if not EVIL.search(text):
            continue
        assert "<img" not in body and html.escape(HOSTILE, quote=True) in body, (where, body)
        shown.append(text)
    return shown


def test_hostile_strings_show_as_text_on_every_page(hostile_env):
    uid, sid = hostile_env
    at = app_as_account(uid)
    seen = {}
    for spec in pages_for(Role.MAIN_USER):
        at = open_page(at, spec.key)
        seen[spec.key] = _check(at, spec.key)
    at = open_page(at, "service", service=sid, doc="paha")
    seen["service-doc"] = _check(at, "service doc")
    at = open_page(at, "drilldown", sub=HOSTILE)
    seen["drilldown-sub"] = _check(at, "drilldown sub=")
    at = open_page(at, "drilldown", centre=HOSTILE)
    seen["drilldown-centre"] = _check(at, "drilldown centre=")
    # the text is still there to read, as text
    for key in ("home", "status", "service", "docs", "service-doc", "drilldown-sub"):
        assert any(HOSTILE in s for s in seen[key]), (key, seen[key][:5])
