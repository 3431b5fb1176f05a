"""Cloud costs (FOCUS): billed and effective cost by provider, service category, service,
sub-account, region and cost centre, by month and by day, the lines themselves, in the
billing currency and in euros where a month has an exchange rate; the main user maps
sub-accounts to cost centres here."""

import datetime as dt

import streamlit as st

from reporting.access.permissions import may_manage_org
from reporting.cloud.mapping import MappingError, mapping_changes, save_mapping
from reporting.cloud.reports import LINE_LIMIT
from reporting.i18n import fmt_money, fmt_month, fmt_number, is_missing
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.drill import report_table
from reporting.ui.loaders import cloud_mapping
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row, plain_caption

ctx = page_context("cloud")
lang = ctx.lang
st.title(ctx.t("page.cloud.title"))
ctx.stop_if_no_scope()
st.caption(ctx.t("cloud.intro"))

MONEY = {c: "num2" for c in ("billed_amount", "effective_amount", "effective_minus_billed",
                              "billed_not_converted", "amount")}
MONEY.update({c: "money" for c in ("billed_eur", "effective_eur", "amount_eur", "operator_amount",
                                   "cloud_amount_eur", "total_amount")})

options = load_report("cloud-filter-options", ctx.scope)
if options.empty:
    st.info(ctx.t("cloud.none"))
    st.stop()


def values(dim: str) -> list[str]:
    return options.loc[options.dim == dim, "value"].tolist()


ALL = ""
months = [dt.date.fromisoformat(v) for v in values("month")]
cols = st.columns(5)
month = cols[0].selectbox(ctx.t("cloud.filter.month"), [None, *months], key="cloud_month",
                          format_func=lambda m: ctx.t("cloud.filter.all_months") if m is None else fmt_month(m, lang))
chosen = {}
for col, dim in zip(cols[1:], ("provider", "service_category", "sub_account", "region"), strict=True):
    chosen[dim] = col.selectbox(ctx.t(f"cloud.filter.{dim}"), [ALL, *values(dim)], key=f"cloud_{dim}",
                                format_func=lambda v: ctx.t("cloud.filter.all") if v == ALL else v)
filters = {"month": month, **{k: v or None for k, v in chosen.items()}}


def amount(value, currency: str) -> str:
    return ctx.t("cloud.amount_in", amount=fmt_number(value, lang, 2), currency=currency)


totals = load_report("cloud-totals", ctx.scope, **filters)
kpis = load_report("cloud-kpis", ctx.scope, **filters)
if totals.empty:
    st.info(ctx.t("cloud.none"))
    st.stop()
k = kpis.iloc[0]
for row in totals.itertuples():
    converted = row.currency == "EUR" or not is_missing(row.billed_eur)
    kpi_row([
        Kpi(ctx.t("cloud.kpi.billed", currency=plain(row.currency)), amount(row.billed_amount, row.currency)),
        Kpi(ctx.t("cloud.kpi.effective", currency=plain(row.currency)), amount(row.effective_amount, row.currency)),
        Kpi(ctx.t("cloud.kpi.billed_eur"), fmt_money(row.billed_eur if converted else None, lang)),
        Kpi(ctx.t("cloud.kpi.lines"), fmt_number(row.lines, lang)),
    ])
    if row.currency != "EUR" and row.billed_not_converted != 0:
        plain_caption(ctx.t("cloud.not_included", amount=fmt_number(row.billed_not_converted, lang, 2),
                            currency=plain(row.currency)) + " · " + ctx.t("cloud.not_included_help"))
kpi_row([Kpi(ctx.t("cloud.kpi.sub_accounts"), fmt_number(k.sub_accounts, lang)),
         Kpi(ctx.t("cloud.kpi.service_categories"), fmt_number(k.service_categories, lang)),
         Kpi(ctx.t("col.providers"), fmt_number(k.providers, lang)),
         Kpi(ctx.t("col.regions"), fmt_number(k.regions, lang))])

