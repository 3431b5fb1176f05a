"""FOCUS (FinOps Open Cost and Usage Specification) files: the mapping of a FOCUS row onto a
charge line and its checks, and the SubAccountName -> cost centre mapping file."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from reporting.ingest import contract as K
from reporting.ingest.model import ImportError_, ImportOptions
from reporting.ingest.rules import problem_sql


def row_rules(mapping: K.Mapping, params: dict, opts: ImportOptions) -> tuple[list[str], list[tuple[str, str]]]:
    """The typed columns of a FOCUS file (as a charge line, with its FOCUS fields) and the
    rules of a single row, as reporting.ingest.rules.row_rules gives them for a native kind."""
    def raw(name: str) -> str:
        return f"nullif(imp_text(c{mapping.columns[name]}), 'NULL')" if name in mapping.columns else "NULL"

    params["focus_k"] = list(K.FOCUS_CATEGORIES)
    params["focus_v"] = list(K.FOCUS_CATEGORIES.values())
    params["fx_k"] = [c.upper() for c in opts.fx]
    params["fx_v"] = [Decimal(v) for v in opts.fx.values()]
    cc_k, cc_v = cost_centre_map(opts.cost_centre_map)
    params["cc_k"], params["cc_v"] = cc_k or [""], cc_v or [""]
    month = f"imp_month({raw('BillingPeriodStart')}, NULL)"
    cat = f"$focus_v[list_position($focus_k, lower({raw('ChargeCategory')}))]"
    billed = f"imp_num({raw('BilledCost')}, 'point')"
    eff = f"imp_num({raw('EffectiveCost')}, 'point')"
    qty = f"coalesce(imp_num({raw('ConsumedQuantity')}, 'point'), imp_num({raw('PricingQuantity')}, 'point'))"
    sub = f"coalesce({raw('SubAccountName')}, {raw('SubAccountId')})"
    day = f"CAST(imp_ts({raw('ChargePeriodStart')}, NULL) AS DATE)"
    selects = [
        f"{month} AS invoice_month",
        "CAST(NULL AS VARCHAR) AS subscription_id",
        f"{cat} AS category",
        f"{raw('ChargeCategory')} AS focus_category",
        f"coalesce({raw('ProviderName')} || ': ', '') || coalesce({raw('ChargeDescription')}, "
        f"{raw('ServiceName')}) AS description",
        f"{raw('ProviderName')} AS provider",
        f"{qty} AS quantity",
        f"coalesce({raw('ConsumedUnit')}, {raw('PricingUnit')}) AS unit",
        f"{billed} AS amount",
        f"{eff} AS effective_amount",
        f"upper({raw('BillingCurrency')}) AS currency",
        f"{raw('ServiceCategory')} AS service_category",
        f"{raw('ServiceName')} AS service_name",
        f"{sub} AS sub_account",
        f"CASE WHEN list_position($cc_k, {sub}) > 0 THEN $cc_v[list_position($cc_k, {sub})] END AS cost_centre",
        f"coalesce({raw('RegionName')}, {raw('RegionId')}) AS region",
        f"{day} AS charge_date",
        f"{raw('InvoiceId')} AS invoice_id",
        f"{raw('BillingAccountId')} AS billing_account_id",
        f"{raw('BillingAccountName')} AS billing_account_name",
        f"{raw('BillingAccountType')} AS billing_account_type",
        f"{raw('SubAccountId')} AS sub_account_id",
        f"{raw('SubAccountType')} AS sub_account_type",
        f"upper({raw('PricingCurrency')}) AS pricing_currency",
    ]
    errs = [
        (f"{raw('BillingPeriodStart')} IS NULL", problem_sql("BillingPeriodStart", "required")),
        (f"({month} IS NULL AND {raw('BillingPeriodStart')} IS NOT NULL)",
         problem_sql("BillingPeriodStart", "date", raw("BillingPeriodStart"))),
        (f"({day} IS NULL AND {raw('ChargePeriodStart')} IS NOT NULL)",
         problem_sql("ChargePeriodStart", "date", raw("ChargePeriodStart"))),
        (f"{raw('ChargeCategory')} IS NULL", problem_sql("ChargeCategory", "required")),
        (f"({cat} IS NULL AND {raw('ChargeCategory')} IS NOT NULL)",
         problem_sql("ChargeCategory", "focus_category", raw("ChargeCategory"))),
        (f"{raw('BilledCost')} IS NULL", problem_sql("BilledCost", "required")),
        (f"({billed} IS NULL AND {raw('BilledCost')} IS NOT NULL)", problem_sql("BilledCost", "number", raw("BilledCost"))),
        (f"({raw('EffectiveCost')} IS NOT NULL AND {eff} IS NULL)",
         problem_sql("EffectiveCost", "number", raw("EffectiveCost"))),
        (f"({raw('BillingCurrency')} IS NULL OR NOT regexp_full_match(upper({raw('BillingCurrency')}), '[A-Z]{{3}}'))",
         problem_sql("BillingCurrency", "currency", raw("BillingCurrency"))),
        (f"{raw('ServiceName')} IS NULL", problem_sql("ServiceName", "required")),
    ]
    return selects, errs


def typed_rules(mapping: K.Mapping, params: dict, opts: ImportOptions) -> tuple[list[str], list[str], list[str]]:
    """The fast path's form of the rules (as reporting.ingest.rules.typed_rules): FOCUS files
    are small in practice, so the generic form, one flag for "any row rule broken"."""
    selects, errs = row_rules(mapping, params, opts)
    any_err = " OR ".join(f"coalesce({c}, false)" for c, _ in errs) or "false"
    return selects, [f"({any_err}) AS _bad"], ["_bad"]


def cost_centre_map(path: Path | None) -> tuple[list[str], list[str]]:
    if not path:
        return [], []
    text = Path(path).read_text(encoding="utf-8-sig")
    dialect_delim = ";" if text.count(";") >= text.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=dialect_delim))
    if not rows:
        return [], []
    head = [K.norm_header(h) for h in rows[0]]
    try:
        ki = next(i for i, h in enumerate(head) if h in ("subaccountname", "sub_account", "subaccount"))
        vi = next(i for i, h in enumerate(head) if h in ("cost_centre", "kustannuspaikka", "costcentre"))
    except StopIteration:
        raise ImportError_("The cost centre mapping file needs the columns SubAccountName and "
                           "cost_centre.") from None
    pairs = [(r[ki].strip(), r[vi].strip()) for r in rows[1:] if len(r) > max(ki, vi) and r[ki].strip()]
    return [k for k, _ in pairs], [v for _, v in pairs]
