"""The order page and the orders admin page, driven through AppTest by widget keys."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

from reporting.i18n import fmt_date, fmt_money
from reporting.orders.ordering import next_working_day, today_in_finland
from reporting.orders.pricing import load_price_list
from tests.helpers import MAIN_USER, OPERATOR, ROOT, app_as, open_page


def _next_saturday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)


def _fill(at, *, business_id: str, email: str, phone: str, when: dt.date, users: int = 3):
    at.text_input(key="order_company_name").input("Uusi Asiakas Oy")
    at.text_input(key="order_business_id").input(business_id)
    at.text_input(key="order_main_user_name").input("Ville Virtanen")
    at.text_input(key="order_main_user_email").input(email)
    at.text_input(key="order_main_user_phone").input(phone)
    at.number_input(key="order_users").set_value(users)
    at.number_input(key="order_subscriptions").set_value(40)
    at.checkbox(key="order_addon_saldoviesti").check()
    at.radio(key="order_optimisation").set_value("follow_up")
    at.text_input(key="order_training_date").input(fmt_date(when))
    at.text_area(key="order_notes").input("Koulutus mieluiten aamupäivällä")
    return at


def _totals(at) -> list[str]:
    """Every cell of the quote's totals table (VAT 0 % and VAT included)."""
    table = at.table[0].value
    return [str(v) for v in table.to_numpy().ravel()]


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_order_form_invalid_then_valid(app_env, tmp_path):
    today = today_in_finland()
    at = open_page(app_as(OPERATOR), "order")
    assert not at.exception
    # The quote is live: 1 user by default -> 80,00 € monthly.
    assert _totals(at)[0] == "80,00\xa0€"

    at = _fill(at, business_id="1572860-1", email="ville@", phone="12",
               when=_next_saturday(today)).run()
    at.button(key="order_submit").click().run()
    assert not at.exception
    errors = _errors(at)
    assert any("tarkistusnumero ei täsmää" in e for e in errors)
    assert any("Sähköpostiosoite ei kelpaa" in e for e in errors)
    assert any("Puhelinnumero ei kelpaa" in e for e in errors)
    assert any("viikonloppu" in e for e in errors)
    assert len(errors) == 4
    assert "order_result" not in at.session_state

    good_day = next_working_day(today + dt.timedelta(days=7))
    at.text_input(key="order_business_id").input("1572860-0")
    at.text_input(key="order_main_user_email").input("ville.virtanen@uusi.fi")
    at.text_input(key="order_main_user_phone").input("+358 50 765 4321")
    at.text_input(key="order_training_date").input(fmt_date(good_day))
    at.run()
    # The live quote: 3 users -> 150 €, plus 40 subscriptions of Saldoviesti and follow-up at
    # the price list's prices; optimisation one-off 40 x its price plus the 200 € set-up fee.
    pl = load_price_list(ROOT / "data" / "price_list.toml")
    monthly = Decimal("150.00") + 40 * (pl.addons["saldoviesti"].monthly_per_subscription
                                        + pl.addons["optimisation_follow_up"].monthly_per_subscription)
    one_off = Decimal("200.00") + 40 * pl.addons["optimisation"].one_off_per_subscription
    values = _totals(at)
    assert fmt_money(monthly) in values and fmt_money(one_off) in values
    assert fmt_money(one_off + 12 * monthly) in values
    assert fmt_money((monthly * Decimal("1.255")).quantize(Decimal("0.01"))) in values
    at.button(key="order_submit").click().run()
    assert not at.exception
    assert not _errors(at), _errors(at)
    text = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.success)
    text = text.replace("\u2060", "")      # plain() keeps e-mail addresses from becoming links
    assert "Kiitos tilauksesta ORD-" in text
    assert "Fokus-tunnus on luotu pääkäyttäjälle Ville Virtanen (ville.virtanen@uusi.fi)" in text
    assert "käyttöohjeeseen" in text and "koulutuksen järjestämiseksi" in text
    assert "palvelumaksut alkavat" in text

    con = sqlite3.connect(app_env["REPORTING_STATE_DB"])
    try:
        order = con.execute("SELECT org_id, main_user_phone, users, state, created_by FROM orders").fetchall()
        account = con.execute("SELECT role, org_id FROM accounts WHERE email = ?",
                              ("ville.virtanen@uusi.fi",)).fetchall()
    finally:
        con.close()
    assert order == [("yt-1572860-0", "+358507654321", 3, "received", "demo:operator")]
    assert account == [("main_user", "yt-1572860-0")]


