"""In a real browser against a real streamlit server (demo mode off): an employee and a
manager sign in, try other pages and other organisations' / cost centres' ids in the URL, and
find nothing that is not theirs. Signing out ends the session."""

from __future__ import annotations

import pytest

from reporting.access.accounts import create_account
from tests.e2e.conftest import start_server, wait_for_app

pytestmark = pytest.mark.e2e
PASSWORD = "browser test password"


@pytest.fixture(scope="module")
def access_server(demo_path, tmp_path_factory, raw):
    """A fresh server of its own (demo mode off) with an employee and a manager account."""
    tmp = tmp_path_factory.mktemp("access")
    subs = raw("subscriptions")
    pohjola = subs[(subs.org_id == "pohjola") & subs.closed_on.isna()].sort_values("subscription_id")
    employee_sub = pohjola[pohjola.service_type == "mobile_voice"].subscription_id.iloc[0]
    create_account(email="emp@pohjola.fi", name="Eila Työntekijä", role="employee", org_id="pohjola",
                   created_by="t", password=PASSWORD, subscriptions=(employee_sub,),
                   path=tmp / "state.sqlite")
    create_account(email="mgr@pohjola.fi", name="Matti Esihenkilö", role="manager", org_id="pohjola",
                   created_by="t", password=PASSWORD, cost_centres=("1000",), path=tmp / "state.sqlite")
    srv = start_server(demo_path, tmp, REPORTING_DEMO="0")
    yield {"base": srv.url, "employee_sub": employee_sub}
    srv.stop()


def _dismiss_not_found(page) -> None:
    """Streamlit answers a URL of a page the navigation does not list with a "Page not found"
    dialog (and runs the main page); close it once the sign-in form or the dialog is there."""
    dialog = page.get_by_text("Page not found")
    button = page.get_by_role("button", name="Kirjaudu", exact=True)
    dialog.or_(button).first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden", timeout=10_000)


def _sign_in(page, email: str) -> None:
    _dismiss_not_found(page)
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.get_by_text("Pohjolan Rakennus Oy").first.wait_for(timeout=30_000)


def _body(page) -> str:
    wait_for_app(page)
    return page.inner_text("body")


def _hidden(raw, visible: set[str]):
    subs = raw("subscriptions")
    return subs[~subs.subscription_id.isin(visible)]


def _assert_nothing_of_others(text: str, raw, visible_subs: set[str]) -> None:
    for name in ("Kaarnamäen kaupunki", "Saimaan Ohjelmistotalo Oy"):
        assert name not in text
    hidden = _hidden(raw, visible_subs)
    assert not [s for s in hidden.subscription_id if s in text]
    assert not [p for p in hidden.phone_number.dropna() if str(p) in text]


def test_first_request_of_a_fresh_server_to_a_page_url_gets_the_sign_in_page(access_server, browser):
    """Streamlit would serve the pages/ folder directly (its multipage v1 mode) until app.py
    has run once in a server process; the server starts with that mode off
    (reporting/ui/pages_mode.py), so even the very first request of a fresh server goes
    through app.py and gets the sign-in page."""
    page = browser.new_page()
    page.goto(access_server["base"] + "/users?org=pohjola")
    _dismiss_not_found(page)
    page.get_by_role("button", name="Kirjaudu", exact=True).wait_for(timeout=30_000)
    text = _body(page)
    assert "Lisää käyttäjä" not in text and "Pohjolan Rakennus Oy" not in text
    page.close()


def test_without_sign_in_every_url_shows_only_the_sign_in_form(access_server, browser):
    page = browser.new_page()
    for path in ("/home?persona_id=demo:operator", "/users?org=pohjola"):
        page.goto(access_server["base"] + path)
        _dismiss_not_found(page)
        page.get_by_role("button", name="Kirjaudu", exact=True).wait_for(timeout=30_000)
        text = _body(page)
        assert "Pohjolan Rakennus Oy" not in text and "Demokäyttäjä" not in text
    page.close()


def test_employee_finds_nothing_but_their_own(access_server, browser, raw):
    page = browser.new_page()
    kaarna_sub = raw("subscriptions").query("org_id == 'kaarna'").subscription_id.iloc[0]
    # a deep link to a page they may not open, with another organisation's ids
    page.goto(f"{access_server['base']}/users?org=kaarna&org_id=kaarna&subscription_id={kaarna_sub}&user=x")
    _sign_in(page, "emp@pohjola.fi")
    text = _body(page)
    assert "Eila Työntekijä" in text
    assert "Käyttäjät" not in text.split("Kirjautuneena")[0]  # no users page in the navigation
    assert "Lisää käyttäjä" not in text
    _assert_nothing_of_others(text, raw, {access_server["employee_sub"]})
    # sign out: the session ends, the data disappears
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.get_by_role("button", name="Kirjaudu", exact=True).wait_for(timeout=30_000)
    assert "Pohjolan Rakennus Oy" not in _body(page)
    page.close()


def test_manager_finds_nothing_outside_their_cost_centres(access_server, browser, raw):
    page = browser.new_page()
    page.goto(f"{access_server['base']}/home?org=saimaa&cost_centres=2000&cost_centre=2000&cc=2000")
    _sign_in(page, "mgr@pohjola.fi")
    text = _body(page)
    assert "Matti Esihenkilö" in text and "1000" in text
    subs = raw("subscriptions")
    cc = raw("cost_centres").query("org_id == 'pohjola'")
    under = {"1000"} | set(cc.loc[cc.parent_code == "1000", "code"])
    visible = set(subs.loc[(subs.org_id == "pohjola") & subs.cost_centre.isin(under), "subscription_id"])
    _assert_nothing_of_others(text, raw, visible)
    # the users page is not there for a manager, even by URL inside the session
    page.goto(f"{access_server['base']}/users")
    page.get_by_role("button", name="Kirjaudu", exact=True).wait_for(timeout=30_000)
    _sign_in(page, "mgr@pohjola.fi")
    text = _body(page)
    assert "Lisää käyttäjä" not in text and "Kuukausimaksu" not in text
    page.close()