export = [p for p in (month.strftime("%Y-%m") if month else None, *chosen.values()) if p]
tabs = st.tabs([ctx.t(f"cloud.tab.{d}") for d in
                ("provider", "service_category", "service", "sub_account", "region", "cost_centre")])
for tab, name in zip(tabs, ("cloud-by-provider", "cloud-by-service-category", "cloud-by-service",
                            "cloud-by-sub-account", "cloud-by-region", "cloud-by-cost-centre"), strict=True):
    with tab:
        report_table(load_report(name, ctx.scope, **filters), lang=lang, key=f"t_{name}", report=name,
                     formats=MONEY, export_parts=export)

st.markdown(f"#### {ctx.t('cloud.by_month_heading')}")
report_table(load_report("cloud-by-month", ctx.scope, **filters), lang=lang, key="t_cloud_month",
             report="cloud-by-month", formats=MONEY, export_parts=export)
st.markdown(f"#### {ctx.t('cloud.by_day_heading')}")
report_table(load_report("cloud-by-day", ctx.scope, **filters), lang=lang, key="t_cloud_day",
             report="cloud-by-day", formats=MONEY, export_parts=export, height=300)

st.markdown(f"#### {ctx.t('cloud.with_operator_heading')}")
report_table(load_report("costs-with-cloud", ctx.scope, **filters), lang=lang, key="t_with_cloud",
             report="costs-with-cloud", formats=MONEY, export_parts=export)
for row in load_report("costs-not-converted", ctx.scope, month=month).itertuples():
    plain_caption(ctx.t("cloud.not_included", amount=fmt_number(row.amount, lang, 2), currency=plain(row.currency)))

st.markdown(f"#### {ctx.t('cloud.lines_heading')}")
lines = load_report("cloud-lines", ctx.scope, **filters)
if len(lines) >= LINE_LIMIT:
    st.caption(ctx.t("cloud.lines_capped", n=fmt_number(LINE_LIMIT, lang)))
st.caption(ctx.t("cloud.lines_hint"))
report_table(lines, lang=lang, key="t_cloud_lines", report="cloud-lines",
             formats={**MONEY, "quantity": "num2"}, export_parts=export, height=400)

st.markdown(f"#### {ctx.t('cloud.rates_heading')}")
rates = load_report("cloud-fx-rates", ctx.scope)
if rates.empty:
    st.caption(ctx.t("cloud.rates_none"))
else:
    report_table(rates, lang=lang, key="t_cloud_rates", report="cloud-fx-rates", formats={"eur_per_unit": "num4"})

if may_manage_org(ctx.user, ctx.scope.org_id):
    st.markdown(f"#### {ctx.t('cloud.mapping_heading')}")
    st.caption(ctx.t("cloud.mapping_help"))
    rows, labels = cloud_mapping(ctx.user, ctx.scope.org_id)
    shown = rows[["sub_account", "cost_centre", "lines", "currency", "amount"]].copy()
    shown["cost_centre"] = [labels.get(c) if isinstance(c, str) else None for c in shown.cost_centre]
    edited = st.data_editor(
        shown, key="cloud_mapping", hide_index=True, width="stretch", disabled=["sub_account", "lines",
                                                                                "currency", "amount"],
        column_config={
            "sub_account": st.column_config.TextColumn(ctx.t("col.sub_account")),
            "cost_centre": st.column_config.SelectboxColumn(ctx.t("col.cost_centre"), options=list(labels.values())),
            "lines": st.column_config.NumberColumn(ctx.t("col.lines")),
            "currency": st.column_config.TextColumn(ctx.t("col.currency")),
            "amount": st.column_config.NumberColumn(ctx.t("col.billed_amount"), format="%.2f"),
        })
    if st.button(ctx.t("cloud.mapping_save"), key="cloud_mapping_save"):
        changes = mapping_changes(rows, edited, labels)
        if not changes:
            st.info(ctx.t("cloud.mapping_unchanged"))
        else:
            try:
                n = save_mapping(ctx.db, ctx.user, ctx.scope.org_id, changes)
            except MappingError as exc:
                st.error(plain(str(exc)))
            else:
                st.success(ctx.t("cloud.mapping_saved", n=n))
