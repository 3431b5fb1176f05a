"""SMS length in GSM 03.38 terms (3GPP TS 23.038).

A message that uses only the GSM 7-bit default alphabet is sent as GSM-7: 160 septets in one
segment, 153 per segment when concatenated (the user data header takes 7). Characters of the
extension table (``€``, ``[``, ``{`` ...) take an escape septet plus their own: two each. A
single character outside both tables switches the whole message to UCS-2: 70 UTF-16 code
units in one segment, 67 per segment when concatenated.
"""

from __future__ import annotations

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


def gsm_safe(text: str) -> str:
    """Replace look-alike characters that would force UCS-2 (no-break and thin spaces from
    locale formatting, typographic dashes and quotes, the minus sign) with GSM-7 ones."""
    table = {
        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
    }
    return "".join(table.get(ch, ch) for ch in text)
