"""The importer's value parsers (reporting/sql/ingest/import_macros.sql) as Spark column
expressions, chosen by the contract's column type (reporting.ingest.contract): the batch has
no column list of its own. Each converter gives NULL when a present cell cannot be parsed, as
the DuckDB macros do; the job turns that into a problem naming the file, row and column.

What Spark SQL cannot express the way the importer does, and what the batch does instead:

* numbers are read in the importer's default ``auto`` mode only (the rightmost of ``,`` and
  ``.`` is the decimal mark, a lone comma is decimal, dots in two or more groups of three are
  thousands); the ``--decimal``/``--thousands`` choices of ``import`` are not offered;
* the operator's own date format (``--date-format``, a strptime pattern) is not offered:
  dates are ISO (``2026-03-31``, a timestamp that day) or ``d.m.yyyy``;
* phone numbers and IMEIs (Python functions on the phonenumbers library in the importer) are
  not converted: the batch takes charges and usage, whose contracts have neither;
* timestamps are not converted for the same reason (no TIMESTAMP column in either kind).
"""

from __future__ import annotations

from pyspark.sql import Column as SparkColumn
from pyspark.sql import functions as F

from reporting.ingest import contract as K

# the kinds the batch takes: the billing system's monthly files
BATCH_KINDS = ("charges", "usage")

# The stored types of the big tables' columns (reporting/sql/migrations; the importer's
# reporting.ingest.rules.STORED_TYPES), as Spark types.
PARSE_DECIMAL = "decimal(38,10)"


def text(raw: SparkColumn) -> SparkColumn:
    """imp_text: trimmed; empty -> NULL."""
    t = F.trim(raw)
    return F.when(t != "", t)


def _clean_num(raw: SparkColumn) -> SparkColumn:
    """imp_clean_num: spaces, no-break spaces, narrow no-break spaces and apostrophes removed,
    the minus sign U+2212 read as '-', '+' dropped."""
    s = F.trim(raw)
    for ch in (" ", "\u00a0", "\u202f", "'", "+"):
        s = F.replace(s, F.lit(ch), F.lit(""))
    return F.replace(s, F.lit("\u2212"), F.lit("-"))


def number(raw: SparkColumn) -> SparkColumn:
    """imp_num in ``auto`` mode, to DECIMAL(38, 10)."""
    s = _clean_num(raw)
    last_comma = F.length(s) - F.locate(",", F.reverse(s))
    last_dot = F.length(s) - F.locate(".", F.reverse(s))
    has_comma, has_dot = F.locate(",", s) > 0, F.locate(".", s) > 0
    commas = F.length(s) - F.length(F.replace(s, F.lit(","), F.lit("")))

    def dec(c: SparkColumn) -> SparkColumn:
        return c.cast(PARSE_DECIMAL)

    comma_decimal = dec(F.replace(F.replace(s, F.lit("."), F.lit("")), F.lit(","), F.lit(".")))
    point_decimal = dec(F.replace(s, F.lit(","), F.lit("")))
    return (F.when(raw.isNull() | (s == ""), F.lit(None).cast(PARSE_DECIMAL))
            .when(~s.rlike(r"^(-?[0-9][0-9.,]*|-?[.,][0-9]+)$"), F.lit(None).cast(PARSE_DECIMAL))
            .when(has_comma & has_dot,
                  F.when(last_comma > last_dot, comma_decimal).otherwise(point_decimal))
            .when(has_comma, F.when(commas == 1, dec(F.replace(s, F.lit(","), F.lit(".")))))
            .when(s.rlike(r"^-?[0-9]{1,3}(\.[0-9]{3}){2,}$"), dec(F.replace(s, F.lit("."), F.lit(""))))
            .otherwise(dec(s)))


def date(raw: SparkColumn) -> SparkColumn:
    """imp_date without an operator's format: ISO (a timestamp at any time that day too) or
    d.m.yyyy. (Spark's own cast also takes '2026' and '2026-03' as dates; DuckDB's does not,
    so the cast is only tried on a full ISO date.)"""
    t = F.trim(raw)
    return (F.when(t.rlike(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T].*)?$"), t.cast("date"))
            .when(t.rlike(r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$"), F.to_date(t, "d.M.yyyy")))


def month(raw: SparkColumn) -> SparkColumn:
    """imp_month: 2026-03, 3/2026, 03/2026 or any date in the month (its first day)."""
    t = F.trim(raw)
    return (F.when(t.rlike(r"^[0-9]{4}-[0-9]{1,2}$"), F.concat(t, F.lit("-01")).cast("date"))
            .when(t.rlike(r"^[0-9]{1,2}/[0-9]{4}$"),
                  F.concat(F.split_part(t, F.lit("/"), F.lit(2)), F.lit("-"),
                           F.lpad(F.split_part(t, F.lit("/"), F.lit(1)), 2, "0"), F.lit("-01")).cast("date"))
            .otherwise(F.trunc(date(raw), "month")))


def country(raw: SparkColumn) -> SparkColumn:
    """imp_country: ISO 3166 alpha-2, upper case; empty means FI."""
    u = F.upper(F.trim(raw))
    return F.when(text(raw).isNull(), F.lit("FI")).when(u.rlike("^[A-Z]{2}$"), u)


def enum(raw: SparkColumn, col: K.Column) -> SparkColumn:
    """A closed vocabulary (the contract's words, case-insensitive) -> its canonical value."""
    vocab = F.create_map(*[F.lit(x) for kv in (col.values or {}).items() for x in kv])
    return F.element_at(vocab, F.lower(F.trim(raw)))


def convert(col: K.Column, raw: SparkColumn) -> tuple[SparkColumn, str | None]:
    """(typed expression, the problem code when a present cell does not parse), as
    reporting.ingest.rules.conv gives them for the importer."""
    ty = col.type
    if ty == K.TEXT:
        return text(raw), None
    if ty in (K.DECIMAL, K.INT):
        return number(raw), "number" if ty == K.DECIMAL else "integer"
    if ty == K.DATE:
        return date(raw), "date"
    if ty == K.MONTH:
        return month(raw), "month"
    if ty == K.ENUM:
        return enum(raw, col), "enum"
    if ty == K.COUNTRY:
        return country(raw), "country"
    if ty == K.COUNTRY_OPT:
        return F.when(text(raw).isNotNull(), country(raw)), "country"
    raise ValueError(f"the Spark batch does not convert {ty} columns ({col.name})")
