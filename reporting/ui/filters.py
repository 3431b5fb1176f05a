"""Report filter widgets bound to the URL: period (from / to month), cost centres (the
hierarchy), service types and plans. Option lists come from scoped queries, so a user is only
offered what their scope holds; a value put in the URL by hand that is not an option is
dropped by Streamlit, and whatever passes is filtered through the scope in SQL anyway.

Query parameter names: ``from``, ``to`` (M/YYYY), ``cc`` (cost centre codes, repeatable),
``st`` (service types), ``plan`` (plans). Other pages reuse ``report_filters``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from reporting.access.scope import Scope
from reporting.core.months import window
from reporting.i18n import t
from reporting.ui.cache import load_report

PARAM_FROM, PARAM_TO, PARAM_CC, PARAM_ST, PARAM_PLAN = "from", "to", "cc", "st", "plan"


@dataclass(frozen=True)
class Filters:
    """The chosen filters; None / empty means no restriction."""

    month_from: dt.date | None = None
    month_to: dt.date | None = None
    cost_centres: tuple[str, ...] | None = None
    service_types: tuple[str, ...] | None = None
    plans: tuple[str, ...] | None = None
    months: tuple[dt.date, ...] = field(default=(), compare=False)   # every month available

    def kwargs(self, *, period: bool = True) -> dict[str, Any]:
        """Keyword arguments for report functions (standard filter names)."""
        out: dict[str, Any] = {"cost_centres": self.cost_centres, "service_types": self.service_types,
                               "plans": self.plans}
        if period:
            out.update(month_from=self.month_from, month_to=self.month_to)
        return out

    def export_parts(self) -> tuple[str, ...]:
        """File name parts describing the filter (period and cost centres)."""
        parts = []
        if self.month_from:
            parts.append(self.month_from.strftime("%Y-%m"))
        if self.month_to and self.month_to != self.month_from:
            parts.append(self.month_to.strftime("%Y-%m"))
        if self.cost_centres:
            parts.append("-".join(self.cost_centres[:3]))
        return tuple(parts)


def month_label(key: str) -> str:
    """A month option's label, also its value in the URL: 3/2026 in every language, so a
    bookmarked or shared link works whatever the reader's language."""
    month = parse_month_key(key)
    return f"{month.month}/{month.year}" if month else key


def month_key(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def parse_month_key(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None


def available_months(scope: Scope) -> list[dt.date]:
    """The invoice months in the scope, newest first."""
    df = load_report("cost-months", scope)
    return [pd.Timestamp(m).date() for m in df["month"]]


def filter_options(scope: Scope) -> pd.DataFrame:
    return load_report("cost-filter-options", scope)


def centre_labels(scope: Scope) -> dict[str, str]:
    """Cost centre code -> "code name", in hierarchy order, indented by depth."""
    opts = filter_options(scope)
    centres = opts[opts.kind == "cost_centre"]
    return {r.value: "\u2003" * int(r.depth) + r.label for r in centres.itertuples()}


def report_filters(scope: Scope, lang: str, *, key_prefix: str = "", period: bool = True,
                   default_months: int = 12, cost_centres: bool = True, service_types: bool = True,
                   plans: bool = True, container: Any = None) -> Filters:
    """Draw the filters (in ``container``, default an expander on the page) and return them.

    With ``key_prefix`` two pages can keep separate URL parameters; without it, pages share
    the filter (moving from the overview to the drill-down keeps the period)."""
    months = available_months(scope)
    if not months:
        return Filters()
    box = container if container is not None else st.expander(t("filters.title", lang), expanded=False)
    opts = filter_options(scope)
    month_from = month_to = None
    with box:
        cols = st.columns(4 if period else 3)
        i = 0
        if period:
            keys = [month_key(m) for m in months]
            latest = months[0]
            first = months[min(len(months) - 1, default_months - 1)]
            with cols[0]:
                c1, c2 = st.columns(2)
                chosen_from = c1.selectbox(
                    t("filters.from", lang), options=keys[::-1], index=keys[::-1].index(month_key(first)),
                    format_func=month_label,
                    key=f"{key_prefix}{PARAM_FROM}", bind="query-params")
                chosen_to = c2.selectbox(
                    t("filters.to", lang), options=keys, index=keys.index(month_key(latest)),
                    format_func=month_label,
                    key=f"{key_prefix}{PARAM_TO}", bind="query-params")
            month_from, month_to = parse_month_key(chosen_from), parse_month_key(chosen_to)
            if month_from and month_to and month_from > month_to:
                month_from, month_to = month_to, month_from
            i = 1
        chosen_cc: list[str] = []
        chosen_st: list[str] = []
        chosen_plan: list[str] = []
        if cost_centres:
            labels = centre_labels(scope)
            chosen_cc = cols[i].multiselect(
                t("filters.cost_centres", lang), options=list(labels),
                format_func=lambda c: labels.get(c, c).strip(), key=f"{key_prefix}{PARAM_CC}",
                bind="query-params", placeholder=t("filters.all", lang))
        if service_types:
            sts = list(opts[opts.kind == "service_type"].value)
            chosen_st = cols[i + 1].multiselect(
                t("filters.service_types", lang), options=sts,
                format_func=lambda s: t(f"service_type.{s}", lang), key=f"{key_prefix}{PARAM_ST}",
                bind="query-params", placeholder=t("filters.all", lang))
        if plans:
            pls = list(opts[opts.kind == "plan"].value)
            chosen_plan = cols[i + 2].multiselect(
                t("filters.plans", lang), options=pls, key=f"{key_prefix}{PARAM_PLAN}",
                bind="query-params", placeholder=t("filters.all", lang))
    return Filters(
        month_from=month_from, month_to=month_to,
        cost_centres=tuple(sorted(chosen_cc)) or None,
        service_types=tuple(sorted(chosen_st)) or None,
        plans=tuple(sorted(chosen_plan)) or None,
        months=tuple(months),
    )


def trend_window(filters: Filters, months: int = 24) -> tuple[dt.date | None, dt.date | None]:
    """The ``months`` months ending at the period's last month (for trend charts)."""
    if filters.month_to is None:
        return None, None
    return window(filters.month_to, months)
