"""Translations and locale formatting (Babel). Finnish is the default language.

Strings live in ``reporting/i18n/strings/<area>.py`` modules, each defining
``STRINGS = {key: {"fi": ..., "en": ...}}``; every module in that package is merged here, so
each area of the product keeps its own file. ``t()`` falls back to Finnish, then to the key.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"fi": "fi_FI", "en": "en_GB"}
MISSING = "–"
TIME_ZONE = ZoneInfo("Europe/Helsinki")   # the customers' wall clock, in either language


def locale_for(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["fi"])


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    from reporting.i18n import strings

    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(strings.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{strings.__name__}.{info.name}")
        for key, texts in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"string key {key!r} defined twice ({info.name})")
            merged[key] = texts
    return merged


def t(key: str, lang: str = "fi", /, **values: Any) -> str:
    texts = _catalogue().get(key)
    text = key if texts is None else texts.get(lang) or texts.get("fi") or key
    return text.format(**values) if values else text


def has_string(key: str) -> bool:
    return key in _catalogue()


def code_label(prefix: str, code: Any, lang: str = "fi") -> Any:
    """A code shown as a word: the string ``<prefix>.<code>`` in the language, the code itself
    when no such string exists; anything that is not text (a missing value) is returned as
    it is. The one way codes (statuses, categories, rules ...) become words on screen."""
    if not isinstance(code, str):
        return code
    key = f"{prefix}.{code}"
    return t(key, lang) if has_string(key) else code


@cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(locale_for(lang)).territories)


def country_name(code: Any, lang: str = "fi") -> str:
    """A country's name from its ISO 3166 code in the language (Babel, the app's locale:
    fi_FI / en_GB); the code itself when unknown, empty text for no code."""
    if not isinstance(code, str) or not code:
        return ""
    return _territories(lang).get(code.upper(), code)


def is_missing(value: Any) -> bool:
    """None, NaN or pandas NA: a value the formatters show as a dash."""
    if value is None:
        return True
    try:
        return value != value  # NaN, pandas NA
    except TypeError:
        return False


def fmt_money(value: Any, lang: str = "fi", currency: str = "EUR", digits: int = 2) -> str:
    """1 234,56 € in Finnish, €1,234.56 in English."""
    if is_missing(value):
        return MISSING
    fmt = None if digits == 2 else ("#,##0 ¤" if lang == "fi" else "¤#,##0")
    amount = Decimal(str(value))
    if digits == 2:     # to the cent half away from zero, the rounding rule (reporting.core.money)
        amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_currency(amount, currency, format=fmt, locale=locale_for(lang),
                           currency_digits=digits == 2)


def fmt_number(value: Any, lang: str = "fi", digits: int = 0) -> str:
    if is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale_for(lang))


def fmt_percent(value: Any, lang: str = "fi", digits: int = 1) -> str:
    """A share (0.125) as 12,5 %."""
    if is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + ("\u00a0%" if lang == "fi" else "%")
    return format_percent(Decimal(str(value)), format=pattern, locale=locale_for(lang))


def fmt_signed_percent(value: Any, lang: str = "fi", digits: int = 1) -> str:
    if is_missing(value):
        return MISSING
    text = fmt_percent(abs(value), lang, digits)
    return ("+" if value > 0 else "-" if value < 0 else "±") + text


def fmt_date(value: Any, lang: str = "fi") -> str:
    """31.12.2026 in Finnish, 31 Dec 2026 in English."""
    if is_missing(value):
        return MISSING
    if isinstance(value, dt.datetime):
        value = value.date()
    if hasattr(value, "date") and not isinstance(value, dt.date):
        value = value.date()
    pattern = "d.M.yyyy" if lang == "fi" else "d MMM yyyy"
    return format_date(value, pattern, locale=locale_for(lang))


def _wall_clock(value: Any) -> dt.datetime:
    """A datetime on the Finnish wall clock: an aware one converted to Europe/Helsinki; a naive
    one (the data's times are Finnish local time) as it is."""
    if not isinstance(value, dt.datetime) and hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if getattr(value, "tzinfo", None) is not None:
        value = value.astimezone(TIME_ZONE).replace(tzinfo=None)
    return value


def fmt_datetime(value: Any, lang: str = "fi") -> str:
    """31.12.2026 klo 14.05 in Finnish, 31 Dec 2026 14:05 in English (Finnish time)."""
    if is_missing(value):
        return MISSING
    pattern = "d.M.yyyy 'klo' H.mm" if lang == "fi" else "d MMM yyyy HH:mm"
    return format_datetime(_wall_clock(value), pattern, locale=locale_for(lang))


def fmt_table_datetime(value: Any, lang: str = "fi") -> str:
    """A date and time as a table column shows it (reporting.ui.tables: D.M.YYYY HH:mm):
    31.12.2026 14:05 in Finnish, 31 Dec 2026 14:05 in English (Finnish time), so a column
    shown as text (one with missing values) reads like its neighbours."""
    if is_missing(value):
        return MISSING
    pattern = "d.M.yyyy HH:mm" if lang == "fi" else "d MMM yyyy HH:mm"
    return format_datetime(_wall_clock(value), pattern, locale=locale_for(lang))


def fmt_time(value: Any, lang: str = "fi") -> str:
    """14.05.09 in Finnish, 14:05:09 in English (Finnish time)."""
    if is_missing(value):
        return MISSING
    pattern = "H.mm.ss" if lang == "fi" else "HH:mm:ss"
    return format_datetime(_wall_clock(value), pattern, locale=locale_for(lang))


# One month format in tables and chart axes (short), one in headings and sentences (long):
# 10/2026 / Oct 2026 and lokakuu 2026 / October 2026. A month is never shown as its first day
# (1.10.2026 reads as a date). The table format is the same pattern in the dataframe's
# date-column syntax (MONTH_COLUMN_FORMAT) for month columns shown by show_table.
MONTH_COLUMN_FORMAT = {"fi": "M/YYYY", "en": "MMM YYYY"}


def is_month_column(name: str) -> bool:
    """A column holding months (first days standing for their month): ``month``,
    ``*_month`` (invoice_month ...)."""
    return name == "month" or name.endswith("_month")


def month_column_format(lang: str) -> str:
    return MONTH_COLUMN_FORMAT.get(lang, MONTH_COLUMN_FORMAT["fi"])


def fmt_month(value: Any, lang: str = "fi", short: bool = False) -> str:
    """lokakuu 2026 / October 2026 in headings (short, in tables and on chart axes: 10/2026 /
    Oct 2026)."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:7] + "-01")
    if isinstance(value, dt.datetime):
        value = value.date()
    if hasattr(value, "date") and not isinstance(value, dt.date):
        value = value.date()
    if short:
        pattern = "M/yyyy" if lang == "fi" else "MMM yyyy"
    else:
        pattern = "LLLL yyyy"
    return format_date(value, pattern, locale=locale_for(lang))
