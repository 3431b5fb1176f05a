import datetime as dt
from decimal import Decimal

from reporting.i18n import fmt_date, fmt_datetime, fmt_money, fmt_month, fmt_number, fmt_percent, t

NBSP = "\u00a0"


def test_finnish_money_and_numbers():
    assert fmt_money(Decimal("1234.56"), "fi") == f"1{NBSP}234,56{NBSP}€"
    assert fmt_money(-12.5, "fi") == f"-12,50{NBSP}€"
    assert fmt_number(1234567, "fi") == f"1{NBSP}234{NBSP}567"
    assert fmt_number(1234.5, "fi", 1) == f"1{NBSP}234,5"
    assert fmt_percent(0.125, "fi") == f"12,5{NBSP}%"


def test_english_money_and_numbers():
    assert fmt_money(1234.56, "en") == "€1,234.56"
    assert fmt_percent(0.125, "en") == "12.5%"


def test_dates():
    assert fmt_date(dt.date(2026, 12, 31), "fi") == "31.12.2026"
    assert fmt_date(dt.date(2026, 3, 1), "fi") == "1.3.2026"
    assert fmt_date(dt.date(2026, 12, 31), "en") == "31 Dec 2026"
    assert fmt_datetime(dt.datetime(2026, 12, 31, 14, 5), "fi") == "31.12.2026 klo 14.05"
    assert fmt_month(dt.date(2026, 10, 1), "fi") == "lokakuu 2026"
    assert fmt_month(dt.date(2026, 10, 1), "en") == "October 2026"


def test_missing_values_show_a_dash():
    assert fmt_money(None) == "–"
    assert fmt_number(float("nan")) == "–"


def test_translation_falls_back_to_finnish_and_key():
    assert t("page.home.title", "en") == "Home"
    assert t("page.home.title", "fi") == "Etusivu"
    assert t("no.such.key", "en") == "no.such.key"
