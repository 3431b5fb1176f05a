"""The Saldoviesti page in a real browser (issue 19): a search narrows the preview on the
server, and the outbox and the preview's CSV, built only when their buttons are clicked
(Streamlit's deferred downloads), hold every message of the month."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.messages.saldoviesti import latest_month, outbox_csv, saldoviesti
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_search_and_the_downloads_built_on_click(server, page, demo_path):
    db = Database(demo_path)
    try:
        msgs = saldoviesti(db, Scope("pohjola"), month=latest_month(db, "pohjola"))
    finally:
        db.close()
    page.goto(server.url + "/messages")
    wait_for_app(page, "Lähetettäviä viestejä")
    # the outbox: the month's file for the SMS gateway, exactly
    with page.expect_download() as info:
        page.get_by_role("button", name="Lataa lähetystiedosto (CSV)").click()
    assert Path(info.value.path()).read_bytes() == outbox_csv(msgs)
    # the preview's international CSV: every message, not the page of 50 shown
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV (kansainvälinen)").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(msgs) > 50
    assert [r["text"] for r in rows] == list(msgs.text)
    # a search by a phone number in its local form leaves that message only
    e164 = msgs.phone_number.iloc[5]
    page.get_by_placeholder("Puhelinnumero, käyttäjä tai kustannuspaikka").first.fill("0" + e164[4:])
    page.keyboard.press("Enter")
    page.get_by_text("Rivit 1–1 / 1", exact=False).first.wait_for()
    wait_for_app(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.is_visible()
