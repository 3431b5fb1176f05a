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


# The fast path of many texts (sms_lengths): one precompiled search for a character outside
# both GSM tables, one for the extension characters; the same rules as sms_length.
_NOT_GSM7 = re.compile("[^" + "".join(re.escape(ch) for ch in sorted(_BASIC | _EXTENSION)) + "]")
_EXTENSION_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_EXTENSION)) + "]")


def sms_lengths(texts: Iterable[str]) -> tuple[list[str], list[int], list[int]]:
    """``sms_length`` of many texts at once: (encodings, units, segments), each a list in the
    order of ``texts``. Exactly sms_length's figures (tests/test_messages_fast.py), without
    building an SmsLength per text."""
    encodings: list[str] = []
    units: list[int] = []
    segments: list[int] = []
    not_gsm, extension = _NOT_GSM7.search, _EXTENSION_RE.findall
    for text in texts:
        if not_gsm(text) is None:
            n = len(text) + len(extension(text))
            single, multi, encoding = 160, 153, "GSM-7"
        else:
            n = len(text.encode("utf-16-le")) // 2
            single, multi, encoding = 70, 67, "UCS-2"
        encodings.append(encoding)
        units.append(n)
        segments.append((1 if n else 0) if n <= single else -(-n // multi))
    return encodings, units, segments
