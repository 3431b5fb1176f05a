import pytest

from reporting.core.identifiers import is_valid_ytunnus, make_ytunnus, normalise_phone, ytunnus_check_digit


@pytest.mark.parametrize("value, ok", [
    ("0112038-9", True),      # Nokia Oyj
    ("1572860-0", True),      # a real ID whose check digit is 0
    ("0112038-8", False),
    ("112038-9", False),
    ("01120389", False),
    ("", False),
])
def test_ytunnus_validation(value, ok):
    assert is_valid_ytunnus(value) is ok


def test_ytunnus_check_digit_by_hand():
    # 0112038: 0*7+1*9+1*10+2*5+0*8+3*4+8*2 = 57; 57 % 11 = 2; 11 - 2 = 9
    assert ytunnus_check_digit("0112038") == 9


def test_base_with_remainder_one_is_stepped():
    # 0000003: 3*2 = 6 -> 5; find a base whose remainder is 1: 0000005 -> 10 % 11 = 10 ... use search
    bases = [f"{i:07d}" for i in range(200) if ytunnus_check_digit(f"{i:07d}") is None]
    assert bases, "some bases have no check digit"
    made = make_ytunnus(bases[0])
    assert is_valid_ytunnus(made) and made[:7] != bases[0]


@pytest.mark.parametrize("raw, e164", [
    ("040 123 4567", "+358401234567"),
    ("0401234567", "+358401234567"),
    ("+358 40 1234567", "+358401234567"),
    ("00358401234567", "+358401234567"),
    ("358401234567", "+358401234567"),
    ("09 123 456", "+3589123456"),
    ("abc", None),
    ("", None),
])
def test_phone_normalisation(raw, e164):
    assert normalise_phone(raw) == e164
