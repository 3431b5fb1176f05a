"""Cost deviations: subscriptions and cost centres whose cost in a month departs from their own
trailing three-month average by more than a share AND an amount, each with the reason in
words taken from the lines behind it ("+182 € verkkovierailu data, Sveitsi, 2,4 Gt").

Explainable: the reason names the driver (a group of invoice lines: category, kind, country),
and the driver's columns (category, country, quantity, change) are in the same row, so every
flag can be checked against the invoice lines of that subscription or centre.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel import Locale

from reporting.db import Database
from reporting.i18n import fmt_money, fmt_number, t
from reporting.reports import report
from reporting.reports.costs import add_months, filter_params, latest_month, lines_query
from reporting.scope import Scope

DEFAULT_MIN_SHARE = 0.5      # 50 % of the trailing average
DEFAULT_MIN_AMOUNT = 50.0    # and at least 50 €
MAX_DRIVERS = 2              # drivers named in a reason

COLUMNS = ["level", "subscription_id", "user_name", "cost_centre", "cost_centre_name", "month",
           "amount", "avg_prev_3", "change_amount", "change_share", "reason", "driver_category",
           "driver_country", "driver_quantity", "driver_unit", "driver_change_amount"]


def country_name(code: str | None, lang: str) -> str:
    """A country's name in the language (Babel); the code itself when unknown."""
    if not isinstance(code, str) or not code:
        return ""
    try:
        return Locale.parse("fi" if lang == "fi" else "en").territories.get(code.upper(), code)
    except (ValueError, TypeError):
        return code


def driver_text(category: str, kind: str | None, country: str | None, change: float, quantity: float,
                unit: str | None, lang: str) -> str:
    """'+182 € roaming data in Switzerland, 2.4 GB' for one driver."""
    kind = kind if isinstance(kind, str) else None
    country = country if isinstance(country, str) else None
    unit = unit if isinstance(unit, str) else None
    if category in ("roaming", "usage") and kind:
        what = t(f"dev.kind.{category}.{kind}", lang)
    elif category == "one_time" and kind:
        what = t("dev.kind.one_time", lang, description=kind)
    else:
        what = t(f"category.{category}", lang).lower()
    sign = "+" if change > 0 else "-"
    text = f"{sign}{fmt_money(abs(change), lang, digits=0)} {what}"
    if country and country != "FI":
        text = t("dev.in_country", lang, text=text, country=country_name(country, lang))
    if quantity and unit and category in ("roaming", "usage"):
        digits = 1 if unit == "GB" else 0
        text += f", {fmt_number(quantity, lang, digits)} {t(f'dev.unit.{unit}', lang)}"
    return text


def _reasons(drivers: pd.DataFrame, flagged: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per flagged entity: the reason (up to MAX_DRIVERS drivers in the deviation's direction,
    largest first) and the main driver's columns."""
    drivers = drivers.assign(change=drivers.amount - drivers.avg_prev)
    out = []
    for ent in flagged.itertuples():
        mine = drivers[(drivers.level == ent.level) & (drivers.entity == ent.entity)]
        direction = 1.0 if ent.change_amount > 0 else -1.0
        mine = mine[mine.change * direction > 0.005].sort_values(
            "change", ascending=direction < 0, key=lambda s: s.round(2))
        top = mine.head(MAX_DRIVERS)
        # a driver is named only when it carries a tenth of the change (the main one always)
        top = top[(top.index == top.index[0]) | (top.change.abs() >= 0.1 * abs(ent.change_amount))] \
            if len(top) else top
        texts = [driver_text(r.category, r.kind, r.country, r.change, r.quantity, r.unit, lang)
                 for r in top.itertuples()]
        main = top.iloc[0] if len(top) else None
        out.append({
            "level": ent.level, "entity": ent.entity,
            "reason": "; ".join(texts),
            "driver_category": None if main is None else main.category,
            "driver_country": main.country if main is not None and isinstance(main.country, str) else None,
            "driver_quantity": None if main is None else float(main.quantity),
            "driver_unit": main.unit if main is not None and isinstance(main.unit, str) else None,
            "driver_change_amount": None if main is None else round(float(main.change), 2),
        })
    return pd.DataFrame(out, columns=["level", "entity", "reason", "driver_category", "driver_country",
                                      "driver_quantity", "driver_unit", "driver_change_amount"])


@report("cost-deviations", "report.cost_deviations")
def cost_deviations(db: Database, scope: Scope, month: dt.date | None = None,
                    month_to: dt.date | None = None, cost_centres=None, service_types=None, plans=None,
                    min_share: float = DEFAULT_MIN_SHARE, min_amount: float = DEFAULT_MIN_AMOUNT,
                    lang: str = "fi") -> pd.DataFrame:
    """Subscriptions and cost centres whose month departs from their trailing 3-month average,
    with the reason (default: the latest month, 50 % and 50 €)."""
    month = month or month_to or latest_month(db, scope)
    if scope.is_empty or month is None:
        return pd.DataFrame(columns=COLUMNS)
    base = filter_params(scope, month_from=add_months(month, -3), month_to=month,
                         cost_centres=cost_centres, service_types=service_types, plans=plans, month=month)
    flagged = lines_query(db, "deviation_candidates",
                          {**base, "min_share": float(min_share), "min_amount": float(min_amount)})
    if flagged.empty:
        return pd.DataFrame(columns=COLUMNS)
    subs = sorted(flagged.loc[flagged.level == "subscription", "entity"])
    ccs = sorted(flagged.loc[flagged.level == "cost_centre", "entity"])
    drivers = lines_query(db, "deviation_drivers", {**base, "flag_subs": subs, "flag_ccs": ccs})
    reasons = _reasons(drivers, flagged, lang)
    names = db.query(
        "SELECT s.subscription_id, s.user_name, s.cost_centre FROM subscriptions s "
        "WHERE s.org_id = $org_id AND list_contains($subs::VARCHAR[], s.subscription_id)",
        {"org_id": scope.org_id, "subs": subs})
    centres = db.query("SELECT code AS cost_centre, name AS cost_centre_name FROM cost_centres "
                       "WHERE org_id = $org_id", {"org_id": scope.org_id})
    df = flagged.merge(reasons, on=["level", "entity"], how="left")
    df["subscription_id"] = df.entity.where(df.level == "subscription")
    df = df.merge(names, on="subscription_id", how="left")
    df["cost_centre"] = df.cost_centre.where(df.level == "subscription", df.entity)
    df = df.merge(centres, on="cost_centre", how="left")
    df["month"] = pd.Timestamp(month)
    df["change_amount"] = df.change_amount.round(2)
    return df[COLUMNS].reset_index(drop=True)
