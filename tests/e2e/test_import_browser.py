"""Admin → Import in a real browser: a main user uploads a charges file for their own
organisation, sees the preview, the result and the log; a bad file is rejected with its rows."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.e2e.conftest import start_server, wait_for_app

pytestmark = pytest.mark.e2e


def test_main_user_uploads_and_imports_charges(demo_path, tmp_path, browser):
    db = tmp_path / "live.duckdb"
    shutil.copyfile(demo_path, db)
    con = duckdb.connect(str(db), read_only=True)
    sub = con.execute("SELECT min(subscription_id) FROM subscriptions WHERE org_id = 'pohjola'").fetchall()[0][0]
    con.close()
    good = tmp_path / "laskut.csv"
    good.write_text("Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)\n"
                    f"2026-10;{sub};kertamaksu;Testilaite;1;kpl;1 234,56\n"
                    "2026-10;;palvelu;Testipalvelu;1;kk;10,00\n", encoding="utf-8")
    bad = tmp_path / "virheet.csv"
    bad.write_text("Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)\n"
                   "2026-10;EI-OLE;kertamaksu;Laite;1;kpl;5,00\n", encoding="utf-8")
    server = start_server(db, tmp_path, REPORTING_UPLOADS=str(tmp_path / "uploads"))
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(server.url + "/admin_import")
            wait_for_app(page, "Tietojen tuonti")
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
            wait_for_app(page, "tunnistettu laji")
            assert "laskut.csv: tunnistettu laji Laskurivit" in page.inner_text("body")
            page.get_by_role("button", name="Tuo tiedot").click()
            wait_for_app(page, "Tuonti ladattu")
            body = page.inner_text("body")
            assert "Tuonti ladattu: luettu 2 riviä, ladattu 2, hylätty 0." in body
            assert "Tuontiloki" in body
            # the bad file: rejected, nothing changed, rejected rows offered for download
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
            wait_for_app(page, "virheet.csv")
            page.get_by_role("button", name="Tuo tiedot").click()
            wait_for_app(page, "Tuonti hylätty")
            body = page.inner_text("body")
            assert "Hylätyt rivit (1) ladattavissa" in body
            assert "Virheet ja huomautukset" in body      # the problem table (a canvas grid)
        finally:
            context.close()
    finally:
        server.stop()
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT description, amount FROM charges WHERE org_id = 'pohjola' "
                       "AND invoice_month = DATE '2026-10-01' ORDER BY description").fetchall()
    con.close()
    # the month was replaced by the file's lines; the rejected file changed nothing
    assert [(d, float(a)) for d, a in rows] == [("Testilaite", 1234.56), ("Testipalvelu", 10.0)]
