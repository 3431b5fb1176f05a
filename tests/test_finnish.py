"""Identifiers: the business ID (python-stdnum), phone numbers (phonenumbers), e-mail
addresses (email-validator); the importer's SQL function is the same phone rule."""

import duckdb
import pytest

from reporting.core.identifiers import (
    is_valid_ytunnus,
    make_ytunnus,
    normalise_email,
    normalise_phone,
    register_sql_functions,
    ytunnus_check_digit,
)


@pytest.mark.parametrize("value, ok", [
    ("0112038-9", True),      # Nokia Oyj
    ("1572860-0", True),      # a real ID whose check digit is 0
    ("0112038-8", False),
    ("112038-9", False),
    ("01120389", False),      # valid digits, but not written as 1234567-8
    ("FI01120389", False),    # the VAT number form
    (" 0112038-9 ", True),
    ("", False),
    (None, False),
])
def test_ytunnus_validation(value, ok):
    assert is_valid_ytunnus(value) is ok


def test_ytunnus_check_digit_by_hand():
    # 0112038: 0*7+1*9+1*10+2*5+0*8+3*4+8*2 = 57; 57 % 11 = 2; 11 - 2 = 9
    assert ytunnus_check_digit("0112038") == 9
    # 1572860: 1*7+5*9+7*10+2*5+8*8+6*4+0*2 = 220; 220 % 11 = 0 -> 0
    assert ytunnus_check_digit("1572860") == 0


def test_base_with_remainder_one_is_stepped():
    # Remainder 1 has no check digit: 0000006: 6*2 = 12; 12 % 11 = 1.
    assert ytunnus_check_digit("0000006") is None
    made = make_ytunnus("0000006")
    assert made == "0000007-8"          # 7*2 = 14; 14 % 11 = 3; 11 - 3 = 8
    assert is_valid_ytunnus(made)


@pytest.mark.parametrize("raw, e164", [
    ("040 123 4567", "+358401234567"),
    ("0401234567", "+358401234567"),
    ("+358 40 1234567", "+358401234567"),
    ("00358401234567", "+358401234567"),
    ("358401234567", "+358401234567"),
    ("(040) 123-4567", "+358401234567"),
    ("09 123 456", "+3589123456"),           # a Helsinki landline
    ("+46 70 123 45 67", "+46701234567"),    # a Swedish mobile keeps its country
    ("+358 40 123", None),                   # too short for a Finnish mobile
    ("+358 9 9319761", None),                # 099... is not in Finland's numbering plan
    ("abc", None),
    ("12ab", None),
    ("", None),
    (None, None),
])
def test_phone_normalisation(raw, e164):
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw, e164", [
    ("040 123 4567", "+358401234567"),
    ("+358 9 9319761", "+35899319761"),      # a possible length: the importer keeps it
    ("+358 40 123", "+35840123"),
    ("0401", None),                          # too short
    ("040 123 4567 8901 23", None),          # too long
    ("+999 12345678", None),                 # no such country code
    ("abc", None),
])
def test_phone_normalisation_not_strict(raw, e164):
    assert normalise_phone(raw, strict=False) == e164


def test_the_importers_sql_function_is_the_same_rule():
    con = duckdb.connect()
    register_sql_functions(con)
    values = ["040 123 4567", "0401", "", "   ", None, "abc", "+358 9 9319761", "040 123 4567"]
    got = [r[0] for r in con.execute("SELECT imp_phone(v) FROM unnest($v) AS t(v)", {"v": values}).fetchall()]
    assert got == [normalise_phone(v, strict=False) for v in values]
    assert got[0] == got[-1] == "+358401234567" and got[1:6] == [None] * 5


@pytest.mark.parametrize("raw, normal", [
    ("maija@testi.fi", "maija@testi.fi"),
    ("  Maija.Meikalainen@Testi.FI ", "Maija.Meikalainen@testi.fi"),   # the domain is case-free
    ("maija+fokus@alihanke.example.fi", "maija+fokus@alihanke.example.fi"),
    ("matti@yritys.fi", "matti@yritys.fi"),
    ("maija@testi", None),           # no top-level domain
    ("maija testi@x.fi", None),
    ("maija@@testi.fi", None),
    ("@testi.fi", None),
    ("maija@", None),
    ("maija@-testi.fi", None),
    ("a" * 65 + "@testi.fi", None),  # the local part is at most 64 characters
    ("x@" + "a" * 250 + ".fi", None),
    ("", None),
    (None, None),
])
def test_email_normalisation(raw, normal):
    assert normalise_email(raw) == normal