def test_custom_offer_and_dependency_in_live_quote(app_env):
    at = open_page(app_as(OPERATOR, lang="en"), "order")
    at.number_input(key="order_users").set_value(11).run()
    values = _totals(at)
    assert values.count("custom offer") == 4          # monthly and first-year, VAT 0 % and incl.
    assert "200.00" in " ".join(values)               # the set-up fee is still a list price
    at.number_input(key="order_users").set_value(0)
    at.radio(key="order_optimisation").set_value("once").run()
    assert any("requires that you also order" in w.value for w in at.warning)


def test_main_user_form_is_prefilled_with_own_organisation(app_env):
    at = open_page(app_as(MAIN_USER), "order")
    assert not at.exception
    assert at.text_input(key="order_company_name").value
    bid = at.text_input(key="order_business_id").value
    assert len(bid) == 9 and bid[7] == "-"


def test_admin_page_lists_and_moves_orders(app_env):
    at = open_page(app_as(OPERATOR), "order")
    _fill(at, business_id="1572860-0", email="anna@uusi.fi", phone="040 1234567",
          when=next_working_day(today_in_finland() + dt.timedelta(days=3)), users=12).run()
    at.button(key="order_submit").click().run()
    assert not _errors(at)

    at = open_page(at, "orders-admin")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 1 and table["order_company"].iloc[0] == "Uusi Asiakas Oy"
    assert table["order_monthly"].isna().iloc[0]          # 12 users: custom offer, no number
    assert at.selectbox(key="orders_move_to").options == ["Käsittelyssä", "Peruttu"]
    at.selectbox(key="orders_move_to").set_value("in_progress")
    at.text_input(key="orders_move_note").input("Koulutus sovittu")
    at.button(key="orders_move").click().run()
    assert not at.exception
    assert any("Käsittelyssä" in s.value for s in at.success)
    at.selectbox(key="orders_move_to").set_value("deployed")
    at.button(key="orders_move").click().run()
    assert "Tilaus on lopullisessa tilassa." in [c.value for c in at.caption]
    history = at.dataframe[1].value
    assert history["order_event_to"].tolist() == ["Vastaanotettu", "Käsittelyssä", "Käyttöönotettu"]
    assert at.table[0].value.iloc[0].tolist() == ["räätälöity tarjous", "räätälöity tarjous"]


def test_admin_page_is_operator_only(app_env):
    from streamlit.testing.v1 import AppTest

    from reporting.access.scope import Role, User
    from reporting.ui.navigation import pages_for
    from tests.helpers import ROOT

    assert "orders-admin" not in [p.key for p in pages_for(Role.MAIN_USER)]
    assert "order" in [p.key for p in pages_for(Role.MAIN_USER)]
    # Opened directly, the page checks the role again and shows nothing else.
    at = AppTest.from_file(str(ROOT / "pages" / "orders_admin.py"), default_timeout=60)
    at.session_state["_user"] = User("x", "Pää", Role.MAIN_USER, org_id="pohjola")
    at.run()
    assert [e.value for e in at.error] == ["Sinulla ei ole oikeutta tähän sivuun."]
    assert not at.dataframe


def test_messages_in_english_and_cleared_when_the_field_changes(app_env):
    at = open_page(app_as(OPERATOR, lang="en"), "order")
    at.button(key="order_submit").click().run()
    errors = _errors(at)
    assert "Enter the company name." in errors
    assert "Enter the business ID." in errors
    assert "Choose a desired training date." in errors
    assert len(errors) == 6
    at.text_input(key="order_company_name").input("Uusi Oy").run()
    errors = _errors(at)
    assert "Enter the company name." not in errors and len(errors) == 5


def test_repeat_order_for_an_organisation_with_the_service(app_env):
    """A second order for the same business ID: the optimisation alone is allowed because the
    organisation already ordered the reporting service, and the main user is linked, not duplicated."""
    when = next_working_day(today_in_finland() + dt.timedelta(days=5))
    at = open_page(app_as(OPERATOR), "order")
    _fill(at, business_id="1572860-0", email="anna@uusi.fi", phone="040 1234567", when=when).run()
    at.button(key="order_submit").click().run()
    assert not _errors(at)
    at.button(key="order_new").click().run()
    _fill(at, business_id="1572860-0", email="anna@uusi.fi", phone="040 1234567", when=when, users=0)
    at.checkbox(key="order_addon_saldoviesti").uncheck()
    at.radio(key="order_optimisation").set_value("once").run()
    assert not [w.value for w in at.warning if "edellyttää" in w.value]
    at.button(key="order_submit").click().run()
    assert not _errors(at), _errors(at)
    assert any("on jo Fokus-tunnus; tilaus liitettiin siihen" in m.value for m in at.markdown)
    con = sqlite3.connect(app_env["REPORTING_STATE_DB"])
    try:
        assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1
        assert con.execute("SELECT count(DISTINCT main_user_id), count(*) FROM orders").fetchone() == (1, 2)
    finally:
        con.close()
