"""The order page's price and account rules for an organisation that is a customer already
(issue 14 point 13): a main user's order for its own company links to its own account and
is not charged the set-up fee again; the training date speaks the user's language; required
fields say so; the quote has a stable number and a validity date."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
from decimal import Decimal

import duckdb

from reporting.i18n import fmt_date, fmt_money
from reporting.orders.ordering import next_working_day, today_in_finland
from reporting.orders.pricing import load_price_list
from tests.helpers import MAIN_USER, OPERATOR, ROOT, app_as, app_as_account, open_page

PRICE_LIST = ROOT / "data" / "price_list.toml"


def _state(app_env, sql: str, *params) -> list[tuple]:
    con = sqlite3.connect(app_env["REPORTING_STATE_DB"])
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _business_id(app_env, org_id: str) -> str:
    con = duckdb.connect(app_env["REPORTING_DB"], read_only=True)
    try:
        return con.execute("SELECT business_id FROM organisations WHERE org_id = ?", [org_id]).fetchall()[0][0]
    finally:
        con.close()


def _totals(at) -> list[str]:
    return [str(v) for v in at.table[0].value.to_numpy().ravel()]


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _quote_codes(app_env) -> list[list[str]]:
    return [[ln["code"] for ln in json.loads(q)["lines"]]
            for (q,) in _state(app_env, "SELECT quote FROM orders ORDER BY created_at")]


def test_main_users_own_order_links_its_account_and_has_no_set_up_fee(app_env):
    """The orderer is pohjola's main user: the form shows its own company, the quote has no
    set-up fee line, and after the order there is still no account at all in the state store
    (the demo persona is the main user; no second main user is created)."""
    pl = load_price_list(PRICE_LIST)
    at = open_page(app_as(MAIN_USER), "order")
    assert not at.exception
    assert at.text_input(key="order_business_id").value == _business_id(app_env, "pohjola")
    assert any("uutta tunnusta ei luoda" in c.value for c in at.caption)
    at.text_input(key="order_main_user_email").input("paakayttaja@pohjola.example")
    at.text_input(key="order_main_user_phone").input("040 1234567")
    at.number_input(key="order_users").set_value(3)
    at.text_input(key="order_training_date").input(
        fmt_date(next_working_day(today_in_finland() + dt.timedelta(days=7)))).run()
    # 3 users: the 2-5 users tier; nothing one-off, so the first year is 12 monthly fees
    monthly = next(t.monthly_fee for t in pl.user_tiers if t.max_users >= 3)
    values = _totals(at)
    assert values[0] == fmt_money(monthly)
    assert values[2] == fmt_money(Decimal("0.00"))                          # one-off, VAT 0 %
    assert fmt_money(pl.setup_fee) not in values
    assert any("perustamismaksua ei veloiteta uudelleen" in c.value for c in at.caption)
    at.button(key="order_submit").click().run()
    assert not at.exception and not _errors(at), _errors(at)
    text = " ".join(m.value for m in at.markdown).replace("\u2060", "")
    assert "on jo Fokus-tunnus; tilaus liitettiin siihen" in text
    assert _state(app_env, "SELECT count(*) FROM accounts") == [(0,)]
    assert _state(app_env, "SELECT org_id, main_user_id, main_user_created, one_off_vat0 FROM orders") == [
        ("pohjola", None, 0, "0.00")]
    assert _quote_codes(app_env) == [["reporting_service"]]


def test_main_user_with_an_account_orders_as_itself(app_env, cheap_argon2):
    """A main user signed in with a personal account: name and e-mail are its own and cannot
    be changed; the order is linked to that account, no other account appears."""
    from reporting.access.accounts import create_account
    from reporting.access.scope import Role

    me = create_account(email="maija@pohjola.example", name="Maija Pää", role=Role.MAIN_USER,
                        org_id="pohjola", created_by="test")
    at = open_page(app_as_account(me.user_id), "order")
    assert not at.exception
    name, email = at.text_input(key="order_main_user_name"), at.text_input(key="order_main_user_email")
    assert (name.value, email.value) == ("Maija Pää", "maija@pohjola.example")
    assert name.disabled and email.disabled
    at.text_input(key="order_main_user_phone").input("040 7654321")
    at.text_input(key="order_training_date").input(
        fmt_date(next_working_day(today_in_finland() + dt.timedelta(days=9)))).run()
    at.button(key="order_submit").click().run()
    assert not _errors(at), _errors(at)
    assert _state(app_env, "SELECT user_id, role FROM accounts") == [(me.user_id, "main_user")]
    assert _state(app_env, "SELECT main_user_id, main_user_created FROM orders") == [(me.user_id, 0)]


def test_operator_order_for_an_existing_customer_has_no_set_up_fee(app_env):
    """The operator orders on behalf of saimaa (in the analytical data: a customer already):
    no set-up fee; for a business ID nobody knows the fee is on the quote."""
    pl = load_price_list(PRICE_LIST)
    at = open_page(app_as(OPERATOR), "order")
    at.text_input(key="order_business_id").input(_business_id(app_env, "saimaa")).run()
    assert fmt_money(pl.setup_fee) not in _totals(at)
    at.text_input(key="order_business_id").input("1572860-0").run()       # a new customer
    assert _totals(at)[2] == fmt_money(pl.setup_fee)
    assert any("Perustamismaksu sisältää" in c.value for c in at.caption)


def test_training_date_in_the_users_language(app_env):
    at = open_page(app_as(OPERATOR), "order")
    field = at.text_input(key="order_training_date")
    assert field.placeholder == "pp.kk.vvvv"
    for typed, message in (("31.2.2027", "muodossa pp.kk.vvvv"), ("ensi viikolla", "muodossa pp.kk.vvvv"),
                           ("", "Valitse toivottu koulutuspäivä.")):
        at.text_input(key="order_training_date").input(typed).run()
        at.button(key="order_submit").click().run()
        assert any(message in e for e in _errors(at)), (typed, _errors(at))
    good = next_working_day(today_in_finland() + dt.timedelta(days=7))
    for typed in (f"{good.day}.{good.month}.{good.year}", good.isoformat(), fmt_date(good)):
        at.text_input(key="order_training_date").input(typed).run()
        at.button(key="order_submit").click().run()
        assert not [e for e in _errors(at) if "koulutus" in e.lower() or "pp.kk" in e], (typed, _errors(at))

    en = open_page(app_as(OPERATOR, lang="en"), "order")
    assert en.text_input(key="order_training_date").placeholder == "dd.mm.yyyy"


def test_required_fields_are_marked(app_env):
    at = open_page(app_as(OPERATOR), "order")
    labels = {w.key: w.label for w in at.text_input}
    required = ["order_company_name", "order_business_id", "order_main_user_name",
                "order_main_user_email", "order_main_user_phone", "order_training_date"]
    assert all(labels[k].endswith(" *") for k in required), labels
    assert "Tähdellä (*) merkityt tiedot ovat pakollisia." in [c.value for c in at.caption]
    # each of them, left empty, has its own message
    at.button(key="order_submit").click().run()
    assert len(_errors(at)) == len(required)


def test_quote_number_is_stable_unique_and_has_a_validity_date():
    from reporting.orders.pricing import make_quote
    from reporting.orders.quote import quote_html

    pl = load_price_list(PRICE_LIST)
    day = dt.date(2026, 12, 2)
    q3, q4 = make_quote(3, 40, ["saldoviesti"], pl), make_quote(4, 40, ["saldoviesti"], pl)
    html = quote_html(q3, "fi", company="Uusi Oy", business_id="1572860-0", today=day)
    m = re.search(r"Tarjousnumero (TAR-20261202-[0-9A-F]{8}) · voimassa (\d{1,2}\.\d{1,2}\.\d{4}) asti", html)
    assert m, html
    # 30 days (the price list's quote_valid_days) from 2.12.2026
    assert pl.quote_valid_days == 30 and m.group(2) == fmt_date(dt.date(2027, 1, 1)) == "1.1.2027"
    again = quote_html(make_quote(3, 40, ["saldoviesti"], pl), "fi", company="Uusi Oy",
                       business_id="1572860-0", today=day)
    assert m.group(1) in again                                   # stable
    numbers = {re.search(r"TAR-\d{8}-[0-9A-F]{8}", h).group(0) for h in (
        html,
        quote_html(q4, "fi", company="Uusi Oy", business_id="1572860-0", today=day),
        quote_html(q3, "fi", company="Toinen Oy", business_id="1572860-0", today=day),
        quote_html(q3, "fi", company="Uusi Oy", business_id="1572860-0", today=day + dt.timedelta(days=1)),
    )}
    assert len(numbers) == 4                                     # unique per content, customer, day
    en = quote_html(q3, "en", today=day)
    assert re.search(r"Quote number TAR-20261202-[0-9A-F]{8} · valid until " + re.escape(fmt_date(
        dt.date(2027, 1, 1), "en")), en)


def test_quote_cli_prints_number_and_validity(tmp_path):
    out = subprocess.run([sys.executable, "-m", "reporting", "quote", "--users", "2", "--subscriptions", "5",
                          "--json"], capture_output=True, text=True, cwd=ROOT, check=True)
    data = json.loads(out.stdout)
    assert re.fullmatch(r"TAR-\d{8}-[0-9A-F]{8}", data["quote_number"])
    day = dt.date.fromisoformat(data["date"])
    assert dt.date.fromisoformat(data["valid_until"]) == day + dt.timedelta(days=30)
    assert data["quote_number"][4:12] == day.strftime("%Y%m%d")


def test_the_orders_rebuild_keeps_every_order_and_event(tmp_path):
    """State migration 1700 rebuilds orders and order_events (main_user_id becomes optional):
    a store with orders and their state history made under 1600 keeps every row, the
    events still cascade with their order, and NULL is accepted only after it."""
    from reporting.core.migrations import STATE, apply_migrations
    from reporting.core.sqlfiles import migration_files

    files = migration_files("state/migrations")
    before = [(n, t) for n, t in files if n < "1700"]
    con = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    apply_migrations(con, STATE, before)
    con.execute("INSERT INTO accounts (user_id, email, name, role, org_id) VALUES "
                "('u1', 'a@b.fi', 'A', 'main_user', 'o1')")
    order = ("ORD-1", "2026-12-01 10:00:00", "op", "o1", "Oy", "1572860-0", "A", "a@b.fi", "+35840",
             "u1", 1, 3, 5, "[]", "2026-12-10", "", "fi", "{}", "150.00", "200.00", 0, "in_progress",
             "2026-12-01 11:00:00", None)
    con.execute(f"INSERT INTO orders VALUES ({', '.join('?' * len(order))})", order)
    con.executemany("INSERT INTO order_events (order_id, actor, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)",
                    [("ORD-1", "op", None, "received", ""), ("ORD-1", "op", "received", "in_progress", "x")])
    events = con.execute("SELECT * FROM order_events ORDER BY id").fetchall()
    try:
        con.execute("UPDATE orders SET main_user_id = NULL")
        raise AssertionError("NULL accepted before the migration")
    except sqlite3.IntegrityError:
        pass

    assert apply_migrations(con, STATE, files)[0] == "1700_orders_main_user_optional"
    assert con.execute("SELECT * FROM orders").fetchall() == [order]
    assert con.execute("SELECT * FROM order_events ORDER BY id").fetchall() == events
    con.execute("INSERT INTO order_events (order_id, actor, to_state) VALUES ('ORD-1', 'op', 'deployed')")
    assert con.execute("SELECT max(id) FROM order_events").fetchall() == [(3,)]    # ids go on
    con.execute("UPDATE orders SET main_user_id = NULL")
    con.execute("DELETE FROM orders")
    assert con.execute("SELECT count(*) FROM order_events").fetchall() == [(0,)]  # cascade kept
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
