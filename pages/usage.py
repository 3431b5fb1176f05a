"""Usage: volumes per month by service type or cost centre, roaming by country (EU/EEA against
the rest of the world) with its costs, and usage per subscription, those without usage
included."""

import streamlit as st

from reporting.i18n import fmt_money, fmt_month, fmt_number
from reporting.ui.cache import load_report
from reporting.ui.charts import grouped_bars
from reporting.ui.context import page_context
from reporting.ui.drill import drill_link_params, report_table, selected_row
from reporting.ui.filters import report_filters
from reporting.ui.navigation import page
from reporting.ui.widgets import kpi_values

METRIC_UNITS = {"data_gb": "gb", "voice_min": "min", "messages": "pcs"}   # the chart's axis unit

ctx = page_context("usage")
lang = ctx.lang
st.title(ctx.t("page.usage.title"))

ctx.stop_if_no_scope()

flt = report_filters(ctx.scope, lang, default_months=6)
if not flt.months:
    st.info(ctx.t("common.no_data_in_scope"))
    st.stop()
fkw = flt.kwargs()
parts = flt.export_parts()

st.markdown(f"#### {ctx.t('usage.by_month_heading')}")
c1, c2 = st.columns(2)
metric = c1.segmented_control(
    ctx.t("usage.metric"), options=["data_gb", "voice_min", "messages"],
    format_func=lambda m: ctx.t(f"col.{m}"), default="data_gb", key="metric", bind="query-params",
    required=True)
group = c2.segmented_control(
    ctx.t("usage.group_by"), options=["service_type", "cost_centre"],
    format_func=lambda g: ctx.t(f"usage.group.{g}"), default="service_type", key="group",
    bind="query-params", required=True)
monthly = load_report("usage-by-month", ctx.scope, group_by=group, **fkw)
st.plotly_chart(grouped_bars(
    monthly, x_col="month", y_col=metric, group_col=group,
    x_label=lambda m: fmt_month(m, lang, short=True),
    group_label=(lambda s: ctx.t(f"service_type.{s}")) if group == "service_type" else (lambda c: str(c)),
    lang=lang, unit=METRIC_UNITS[metric]),
    width="stretch", key="usage_month_chart")
report_table(monthly.drop(columns=["cost_centre" if group == "service_type" else "service_type"]),
           lang=lang, key="usage_by_month", report="usage-by-month",
           formats={"voice_min": "num0", "messages": "num0", "data_gb": "num1", "subscriptions": "num0",
                    "subscriptions_with_usage": "num0", "subscriptions_without_usage": "num0"},
           export_parts=parts)

st.markdown(f"#### {ctx.t('usage.roaming_heading')}")
roaming = load_report("roaming-by-country", ctx.scope, lang=lang, **fkw)
zones = load_report("roaming-by-zone", ctx.scope, **fkw)
for col, z in zip(st.columns(max(len(zones), 1)), zones.itertuples(), strict=False):
    col.metric(ctx.t(f"usage.zone.{z.zone}"), f"{fmt_number(z.data_gb, lang, 1)} {ctx.t('dev.unit.GB')}",
               delta=None, border=True, help=None)
    col.caption(f"{ctx.t('col.amount')}: {fmt_money(z.amount, lang)}")
if len(roaming):
    st.markdown(f"##### {ctx.t('usage.roaming_chart_heading')}")
    st.plotly_chart(grouped_bars(
        roaming.head(20), x_col="country", y_col="amount", group_col="zone",
        x_label=lambda c: c, group_label=lambda z: ctx.t(f"usage.zone.{z}"), lang=lang, unit="eur"),
        width="stretch", key="usage_roaming_chart")
report_table(roaming, lang=lang,
           key="usage_roaming", report="roaming-by-country",
           formats={"voice_min": "num0", "messages": "num0", "data_gb": "num2", "amount": "money",
                    "subscriptions": "num0"},
           export_parts=parts)

st.markdown(f"#### {ctx.t('usage.by_subscription_heading')}")
kpis = kpi_values(load_report("usage-kpis", ctx.scope, **fkw), subscriptions_without_usage=0)
st.caption(ctx.t("usage.no_usage_count", count=fmt_number(kpis["subscriptions_without_usage"], lang)))
only_without = st.toggle(ctx.t("usage.only_without"), key="no_usage", bind="query-params")
shown = load_report("usage-by-subscription", ctx.scope, without_usage_only=bool(only_without), **fkw)
event = report_table(shown, lang=lang, key="usage_by_sub", report="usage-by-subscription",
                   formats={"voice_min": "num0", "sms": "num0", "mms": "num0", "data_gb": "num2",
                            "roaming_data_gb": "num2", "roaming_voice_min": "num0", "usage_amount": "money"},
                   selection_mode="single-row", export_parts=parts)
st.caption(ctx.t("drill.select_hint"))
row = selected_row(event, shown)
if row is not None:
    st.switch_page(page("drilldown").path, query_params=drill_link_params(
        flt, subscription=row.subscription_id, month=flt.month_to))
