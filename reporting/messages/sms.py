"""SMS length in GSM 03.38 terms (3GPP TS 23.038).

A message that uses only the GSM 7-bit default alphabet is sent as GSM-7: 160 septets in one
segment, 153 per segment when concatenated (the user data header takes 7). Characters of the
extension table (``€``, ``[``, ``{`` ...) take an escape septet plus their own: two each. A
single character outside both tables switches the whole message to UCS-2: 70 UTF-16 code
units in one segment, 67 per segment when concatenated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# The GSM 03.38 default alphabet (basic character set), in code order.
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs an escape septet plus itself.
GSM7_EXTENSION = "\f^{}\\[~]|€"

_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENSION = frozenset(GSM7_EXTENSION)


@dataclass(frozen=True)
class SmsLength:
    encoding: str        # "GSM-7" or "UCS-2"
    units: int           # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int     # the capacity per segment that applies


def sms_length(text: str) -> SmsLength:
    if all(ch in _BASIC or ch in _EXTENSION for ch in text):
        units = sum(2 if ch in _EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SmsLength(encoding, units, 1 if units else 0, single)
    segments = -(-units // multi)
    return SmsLength(encoding, units, segments, multi)


# Look-alike characters that would force UCS-2 (no-break and thin spaces from locale
# formatting, typographic dashes and quotes, the minus sign) and their GSM-7 replacements.
GSM_LOOKALIKES = {
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
}
_LOOKALIKES = str.maketrans(GSM_LOOKALIKES)


def gsm_safe(text: str) -> str:
    """Replace look-alike characters that would force UCS-2 (no-break and thin spaces from
    locale formatting, typographic dashes and quotes, the minus sign) with GSM-7 ones. The
    reference, one character at a time; ``gsm_safe_all`` is the fast path of many texts."""
    return "".join(GSM_LOOKALIKES.get(ch, ch) for ch in text)


_LOOKALIKE_RE = re.compile("[" + "".join(GSM_LOOKALIKES) + "]")


def gsm_safe_all(texts: Iterable[str]) -> list[str]:
    """``gsm_safe`` of many texts: a text without a look-alike (one precompiled search) is
    returned as it is, the others translated (``str.translate``)."""
    table, search = _LOOKALIKES, _LOOKALIKE_RE.search
    return [text.translate(table) if search(text) else text for text in texts]


# The fast path of many texts (sms_lengths), in Arrow's compute kernels (RE2): a search for a
# character outside both GSM tables, a count of the extension characters and of the characters
# outside the Basic Multilingual Plane (two UTF-16 units each); the same rules as sms_length.
def _re2_class(chars: Iterable[str]) -> str:
    return "".join(f"\\x{{{ord(ch):X}}}" for ch in sorted(chars))


_NOT_GSM7 = "[^" + _re2_class(_BASIC | _EXTENSION) + "]"
_EXTENSION_CHARS = "[" + _re2_class(_EXTENSION) + "]"
_ASTRAL = "[\\x{10000}-\\x{10FFFF}]"


def sms_lengths(texts: Iterable[str]) -> tuple[list[str], list[int], list[int]]:
    """``sms_length`` of many texts at once: (encodings, units, segments), each a list in the
    order of ``texts``. Exactly sms_length's figures (tests/test_messages_fast.py), a column
    at a time instead of a Python loop over every character."""
    arr = pa.array(list(texts), type=pa.large_string())
    if len(arr) == 0:
        return [], [], []
    ucs2 = pc.match_substring_regex(arr, _NOT_GSM7).to_numpy(zero_copy_only=False)
    chars = pc.utf8_length(arr).to_numpy().astype(np.int64)
    extension = pc.count_substring_regex(arr, _EXTENSION_CHARS).to_numpy().astype(np.int64)
    astral = pc.count_substring_regex(arr, _ASTRAL).to_numpy().astype(np.int64)
    units = np.where(ucs2, chars + astral, chars + extension)
    single, multi = np.where(ucs2, 70, 160), np.where(ucs2, 67, 153)
    segments = np.where(units <= single, (units > 0).astype(np.int64), -(-units // multi))
    return np.where(ucs2, "UCS-2", "GSM-7").tolist(), units.tolist(), segments.tolist()
