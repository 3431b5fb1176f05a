"""The Users page in a real browser (issue 14.1): after a create the add-user form is empty,
so a second new user gets only what was chosen for them. (Popping the widgets' state on the
server left the browser's widgets holding the previous person's cost centres.)"""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import start_server, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def users_server(demo_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("users")
    srv = start_server(demo_path, tmp)          # demo mode: the default persona is a main user
    yield srv, tmp / "state.sqlite"
    srv.stop()


def _grants(store, email: str) -> set[tuple[str, str]]:
    with sqlite3.connect(store) as con:
        return set(con.execute("SELECT g.kind, g.value FROM grants g JOIN accounts a USING (user_id) "
                               "WHERE a.email = ?", (email,)).fetchall())


def _chips(panel) -> set[str]:
    """The chosen options a multiselect shows (its tags)."""
    tags = panel.locator('[data-testid="stMultiSelect"] [data-tag-index]')
    return {t.strip() for t in tags.all_inner_texts()}


def _new_user_tab(page):
    tab = page.get_by_role("tab", name="Lisää käyttäjä")
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
    return page.get_by_role("tabpanel", name="Lisää käyttäjä")


def test_two_new_users_in_a_row_each_get_only_their_own_cost_centre(users_server, page, org_data_browser):
    srv, store = users_server
    first, second = org_data_browser
    page.goto(srv.url + "/users")
    wait_for_app(page, "Lisää käyttäjä")
    for name, email, (code, cc_name) in (("Eka Esihenkilö", "eka@pohjola.fi", first),
                                         ("Toka Esihenkilö", "toka@pohjola.fi", second)):
        panel = _new_user_tab(page)
        assert panel.get_by_label("Nimi", exact=True).input_value() == ""
        panel.get_by_label("Rooli", exact=True).click()
        page.get_by_role("option", name="Esihenkilö").click()
        wait_for_app(page)
        panel = _new_user_tab(page)
        assert _chips(panel) == set()              # nothing kept from the previous person
        panel.get_by_label("Nimi", exact=True).fill(name)
        panel.get_by_label("Sähköpostiosoite", exact=True).fill(email)
        page.keyboard.press("Tab")
        wait_for_app(page)
        panel = _new_user_tab(page)
        panel.locator('[data-testid="stMultiSelect"]').click()
        page.get_by_role("option", name=f"{code} {cc_name}", exact=True).click()
        page.keyboard.press("Escape")
        wait_for_app(page)
        panel = _new_user_tab(page)
        assert _chips(panel) == {f"{code} {cc_name}"}
        panel.get_by_role("button", name="Lisää käyttäjä", exact=True).click()
        wait_for_app(page, f"Käyttäjä lisätty: {name}")
    assert _grants(store, "eka@pohjola.fi") == {("cost_centre", first[0])}
    assert _grants(store, "toka@pohjola.fi") == {("cost_centre", second[0])}


@pytest.fixture(scope="module")
def org_data_browser(raw):
    cc = raw("cost_centres")
    pohjola = cc[cc.org_id == "pohjola"].sort_values("code")
    return [(r.code, r.name) for r in pohjola.head(2).itertuples()]
