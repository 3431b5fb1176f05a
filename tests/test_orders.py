"""Orders: holidays, each validation message, storage with the main user's account, states."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from reporting.access.scope import Role, User
from reporting.core import state
from reporting.orders.ordering import (
    OrderForm,
    OrderInvalid,
    OrderStateError,
    advance,
    derive_org_id,
    finnish_holidays,
    is_working_day,
    list_orders,
    next_working_day,
    order_events,
    services_of,
    submit_order,
    validate,
)
from reporting.orders.pricing import load_price_list
from tests.helpers import ROOT
from tests.store import open_store

TODAY = dt.date(2026, 11, 27)            # a Friday
OPERATOR = User("op-1", "Operaattori", Role.OPERATOR)
PRICES = ROOT / "data" / "price_list.toml"

GOOD = OrderForm(
    company_name="Testi Oy", business_id="1572860-0", main_user_name="Maija Meikäläinen",
    main_user_email="maija@testi.fi", main_user_phone="040 123 4567", users=3, subscriptions=25,
    addons=("cost_reporting", "saldoviesti"), training_date=dt.date(2026, 12, 2), notes="Aamupäivä",
)


@pytest.fixture
def store(tmp_path):
    return tmp_path / "state.sqlite"


def _problems(form: OrderForm, orderer: User = OPERATOR, **kw) -> dict[str, tuple[str, str]]:
    with pytest.raises(OrderInvalid) as err:
        validate(form, orderer=orderer, today=TODAY, price_list=load_price_list(PRICES),
                 existing_services=(), **kw)
    return {k: (p.message("fi"), p.message("en")) for k, p in err.value.problems.items()}


# Finland's public holidays and the two eves that are days off (Midsummer Eve, Christmas Eve),
# 2025-2030, written down from the official calendar (Helsingin yliopiston almanakka):
# New Year, Epiphany, Good Friday, Easter Sunday, Easter Monday, May Day, Ascension Day,
# Whit Sunday, Midsummer Eve, Midsummer Day, All Saints' Day, Independence Day, Christmas Eve,
# Christmas Day, Boxing Day.
OFFICIAL_HOLIDAYS = {
    2025: ["01-01", "01-06", "04-18", "04-20", "04-21", "05-01", "05-29", "06-08", "06-20", "06-21",
           "11-01", "12-06", "12-24", "12-25", "12-26"],
    2026: ["01-01", "01-06", "04-03", "04-05", "04-06", "05-01", "05-14", "05-24", "06-19", "06-20",
           "10-31", "12-06", "12-24", "12-25", "12-26"],
    2027: ["01-01", "01-06", "03-26", "03-28", "03-29", "05-01", "05-06", "05-16", "06-25", "06-26",
           "11-06", "12-06", "12-24", "12-25", "12-26"],
    2028: ["01-01", "01-06", "04-14", "04-16", "04-17", "05-01", "05-25", "06-04", "06-23", "06-24",
           "11-04", "12-06", "12-24", "12-25", "12-26"],
    2029: ["01-01", "01-06", "03-30", "04-01", "04-02", "05-01", "05-10", "05-20", "06-22", "06-23",
           "11-03", "12-06", "12-24", "12-25", "12-26"],
    2030: ["01-01", "01-06", "04-19", "04-21", "04-22", "05-01", "05-30", "06-09", "06-21", "06-22",
           "11-02", "12-06", "12-24", "12-25", "12-26"],
}


@pytest.mark.parametrize("year", sorted(OFFICIAL_HOLIDAYS))
def test_finnish_holidays_match_the_official_calendar(year):
    expected = {dt.date.fromisoformat(f"{year}-{md}") for md in OFFICIAL_HOLIDAYS[year]}
    assert set(finnish_holidays(year)) == expected
    assert set(finnish_holidays(year, "en")) == expected


def test_holiday_names_in_both_languages():
    assert finnish_holidays(2027)[dt.date(2027, 6, 25)] == "juhannusaatto"
    assert finnish_holidays(2027)[dt.date(2027, 11, 6)] == "pyhäinpäivä"
    assert finnish_holidays(2027)[dt.date(2027, 5, 6)] == "helatorstai"
    assert finnish_holidays(2027, "en")[dt.date(2027, 5, 6)] == "Ascension Day"
    assert finnish_holidays(2026, "en")[dt.date(2026, 12, 24)] == "Christmas Eve"


def test_working_days():
    assert not is_working_day(dt.date(2026, 11, 28))        # Saturday
    assert not is_working_day(dt.date(2026, 12, 24))        # Christmas Eve (Thursday)
    assert is_working_day(dt.date(2026, 12, 23))
    assert next_working_day(dt.date(2026, 12, 23)) == dt.date(2026, 12, 28)
    assert next_working_day(dt.date(2027, 3, 25)) == dt.date(2027, 3, 30)   # Easter 2027
    assert next_working_day(dt.date(2028, 6, 22)) == dt.date(2028, 6, 26)   # Midsummer 2028
    assert not is_working_day(dt.date(2030, 5, 30))                         # Ascension 2030


def test_valid_form_is_clean():
    order = validate(GOOD, orderer=OPERATOR, today=TODAY, price_list=load_price_list(PRICES),
                     existing_services=())
    assert order.main_user_phone == "+358401234567"
    assert order.org_id == derive_org_id("1572860-0") == "yt-1572860-0"
    assert order.quote.monthly.net is not None


@pytest.mark.parametrize("field, value, fi, en", [
    ("company_name", "  ", "Anna yrityksen nimi.", "Enter the company name."),
    ("company_name", "x" * 201, "Yrityksen nimi on liian pitkä (enintään 200 merkkiä).", "too long"),
    ("business_id", "", "Anna Y-tunnus.", "Enter the business ID."),
    ("business_id", "1572860", "Y-tunnus on muotoa 1234567-8", "looks like 1234567-8"),
    ("business_id", "1572860-1", "Y-tunnuksen tarkistusnumero ei täsmää", "check digit does not match"),
    ("main_user_name", "", "Anna pääkäyttäjän nimi.", "Enter the main user's name."),
    ("main_user_email", "", "Anna pääkäyttäjän sähköpostiosoite.", "Enter the main user's e-mail"),
    ("main_user_email", "maija@testi", "Sähköpostiosoite ei kelpaa", "e-mail address is not valid"),
    ("main_user_email", "maija testi@x.fi", "Sähköpostiosoite ei kelpaa", "not valid"),
    ("main_user_phone", "", "Anna pääkäyttäjän puhelinnumero.", "Enter the main user's phone"),
    ("main_user_phone", "12ab", "Puhelinnumero ei kelpaa", "phone number is not valid"),
    ("training_date", None, "Valitse toivottu koulutuspäivä.", "Choose a desired training date."),
    ("training_date", TODAY, "Koulutuspäivän on oltava tulevaisuudessa (aikaisintaan 30.11.2026).",
     "must be in the future (30 Nov 2026 at the earliest)"),
    ("training_date", dt.date(2026, 11, 29), "29.11.2026 on viikonloppu – valitse arkipäivä.", "is a weekend"),
    ("training_date", dt.date(2026, 12, 24), "24.12.2026 on arkipyhä (jouluaatto) – valitse arkipäivä.",
     "is a public holiday (Christmas Eve)"),
    ("training_date", dt.date(2027, 3, 26), "(pitkäperjantai)", "(Good Friday)"),
    ("training_date", dt.date(2027, 5, 6), "(helatorstai)", "(Ascension Day)"),
    ("training_date", dt.date(2028, 1, 3), "vuoden sisällä", "within a year"),
    ("notes", "x" * 2001, "Lisätiedot ovat liian pitkät", "too long"),
    ("users", -1, "Määrä ei voi olla negatiivinen.", "cannot be negative"),
    ("subscriptions", -5, "Määrä ei voi olla negatiivinen.", "cannot be negative"),
])
def test_each_invalid_field_gets_its_own_message(field, value, fi, en):
    problems = _problems(dataclasses.replace(GOOD, **{field: value}))
    assert set(problems) == {field}
    assert fi in problems[field][0]
    assert en in problems[field][1]


def test_dependency_message_on_the_addons_field():
    problems = _problems(dataclasses.replace(GOOD, users=0, addons=("optimisation",)))
    assert problems == {"addons": (
        "Optimointiraportti (kertaluonteinen optimointi) edellyttää, että tilaat myös: "
        "Raportointipalvelu (vähintään yksi käyttäjä).",
        "Optimisation report (one-off optimisation) requires that you also order: "
        "the reporting service (at least one user).")}


def test_every_problem_reported_at_once():
    problems = _problems(OrderForm(users=1))
    assert set(problems) == {"company_name", "business_id", "main_user_name", "main_user_email",
                             "main_user_phone", "training_date"}


def test_main_user_orders_only_for_their_own_organisation():
    main = User("mu-1", "Pää", Role.MAIN_USER, org_id="pohjola")
    problems = _problems(GOOD, orderer=main, own_business_id="1234567-1")
    assert problems["business_id"][0] == ("Pääkäyttäjänä voit tilata vain omalle organisaatiollesi "
                                          "(Y-tunnus 1234567-1).")
    order = validate(dataclasses.replace(GOOD, business_id="1572860-0"), orderer=main, today=TODAY,
                     price_list=load_price_list(PRICES), own_business_id="1572860-0",
                     existing_services=())
    assert order.org_id == "pohjola"


def _row(store, sql, *params):
    con = open_store(store)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_order_creates_its_main_user(store):
    result = submit_order(GOOD, orderer=OPERATOR, today=TODAY, price_list=load_price_list(PRICES),
                          path=store)
    assert result.account_created and result.org_id == "yt-1572860-0"
    accounts = _row(store, "SELECT * FROM accounts WHERE email = ?", "maija@testi.fi")
    assert len(accounts) == 1
    acc = accounts[0]
    assert (acc["user_id"], acc["role"], acc["org_id"], acc["name"], acc["created_by"]) == (
        result.main_user_id, "main_user", "yt-1572860-0", "Maija Meikäläinen", "op-1")
    audit = _row(store, "SELECT action, target, org_id, actor FROM audit_log ORDER BY id")
    assert [tuple(a) for a in audit] == [
        ("create_account", result.main_user_id, "yt-1572860-0", "op-1"),
        ("order_received", result.order_id, "yt-1572860-0", "op-1")]
    order = _row(store, "SELECT * FROM orders")[0]
    assert order["state"] == "received" and order["main_user_id"] == result.main_user_id
    assert order["main_user_phone"] == "+358401234567"
    assert json.loads(order["addons"]) == ["cost_reporting", "saldoviesti"]
    assert order["training_date"] == "2026-12-02"
    quote = json.loads(order["quote"])
    assert quote["totals"]["monthly"]["vat_0"] == order["monthly_vat0"]
    assert order["one_off_vat0"] == "200.00"
    # The account can be loaded as the User it signs in as, scoped to its organisation.
    from reporting.access.accounts import load_user

    user = load_user(result.main_user_id, path=store)
    assert user.role is Role.MAIN_USER and user.scope().org_id == "yt-1572860-0"


def test_existing_organisation_and_repeat_orders(store):
    pl = load_price_list(PRICES)
    first = submit_order(GOOD, orderer=OPERATOR, today=TODAY, price_list=pl, path=store,
                         known_orgs={"1572860-0": "testi"})
    assert first.org_id == "testi"
    # The same main user orders again for the same organisation: linked, not duplicated,
    # and the optimisation is allowed because the organisation has the reporting service.
    again = dataclasses.replace(GOOD, users=0, addons=("optimisation",))
    second = submit_order(again, orderer=OPERATOR, today=TODAY, price_list=pl, path=store,
                          known_orgs={"1572860-0": "testi"})
    assert not second.account_created and second.main_user_id == first.main_user_id
    assert len(_row(store, "SELECT * FROM accounts")) == 1
    assert services_of("testi", store) >= {"reporting_service", "optimisation", "saldoviesti"}


def test_email_of_another_organisation_writes_nothing(store):
    pl = load_price_list(PRICES)
    submit_order(GOOD, orderer=OPERATOR, today=TODAY, price_list=pl, path=store)
    other = dataclasses.replace(GOOD, company_name="Toinen Oy", business_id="1234567-1")
    with pytest.raises(OrderInvalid) as err:
        submit_order(other, orderer=OPERATOR, today=TODAY, price_list=pl, path=store)
    assert set(err.value.problems) == {"main_user_email"}
    assert "jo Fokus-tunnus" in err.value.problems["main_user_email"].message("fi")
    assert len(_row(store, "SELECT * FROM orders")) == 1
    assert len(_row(store, "SELECT * FROM accounts")) == 1


def test_invalid_order_writes_nothing(store):
    with pytest.raises(OrderInvalid):
        submit_order(dataclasses.replace(GOOD, business_id="1572860-1"), orderer=OPERATOR,
                     today=TODAY, price_list=load_price_list(PRICES), path=store)
    with state.connect(store) as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0


def test_state_moves_on(store):
    result = submit_order(GOOD, orderer=OPERATOR, today=TODAY, price_list=load_price_list(PRICES),
                          path=store)
    oid = result.order_id
    main = User(result.main_user_id, "Maija", Role.MAIN_USER, org_id=result.org_id)
    with pytest.raises(PermissionError):
        advance(oid, "in_progress", actor=main, path=store)
    with pytest.raises(OrderStateError) as err:
        advance(oid, "deployed", actor=OPERATOR, path=store)
    assert err.value.message("fi") == "Tilasta Vastaanotettu ei voi siirtyä tilaan Käyttöönotettu."
    advance(oid, "in_progress", actor=OPERATOR, expected_state="received", note="Koulutus sovittu", path=store)
    with pytest.raises(OrderStateError) as err:        # someone else moved it meanwhile
        advance(oid, "cancelled", actor=OPERATOR, expected_state="received", path=store)
    assert err.value.key == "orders.error.changed"
    advance(oid, "deployed", actor=OPERATOR, expected_state="in_progress", path=store)
    df = list_orders(store)
    assert df.loc[0, "order_state"] == "deployed" and df.loc[0, "order_id"] == oid
    assert _row(store, "SELECT deployed_at FROM orders")[0]["deployed_at"] is not None
    events = order_events(oid, store)
    assert list(zip(events["order_event_from"].fillna(""), events["order_event_to"], strict=True)) == [
        ("", "received"), ("received", "in_progress"), ("in_progress", "deployed")]
    assert events["order_event_note"].tolist()[1] == "Koulutus sovittu"
    assert list_orders(store, states=["received"]).empty
    with pytest.raises(OrderStateError):
        advance(oid, "cancelled", actor=OPERATOR, path=store)   # deployed is final
