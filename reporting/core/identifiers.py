"""Finnish identifiers: business ID (Y-tunnus) and phone numbers."""

from __future__ import annotations

import re

_YTUNNUS_RE = re.compile(r"^(\d{7})-(\d)$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def ytunnus_check_digit(digits7: str) -> int | None:
    """The check digit for seven digits, or None when no valid check digit exists
    (remainder 1: such a base is never issued)."""
    if not re.fullmatch(r"\d{7}", digits7):
        raise ValueError(f"expected seven digits, got {digits7!r}")
    remainder = sum(int(d) * w for d, w in zip(digits7, _WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def is_valid_ytunnus(value: str) -> bool:
    """True for a well-formed business ID (1234567-8) whose check digit is right."""
    m = _YTUNNUS_RE.match(value.strip()) if isinstance(value, str) else None
    if not m:
        return False
    return ytunnus_check_digit(m.group(1)) == int(m.group(2))


def make_ytunnus(digits7: str) -> str:
    """A valid business ID from seven digits, stepping the base up when it has no check digit."""
    base = int(digits7)
    while True:
        candidate = f"{base:07d}"
        check = ytunnus_check_digit(candidate)
        if check is not None:
            return f"{candidate}-{check}"
        base += 1


_PHONE_CLEAN_RE = re.compile(r"[\s\-().\u00a0]")


def normalise_phone(value: str) -> str | None:
    """A Finnish phone number in any common form (040 123 4567, 0401234567, +358 40 1234567,
    00358401234567) as E.164 (+358401234567); None when it is not a plausible number."""
    if not isinstance(value, str):
        return None
    s = _PHONE_CLEAN_RE.sub("", value.strip())
    if s.startswith("00"):
        s = "+" + s[2:]
    elif s.startswith("0"):
        s = "+358" + s[1:]
    elif s.startswith("358"):
        s = "+" + s
    if not re.fullmatch(r"\+[1-9]\d{6,14}", s):
        return None
    return s
