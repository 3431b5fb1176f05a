"""Babel's Finnish and English number formats for a whole column at once (the Saldoviesti fast
path, reporting.messages.saldoviesti.render_messages).

``fmt_money`` / ``fmt_number`` / ``fmt_percent`` of reporting.i18n parse Babel's pattern on
every call (25-85 µs); a month's 100,000 messages call them half a million times. Here a
column is formatted once per distinct value (a month of the large demo has ~1,600 distinct
costs, ~5,400 data volumes), each value by the same arithmetic as Babel — ``Decimal(str(v))``,
money to the cent half away from zero (the rounding rule), numbers and shares half to even —
with the locale's separators. tests/test_messages_fast.py compares every formatter with
reporting.i18n's over thousands of values; a language without a fast pattern uses Babel.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from reporting.i18n import fmt_money, fmt_number, fmt_percent

# lang -> (group separator, decimal separator, money pattern, percent pattern), as Babel's
# fi_FI / en_GB give them with the patterns reporting.i18n passes
_PATTERNS = {
    "fi": ("\u00a0", ",", "{sign}{num}\u00a0€", "{sign}{num}\u00a0%"),
    "en": (",", ".", "{sign}€{num}", "{sign}{num}%"),
}


FAST_LANGUAGES = frozenset(_PATTERNS)


def formatter(kind: str, lang: str, digits: int = 0) -> Callable[[Any], str]:
    """One value's text: ``kind`` is "money" (two decimals), "number" (``digits``) or
    "percent" (a share, ``digits`` after the point). The same text as reporting.i18n."""
    if kind == "money":
        slow, digits, scale = partial(fmt_money, lang=lang), 2, 1
    elif kind == "number":
        slow, scale = partial(fmt_number, lang=lang, digits=digits), 1
    elif kind == "percent":
        slow, scale = partial(fmt_percent, lang=lang, digits=digits), 100
    else:
        raise ValueError(kind)
    if lang not in _PATTERNS:
        return slow
    group, decimal, money, percent = _PATTERNS[lang]
    pattern = money if kind == "money" else percent if kind == "percent" else "{sign}{num}"
    quantum = Decimal(1).scaleb(-digits)
    rounding = ROUND_HALF_UP if kind == "money" else ROUND_HALF_EVEN

    def fmt(value: Any) -> str:
        try:
            if value is None or value != value or isinstance(value, bool):
                return slow(value)
            d = (Decimal(str(value)) * scale).quantize(quantum, rounding=rounding)
        except (TypeError, ValueError, InvalidOperation):
            return slow(value)
        if not d.is_finite():
            return slow(value)
        text = f"{abs(d):,.{digits}f}"
        if group != "," or decimal != ".":
            text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
        return pattern.format(sign="-" if d.is_signed() else "", num=text)

    return fmt


def format_column(values: pd.Series | np.ndarray, fmt: Callable[[Any], str]) -> np.ndarray:
    """``fmt`` of every value, calling it once per distinct value: an object array of texts
    in the order of ``values``. Missing values get ``fmt(None)``; a negative zero (which
    compares equal to zero) gets its own text, as the formatters give it."""
    values = pd.Series(values)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([fmt(u) for u in uniques] + [fmt(None)], dtype=object)
    out = texts[codes]                       # code -1 (missing) takes the last text
    if values.dtype.kind == "f":
        arr = values.to_numpy()
        negative_zero = (arr == 0) & np.signbit(arr)
        if negative_zero.any():
            out[negative_zero] = fmt(-0.0)
    return out
