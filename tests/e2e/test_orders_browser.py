"""The order page in a real browser: a main user's form is prefilled with their organisation,
the live quote follows the inputs, and the HTML quote downloads as a self-contained file."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_order_page_quote_and_html_download(server, page, tmp_path):
    page.goto(server.url + "/order")
    wait_for_app(page, "Kuukausimaksut yhteensä")
    assert page.get_by_label("Yrityksen nimi *", exact=True).input_value() == "Pohjolan Rakennus Oy"
    assert page.get_by_label("Toivottu koulutuspäivä *", exact=True).get_attribute("placeholder") == "pp.kk.vvvv"
    body = page.inner_text("body")
    assert "80,00\xa0€" in body                        # one user by default
    # pohjola has the service: no set-up fee, and the quote says why
    assert "200,00\xa0€" not in body and "perustamismaksua ei veloiteta uudelleen" in body
    assert re.search(r"Tarjousnumero TAR-\d{8}-[0-9A-F]{8} · voimassa", body)

    page.get_by_label("Käyttäjien määrä", exact=True).fill("11")
    page.keyboard.press("Tab")
    wait_for_app(page, "räätälöity tarjous")
    assert "Yli 10 käyttäjälle ei ole listahintaa" in page.inner_text("body")

    with page.expect_download() as info:
        page.get_by_text("Lataa tarjous (HTML)").click()
    path = tmp_path / "quote.html"
    info.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Pohjolan Rakennus Oy" in html and "räätälöity tarjous" in html
    assert "<script" not in html and "<link" not in html
    assert re.search(r"Tarjousnumero TAR-\d{8}-[0-9A-F]{8} · voimassa \d{1,2}\.\d{1,2}\.\d{4} asti", html)
    assert re.fullmatch(r"TAR-\d{8}-[0-9A-F]{8}\.html", info.value.suggested_filename)
