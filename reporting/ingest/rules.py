"""The validation rules of the native kinds, as SQL over the staged text columns c0..cN: each
column's converter (the imp_* macros of reporting/sql/ingest/import_macros.sql) and the
problem it records when a present cell does not parse, the rules of a single row, their
restatement over the typed columns for the fast path, and the cross-row rules (duplicate
keys, references to subscriptions, cost centres and services, bounds, dates after the
current month). Values are bound parameters; the SQL text is built only from the contract's
column names and generated table names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reporting.core.db import bind_params
from reporting.core.months import month_start
from reporting.ingest import contract as K

if TYPE_CHECKING:
    from reporting.ingest.model import ImportOptions


def enum_expr(raw: str, col: K.Column, params: dict) -> str:
    keys = f"k_{col.name}"
    vals = f"v_{col.name}"
    params[keys] = list(col.values or {})
    params[vals] = list((col.values or {}).values())
    return f"${vals}[list_position(${keys}, lower(trim({raw})))]"


def conv(col: K.Column, raw: str, params: dict) -> tuple[str, str | None, str]:
    """(typed expression, error code when the text is present but unparseable, SQL type)."""
    ty = col.type
    if ty == K.TEXT:
        return f"imp_text({raw})", None, "VARCHAR"
    if ty in (K.DECIMAL, K.INT):
        return f"imp_num({raw}, $num_mode)", "number" if ty == K.DECIMAL else "integer", "DECIMAL(38, 10)"
    if ty == K.DATE:
        return f"imp_date({raw}, $date_fmt)", "date", "DATE"
    if ty == K.MONTH:
        return f"imp_month({raw}, $date_fmt)", "month", "DATE"
    if ty == K.TIMESTAMP:
        return f"imp_ts({raw}, $date_fmt)", "timestamp", "TIMESTAMP"
    if ty == K.ENUM:
        return enum_expr(raw, col, params), "enum", "VARCHAR"
    if ty == K.PHONE:
        return f"imp_phone({raw})", "phone", "VARCHAR"
    if ty == K.COUNTRY:
        return f"imp_country({raw})", "country", "VARCHAR"
    if ty == K.IMEI:
        return f"imp_imei({raw})", "imei", "VARCHAR"
    if ty == K.COUNTRY_OPT:
        return f"CASE WHEN imp_text({raw}) IS NOT NULL THEN imp_country({raw}) END", "country", "VARCHAR"
    raise ValueError(ty)


def expected_text(col: K.Column, code: str) -> str:
    if code == "enum":
        return ", ".join(dict.fromkeys([*col.values.values(), *col.values.keys()]))  # type: ignore[union-attr]
    return ""


def problem_sql(column: str, code: str, value: str = "CAST(NULL AS VARCHAR)") -> str:
    return f"{{'c': '{column}', 'k': '{code}', 'v': {value}}}"


def sql_params(opts: ImportOptions, today: dt.date) -> dict:
    return {"num_mode": opts.read.number_mode(), "date_fmt": opts.read.date_format,
            "org": opts.org_id, "today": today,
            "month_now": month_start(today), "max_amount": opts.max_amount}


def row_rules(kind: str, mapping: K.Mapping, params: dict) -> tuple[list[str], list[tuple[str, str]]]:
    """The typed columns of a kind (SELECT items over the text columns c0..cN) and the rules
    of a single row: (condition true when the row breaks it, the problem it records).
    FOCUS files have their own (reporting.ingest.focus.row_rules)."""
    spec = K.KINDS[kind]
    selects: list[str] = []
    errs: list[tuple[str, str]] = []
    for col in spec.columns:
        if col.name not in mapping.columns:
            _, _, sqltype = conv(col, "NULL", {})
            selects.append(f"CAST(NULL AS {sqltype}) AS {col.name}")
            continue
        raw = f"c{mapping.columns[col.name]}"
        expr, code, sqltype = conv(col, raw, params)
        selects.append(f"{expr} AS {col.name}")
        if col.required:
            errs.append((f"imp_text({raw}) IS NULL", problem_sql(col.name, 'required')))
        if code:
            errs.append((f"(({expr}) IS NULL AND imp_text({raw}) IS NOT NULL)", problem_sql(col.name, code, raw)))
        if col.type == K.INT:
            errs.append((f"({expr}) <> round({expr})", problem_sql(col.name, 'integer', raw)))
    return selects, errs


# The stored type of the big tables' columns whose parse is wider (reporting/sql/migrations).
STORED_TYPES = {
    "charges": {"category": "charge_category", "quantity": "DECIMAL(18, 3)", "amount": "DECIMAL(18, 10)"},
    "usage": {"usage_type": "usage_type", "quantity": "DECIMAL(18, 3)", "amount": "DECIMAL(18, 4)"},
}


def stored_expr(col: K.Column, item: str, sqltype: str, mapping: K.Mapping) -> str:
    """``item`` ("<parse> AS <name>") converted to ``sqltype``. A number cell that is already a
    plain decimal is cast straight from its text: the same value, without the 16-byte detour."""
    expr = item.rsplit(" AS ", 1)[0]
    if col.type == K.DECIMAL and col.name in mapping.columns:
        raw = f"c{mapping.columns[col.name]}"
        return (f"CASE WHEN $num_mode <> 'comma' AND imp_plain({raw}) AND TRY_CAST({raw} AS {sqltype}) IS NOT NULL "
                f"THEN TRY_CAST({raw} AS {sqltype}) ELSE TRY_CAST(({expr}) AS {sqltype}) END AS {col.name}")
    return f"TRY_CAST(({expr}) AS {sqltype}) AS {col.name}"


def typed_rules(kind: str, mapping: K.Mapping, params: dict) -> tuple[list[str], list[str], list[str]]:
    """The row rules of ``row_rules`` restated over the typed columns, for the fast path.

    Re-evaluating every conversion inside one long OR per row cost more than the conversions
    themselves, so each rule here reads the converted value: for a required column "empty or
    unparseable" is simply "the typed value is NULL" (every converter gives NULL for an empty
    cell, except imp_country, which no required column uses); an optional column that can fail
    to parse carries one extra flag, "the cell was not empty". (typed SELECT items, extra flag
    items, conditions true for a row that breaks a rule.)"""
    selects, _ = row_rules(kind, mapping, params)
    # Straight into the stored types where the big tables' columns are narrower than the parse
    # (DECIMAL(38, 10) is 16 bytes a value; casting and sorting it cost more than the parse).
    # A value the stored type cannot hold becomes NULL, so its row is not clean and the
    # detailed path words the problem from the full-width parse.
    stored = STORED_TYPES.get(kind, {})
    selects = [stored_expr(col, item, stored[col.name], mapping) if col.name in stored else item
               for col, item in zip(K.KINDS[kind].columns, selects, strict=True)]
    flags: list[str] = []
    conds: list[str] = []
    for col in K.KINDS[kind].columns:
        if col.name not in mapping.columns:
            continue
        raw = f"c{mapping.columns[col.name]}"
        _, code, _ = conv(col, raw, {})
        if col.required and col.type != K.COUNTRY:
            conds.append(f"{col.name} IS NULL")
        elif col.required or code:
            flags.append(f"imp_text({raw}) IS NOT NULL AS _p_{col.name}")
            if col.required:
                conds.append(f"NOT _p_{col.name}")
            if code:
                conds.append(f"({col.name} IS NULL AND _p_{col.name})")
        if col.type == K.INT:
            conds.append(f"coalesce({col.name} <> round({col.name}), false)")
    return selects, flags, conds


# Decimals kept of each number column: the scale of the column it is stored in
# (reporting/sql/migrations; tests/test_import_hostile.py checks the two agree). A value with
# more decimals is rounded when stored, and the import says so in a warning.
SCALES: dict[str, dict[str, tuple[str, str, int]]] = {   # kind -> column -> (table, column, scale)
    "plans": {"monthly_fee": ("plans", "monthly_fee", 2), "data_gb": ("plans", "data_gb", 2),
              "data_overage_per_gb": ("plans", "data_overage_per_gb", 4),
              "voice_per_min": ("plans", "voice_per_min", 4), "sms_each": ("plans", "sms_each", 4)},
    "subscriptions": {"monthly_fee": ("plans", "monthly_fee", 2),          # a new plan's
                      "data_allowance_gb": ("plans", "data_gb", 2)},
    "charges": {"quantity": ("charges", "quantity", 3), "amount": ("charges", "amount", 10)},
    "usage": {"quantity": ("usage_daily", "quantity", 3), "amount": ("usage_daily", "amount", 4)},
    "devices": {"monthly_lease": ("devices", "monthly_lease", 2)},
    "services": {"sla_availability_pct": ("services", "sla_availability_pct", 3),
                 **{f"{w}_p{p}_h": ("services", f"{w}_p{p}_h", 2) for w in ("response", "resolve") for p in (1, 2, 3, 4)}},
    "focus": {"BilledCost": ("charges", "amount", 10), "EffectiveCost": ("cloud_charges", "effective_amount", 10),
              "ConsumedQuantity": ("charges", "quantity", 3), "PricingQuantity": ("charges", "quantity", 3)},
}


def rounding_flags(kind: str, mapping: K.Mapping) -> list[tuple[str, str, int]]:
    """For each number column of the file with a stored scale: (SELECT item giving the cell's
    text when it has more decimals than are kept, else NULL, the item's name, the scale).
    The length test first: a cell shorter than its scale plus two cannot have too many."""
    out = []
    for name, (_, _, scale) in SCALES.get(kind, {}).items():
        if name not in mapping.columns:
            continue
        raw = f"c{mapping.columns[name]}"
        mode = "'point'" if kind == "focus" else "$num_mode"
        flag = f"_r_{name.lower()}"
        out.append((f"CASE WHEN length({raw}) > {scale + 1} AND imp_decimals({raw}, {mode}) > {scale} "
                    f"THEN imp_text({raw}) END AS {flag}", flag, scale))
    return out


def ex(con, sql: str, params: dict | None = None):
    return con.execute(sql, used(sql, params or {}))


def used(sql: str, params: dict) -> dict:
    return bind_params(sql, params)


def append_problem(typed: str, err: str, where: str) -> str:
    return f"UPDATE {typed} SET _errs = list_append(coalesce(_errs, []), {err}) WHERE {where}"  # noqa: S608


def mark_duplicates(typed: str, keys: Sequence[str], column: str) -> str:
    cols = ", ".join(keys)
    notnull = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    return (f"UPDATE {typed} SET _errs = list_append(coalesce(_errs, []), {problem_sql(column, 'duplicate', 'd.v')}) "  # noqa: S608
            f"FROM (SELECT _idx, concat_ws(' / ', {cols}) AS v, row_number() OVER "
            f"(PARTITION BY {cols} ORDER BY _idx) AS rn FROM {typed} WHERE {notnull}) d "
            f"WHERE {typed}._idx = d._idx AND d.rn > 1")


def dup_keys(kind: str, mapping: K.Mapping) -> tuple[list[str], str] | None:
    """The key columns a file of this kind must not repeat, and the column a duplicate is
    reported in; None when the kind has no key or the file lacks one of its columns."""
    if kind == "focus" or not K.KINDS[kind].key:
        return None
    has = mapping.columns.__contains__
    spec = K.KINDS[kind]
    if not all(has(k) or k == "country" for k in spec.key):
        return None
    return [k for k in spec.key if has(k) or k == "country"], spec.key[0]


def in_earlier_file(keys: Sequence[str], alias: str, earlier: str) -> str:
    """A condition over the rows ``alias`` of a typed table: the row's key (all parts present)
    is in the typed table ``earlier`` of another file of the same kind in this import."""
    notnull = " AND ".join(f"{alias}.{k} IS NOT NULL" for k in keys)
    same = " AND ".join(f"e.{k} = {alias}.{k}" for k in keys)
    return f"{notnull} AND EXISTS (SELECT 1 FROM {earlier} e WHERE {same})"  # noqa: S608


def checks(kind: str, typed: str, mapping: K.Mapping) -> list[str]:
    """Cross-row rules for a kind: each an UPDATE appending to _errs of the offending rows."""
    out: list[str] = []
    dup = dup_keys(kind, mapping)
    if dup:
        out.append(mark_duplicates(typed, *dup))
    out += [append_problem(typed, err, where) for err, where in cross_row_rules(kind, typed, mapping)]
    return out


def cross_row_rules(kind: str, typed: str, mapping: K.Mapping) -> list[tuple[str, str]]:
    """Cross-row rules other than duplicate keys: (problem, condition over the typed table
    true for the rows that break it). The detailed path records them per row, the fast path
    only asks whether any row breaks one."""
    out: list[tuple[str, str]] = []
    has = mapping.columns.__contains__
    subs = "(SELECT subscription_id FROM subscriptions WHERE org_id = $org)"
    centres = "(SELECT code FROM cost_centres WHERE org_id = $org)"
    services = "(SELECT service_id FROM services WHERE org_id = $org)"
    if kind == "cost_centres" and has("parent"):
        out.append((problem_sql("parent", "unknown_cost_centre", "parent"),
                    f"parent IS NOT NULL AND parent NOT IN (SELECT code FROM {typed} WHERE code IS NOT NULL) "  # noqa: S608
                    f"AND parent NOT IN {centres}"))
        out.append((problem_sql("parent", "self_parent", "parent"), "parent = code"))
    if kind == "subscriptions":
        if has("cost_centre"):
            out.append((problem_sql("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        out.append((problem_sql("closed_on", "closed_before_opened", "CAST(closed_on AS VARCHAR)"),
                    "closed_on < opened_on"))
        if has("plan"):
            out.append((problem_sql("plan", "unknown_plan", "plan"),
                        "plan IS NOT NULL AND monthly_fee IS NULL AND plan NOT IN (SELECT plan FROM plans) "
                        "AND plan NOT IN (SELECT plan FROM org_plans WHERE org_id = $org)"))
    if kind in ("charges", "usage") and has("subscription_id"):
        out.append((problem_sql("subscription_id", "unknown_subscription", "subscription_id"),
                    f"subscription_id IS NOT NULL AND subscription_id NOT IN {subs}"))
    if kind == "charges":
        if has("cost_centre"):
            out.append((problem_sql("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        if has("currency"):
            out.append((problem_sql("currency", "currency", "currency"),
                        "currency IS NOT NULL AND NOT regexp_full_match(upper(currency), '[A-Z]{3}')"))
    if kind in ("charges", "focus"):
        out.append((problem_sql("invoice_month", "future", "strftime(invoice_month, '%m/%Y')"),
                    "invoice_month > $month_now"))
        out.append((problem_sql("amount", "too_large", "CAST(round(amount, 2) AS VARCHAR)"),
                    "abs(amount) > $max_amount"))
    if kind == "usage":
        out.append((problem_sql("quantity", "negative", "CAST(quantity AS VARCHAR)"), "quantity < 0"))
        out.append((problem_sql("amount", "too_large", "CAST(round(amount, 2) AS VARCHAR)"),
                    "abs(amount) > $max_amount"))
        out.append((problem_sql("usage_date", "future", "CAST(usage_date AS VARCHAR)"),
                    "usage_date > $today"))
    if kind in ("service_events", "tickets"):
        out.append((problem_sql("service_id", "unknown_service", "service_id"),
                    f"service_id IS NOT NULL AND service_id NOT IN {services}"))
    if kind == "devices":
        if has("cost_centre"):
            out.append((problem_sql("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        if has("subscription_id"):
            out.append((problem_sql("subscription_id", "unknown_subscription", "subscription_id"),
                        f"subscription_id IS NOT NULL AND subscription_id NOT IN {subs}"))
        if has("monthly_lease"):
            out.append((problem_sql("monthly_lease", "negative_amount", "CAST(monthly_lease AS VARCHAR)"),
                        "monthly_lease < 0"))
            out.append((problem_sql("monthly_lease", "too_large", "CAST(round(monthly_lease, 2) AS VARCHAR)"),
                        "abs(monthly_lease) > $max_amount"))
        if has("purchased_on"):
            for col in ("warranty_until", "lease_end"):
                if has(col):
                    out.append((problem_sql(col, "before_purchase", f"CAST({col} AS VARCHAR)"),
                                f"{col} < purchased_on"))
            out.append((problem_sql("purchased_on", "future_date", "CAST(purchased_on AS VARCHAR)"),
                        "purchased_on > $today"))
    if kind == "device_events":
        devices = "(SELECT device_id FROM devices WHERE org_id = $org)"
        out.append((problem_sql("device_id", "unknown_device", "device_id"),
                    f"device_id IS NOT NULL AND device_id NOT IN {devices}"))
        out.append((problem_sql("event_at", "future_date", "CAST(event_at AS VARCHAR)"),
                    "CAST(event_at AS DATE) > $today"))
    if kind == "service_orders":
        if has("cost_centre"):
            out.append((problem_sql("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        if has("subscription_id"):
            out.append((problem_sql("subscription_id", "unknown_subscription", "subscription_id"),
                        f"subscription_id IS NOT NULL AND subscription_id NOT IN {subs}"))
        out.append((problem_sql("ordered_at", "future_date", "CAST(ordered_at AS VARCHAR)"),
                    "CAST(ordered_at AS DATE) > $today"))
        if has("promised_by"):
            out.append((problem_sql("promised_by", "promised_before_ordered", "CAST(promised_by AS VARCHAR)"),
                        "promised_by < CAST(ordered_at AS DATE)"))
        if has("state_at"):
            out.append((problem_sql("state_at", "before_ordered", "CAST(state_at AS VARCHAR)"),
                        "state_at < ordered_at"))
            out.append((problem_sql("state_at", "future_date", "CAST(state_at AS VARCHAR)"),
                        "CAST(state_at AS DATE) > $today"))
        out.append((problem_sql("delivered_at", "delivered_without_time", "state"),
                    "state = 'delivered' AND delivered_at IS NULL"))
        out.append((problem_sql("delivered_at", "delivered_not_delivered", "state"),
                    "state <> 'delivered' AND delivered_at IS NOT NULL"))
        out.append((problem_sql("delivered_at", "before_ordered", "CAST(delivered_at AS VARCHAR)"),
                    "delivered_at < ordered_at"))
        out.append((problem_sql("delivered_at", "future_date", "CAST(delivered_at AS VARCHAR)"),
                    "CAST(delivered_at AS DATE) > $today"))
    if kind == "service_events":
        out.append((problem_sql("ends_at", "ends_before_start", "CAST(ends_at AS VARCHAR)"),
                    "ends_at < starts_at"))
    if kind == "budgets":
        if has("cost_centre"):
            out.append((problem_sql("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        # exactly one of month and year; a year a budget can be for
        out.append((problem_sql("month", "budget_period"), "(month IS NULL) = (year IS NULL)"))
        out.append((problem_sql("year", "budget_year", "CAST(year AS VARCHAR)"),
                    "year IS NOT NULL AND (year < 2000 OR year > 2100)"))
        out.append((problem_sql("budget", "budget_negative", "CAST(round(budget, 2) AS VARCHAR)"), "budget < 0"))
        out.append((problem_sql("budget", "too_large", "CAST(round(budget, 2) AS VARCHAR)"),
                    "abs(budget) > $max_amount"))
    return out
