"""The optimisation page in a real browser: the figures equal the report, and a decision is
recorded through the real widgets (the reason is enforced, the finding leaves the list)."""

from __future__ import annotations

import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.i18n import fmt_money, fmt_number
from reporting.optimisation.reports import optimisation, potential
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_findings_and_a_decision_in_the_browser(server, page, demo_path):
    db = Database(demo_path)
    expected = optimisation(db, Scope.organisation("pohjola"))
    db.close()
    page.goto(server.url + "/optimisation")
    wait_for_app(page, "Säästö / kk")
    # the rules' names are in the findings grid, drawn after the script's end (late under load)
    page.wait_for_function("() => ['Käyttämätön', 'Ylimitoitettu'].every(w => document.body.innerText.includes(w))")
    body = page.inner_text("body")
    assert fmt_number(len(expected), "fi") in body
    assert fmt_money(potential(expected), "fi") in body
    assert "Käyttämätön" in body and "Ylimitoitettu" in body

    # "keep" without a reason is refused on the server and says why
    choice = page.get_by_role("combobox", name="Päätös", exact=True)
    choice.click()
    choice.fill("Pidet")
    page.keyboard.press("Enter")
    wait_for_app(page)
    assert choice.input_value() == "Pidetään (perustelu)"
    page.get_by_role("button", name="Tallenna päätös").click()
    wait_for_app(page, "Kirjoita perustelu")
    page.get_by_label("Perustelu (pakollinen, kun liittymä pidetään)").fill("Varalaite")
    page.get_by_role("button", name="Tallenna päätös").click()
    wait_for_app(page, "Päätös tallennettu.")
    assert fmt_number(len(expected) - 1, "fi") in page.inner_text("body")
