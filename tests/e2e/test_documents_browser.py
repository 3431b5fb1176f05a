"""Customer documents in a real browser (issue 17): the main user uploads a document and a
second version of it on the documentation page, sees the version list, downloads both
versions (the bytes are the uploaded ones), and another organisation's main user and an
employee of the same organisation, chosen in the sidebar, see nothing of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.access.scope import Role
from reporting.demo.personas import demo_personas
from reporting.i18n import t
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

TITLE = "Selaintestin palvelusopimus"
V1 = b"%PDF-1.4\n% version 1 of the browser test\n%%EOF\n"
V2 = "Palvelusopimus, versio 2: muutettu irtisanomisaika 2 kk.\r\nÄäkköset säilyvät.\r\n".encode()


def _upload(page, name: str, mime: str, data: bytes, version: int) -> None:
    expander = page.get_by_text("Lisää dokumentti", exact=True)
    form = page.locator('[data-testid="stForm"]')
    if not form.is_visible():
        expander.click()
    form.get_by_label("Otsikko", exact=True).fill(TITLE)
    form.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": data})
    form.get_by_text(name).wait_for()                       # the file is on the server
    form.get_by_role("button", name="Tallenna dokumentti").click()
    wait_for_app(page, f"Tallennettu: {TITLE}, versio {version}.")


def _card(page):
    return page.locator('[data-testid="stVerticalBlock"]', has_text=TITLE).last


def _download(page, button) -> tuple[str, bytes]:
    with page.expect_download() as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def _choose_persona(page, label: str) -> None:
    picker = page.get_by_role("combobox", name="Demokäyttäjä", exact=True)
    picker.click()
    page.get_by_role("option", name=label, exact=True).click()
    wait_for_app(page)


def test_main_user_uploads_versions_downloads_them_and_others_see_nothing(server, page, demo_db):
    page.set_viewport_size({"width": 1440, "height": 1600})
    page.goto(server.url + "/docs")
    wait_for_app(page, "Asiakkaan dokumentit")
    assert TITLE not in page.inner_text("body")

    _upload(page, "sopimus.pdf", "application/pdf", V1, 1)
    _upload(page, "sopimus v2.txt", "text/plain", V2, 2)

    card = _card(page)
    text = card.inner_text()
    assert "versio 2 · sopimus v2.txt" in text and "Sopimus" in text
    assert "lisännyt Pääkäyttäjä – Pohjolan Rakennus Oy" in text
    card.get_by_text("Aiemmat versiot (1)").click()
    card.get_by_text("versio 1 · sopimus.pdf").wait_for()
    buttons = card.get_by_role("button", name="Lataa")
    assert buttons.count() == 2
    assert _download(page, buttons.nth(0)) == ("sopimus v2.txt", V2)
    assert _download(page, buttons.nth(1)) == ("sopimus.pdf", V1)

    people = {(u.role, u.org_id): u for u in demo_personas(demo_db)}
    def label(u):
        return f"{u.name} ({t('role.' + u.role.value, 'fi')})"

    other = people[(Role.MAIN_USER, "kaarna")]
    _choose_persona(page, label(other))
    wait_for_app(page, "Asiakkaan dokumentit")
    body = page.inner_text("body")
    assert "Kaarnamäen kaupunki" in body and TITLE not in body and "sopimus v2.txt" not in body

    (employee,) = [u for (role, _), u in people.items() if role is Role.EMPLOYEE]
    assert employee.org_id == "pohjola"
    _choose_persona(page, label(employee))
    body = page.inner_text("body")
    assert employee.name.split(" – ")[0] in body
    assert TITLE not in body and "sopimus v2.txt" not in body and "Lataa" not in body
