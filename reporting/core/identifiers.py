"""Identifiers people type: the business ID (Y-tunnus), phone numbers, e-mail addresses,
organisation ids.

Each rule lives here once, on a maintained library, and every caller (the order form, the
accounts, the importer, the demo generator) uses these functions:

- Y-tunnus: ``python-stdnum`` (stdnum.fi.ytunnus), in its written form 1234567-8;
- phone numbers: ``phonenumbers`` (Google's libphonenumber metadata), Finland as the default
  region, stored as E.164; the importer calls the same function (not strict) as the DuckDB
  function ``imp_phone`` (register_sql_functions);
- e-mail addresses: ``email-validator`` (syntax only, no DNS look-up);
- organisation ids: letters, digits, ``-`` and ``_`` (``is_valid_org_id``), checked where an
  organisation is created; a file or folder named after one is built with ``path_inside``,
  which refuses any name that would leave its folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from email_validator import EmailNotValidError, validate_email
from stdnum.fi import ytunnus

_YTUNNUS_FORM = re.compile(r"\d{7}-\d")


def is_valid_ytunnus(value: str) -> bool:
    """True for a business ID written as 1234567-8 whose check digit is right."""
    if not isinstance(value, str):
        return False
    value = value.strip()
    return bool(_YTUNNUS_FORM.fullmatch(value)) and ytunnus.is_valid(value)


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit to append to ``digits`` (an IMEI's first 14 digits)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:          # doubled: the digits next to the check digit, every second one
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return (10 - total % 10) % 10


def make_imei(digits14: str) -> str:
    """A valid IMEI from 14 digits (the check digit appended)."""
    if not re.fullmatch(r"\d{14}", digits14):
        raise ValueError(f"expected fourteen digits, got {digits14!r}")
    return digits14 + str(luhn_check_digit(digits14))


def ytunnus_check_digit(digits7: str) -> int | None:
    """The check digit for seven digits, or None when none exists (such a base is never issued)."""
    if not re.fullmatch(r"\d{7}", digits7):
        raise ValueError(f"expected seven digits, got {digits7!r}")
    return next((d for d in range(10) if ytunnus.is_valid(f"{digits7}-{d}")), None)


def make_ytunnus(digits7: str) -> str:
    """A valid business ID from seven digits, stepping the base up when it has no check digit."""
    base = int(digits7)
    while True:
        candidate = f"{base:07d}"
        check = ytunnus_check_digit(candidate)
        if check is not None:
            return f"{candidate}-{check}"
        base += 1


DEFAULT_REGION = "FI"


def normalise_phone(value: object, *, strict: bool = True) -> str | None:
    """A phone number in any common form (040 123 4567, 0401234567, +358 40 1234567,
    00358401234567, 358401234567; numbers without a country code are Finnish) as E.164
    (+358401234567); None when it is not a phone number.

    ``strict`` (a number a person types, the order form): the number must be valid in its
    country's numbering plan. Not strict (the importer's bulk data from the operator's own
    systems): it must have a possible length for its country code; a number in a range the
    library's metadata does not know (yet) must not reject a whole import."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if strict:
        ok = phonenumbers.is_valid_number(number)
    else:
        ok = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if ok else None


def _phone_column(values: pa.Array) -> pa.Array:
    """normalise_phone (not strict) over a column: each distinct text parsed once."""
    distinct = pc.unique(values)
    normalised = pa.array([normalise_phone(v, strict=False) for v in distinct.to_pylist()], pa.string())
    return pc.take(normalised, pc.index_in(values, value_set=distinct))


def register_sql_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Make ``imp_phone(text)`` (normalise_phone, not strict) callable in the connection's SQL."""
    con.create_function("imp_phone", _phone_column, [duckdb.sqltype("VARCHAR")],
                        duckdb.sqltype("VARCHAR"), type="arrow", null_handling="special")


MAX_EMAIL_LENGTH = 254


def normalise_email(value: object) -> str | None:
    """The address in its normal form (the domain in lower case, Unicode NFC), or None when
    it is not a valid e-mail address. Syntax and the RFC 5321 lengths only: no DNS look-up."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_EMAIL_LENGTH:
        return None
    try:
        return validate_email(value, check_deliverability=False, strict=True).normalized
    except EmailNotValidError:
        return None


ORG_ID_MAX_LENGTH = 64
_ORG_ID = re.compile(r"[A-Za-z0-9_-]+")


def is_valid_org_id(value: object) -> bool:
    """True for an organisation id of ASCII letters, digits, ``-`` and ``_`` (1 to 64 of
    them): no spaces, no dots or slashes, no line breaks, so an id is safe in a file name, a
    URL and a log line as it is."""
    return (isinstance(value, str) and 0 < len(value) <= ORG_ID_MAX_LENGTH
            and _ORG_ID.fullmatch(value) is not None)


ORG_ID_RULE = "letters a-z and A-Z, digits, - and _ (at most 64)"


def path_inside(folder: Path, name: str) -> Path:
    """``folder / name`` for a name that stays in ``folder``: one path component, not ``.``
    or ``..``, no separator or NUL. Raises ValueError otherwise, so an output path built from
    data (an organisation id) can never point outside the folder it is written to."""
    folder = Path(folder)
    if (not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name
            or Path(name).is_absolute()):
        raise ValueError(f"{name!r} cannot name a file inside {folder}")
    target = folder / name
    if target.resolve().parent != folder.resolve():
        raise ValueError(f"{name!r} cannot name a file inside {folder}")
    return target
