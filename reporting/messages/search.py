"""Text search over a frame's columns, shared by the Saldoviesti search
(``reporting.messages.saldoviesti.search_messages``) and the tables shown a page at a time
(``reporting.ui.paging``): case ignored, and a phone number found in either form ("040 123",
"+35840123" and "40123" all find +358401234567)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

PAGE_ROWS = 50                 # rows of a table shown a page at a time (and the Saldoviesti page)
_PHONE_QUERY = re.compile(r"\+?[0-9]+")
PHONE_COLUMNS = ("phone_number",)


def phone_needles(query: str) -> list[str]:
    """The texts a stored E.164 number contains when it matches ``query`` as a phone number
    (spaces, brackets and dashes ignored; the local form 040... is +35840...); none when
    ``query`` is not a number."""
    digits = re.sub(r"[\s()-]", "", query.strip())
    if not _PHONE_QUERY.fullmatch(digits):
        return []
    needles = [digits]
    if digits.startswith("0") and len(digits) > 1:
        needles.append("+358" + digits[1:])
    return needles


def is_text(series: pd.Series) -> bool:
    """A column of text (or codes), the kind a search looks in; figures and dates are not."""
    return (isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series)
            or series.dtype == object)


def _hits(series: pd.Series, needles: Sequence[str], fold: bool) -> np.ndarray:
    """A boolean per value of ``series``: does its text contain any of ``needles``? Each
    distinct value is looked at once (a column of 100,000 rows has far fewer)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if not len(uniques):
        return np.zeros(len(series), dtype=bool)
    text = pd.Series(np.asarray(uniques, dtype=object)).astype(str)
    if fold:
        text = text.str.casefold()
    found = np.zeros(len(uniques), dtype=bool)
    for needle in needles:
        found |= text.str.contains(needle, regex=False).to_numpy(dtype=bool)
    return np.append(found, False)[codes]            # code -1 (missing) is never a hit


def search_mask(df: pd.DataFrame, query: str | None, columns: Sequence[str],
                phone_columns: Sequence[str] = PHONE_COLUMNS) -> np.ndarray:
    """A boolean per row of ``df``: does any text column of ``columns`` contain ``query``
    (case ignored; in ``phone_columns`` also in the number's other form)? All True for an
    empty query."""
    q = (query or "").strip()
    if not q:
        return np.ones(len(df), dtype=bool)
    folded = q.casefold()
    needles = phone_needles(q)
    mask = np.zeros(len(df), dtype=bool)
    for col in columns:
        series = df[col]
        if not is_text(series):
            continue
        mask |= _hits(series, [folded], fold=True)
        if col in phone_columns and needles:
            mask |= _hits(series, needles, fold=False)
    return mask
