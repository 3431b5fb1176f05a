"""Cost overview: the month's headline figures, a 24-month trend, top cost centres and
subscriptions, cost deviations and the period's monthly costs. Selecting a cost centre or a
subscription opens the drill-down at that point."""

import streamlit as st

from reporting.costs.categories import CATEGORY_MONEY_COLUMNS
from reporting.costs.deviations import DEFAULT_MIN_AMOUNT, DEFAULT_MIN_SHARE, reason_first
from reporting.i18n import fmt_money, fmt_month, fmt_number, fmt_signed_percent, is_missing
from reporting.ui.cache import load_report
from reporting.ui.charts import ranked_bars, stacked_trend
from reporting.ui.context import page_context
from reporting.ui.drill import drill_link_params, report_table, selected_custom, selected_row
from reporting.ui.filters import report_filters, trend_window
from reporting.ui.navigation import page
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row, lazy_tabs, plain_caption

ctx = page_context("costs")
lang = ctx.lang
st.title(ctx.t("page.costs.title"))

ctx.stop_if_no_scope()

flt = report_filters(ctx.scope, lang)
if not flt.months:
    st.info(ctx.t("common.no_data_in_scope"))
    st.stop()
month = flt.month_to
fkw = flt.kwargs(period=False)
DRILL = page("drilldown").path
OVERVIEW_DEVIATIONS = 20    # the largest deviations on the overview; all on the deviations page

ov = load_report("cost-overview", ctx.scope, month=month, **fkw).iloc[0]
st.markdown(f"#### {ctx.t('costs.month_heading', month=fmt_month(month, lang))}")
kpi_row([
    Kpi(ctx.t("costs.kpi.total"), fmt_money(ov.amount, lang),
        None if is_missing(ov.change_prev_month) else
        ctx.t("common.vs_prev_month", delta=fmt_signed_percent(ov.change_prev_month, lang)), "inverse"),
    Kpi(ctx.t("costs.kpi.prev_year"), fmt_money(ov.amount_prev_year, lang),
        None if is_missing(ov.change_prev_year) else
        ctx.t("costs.vs_prev_year", delta=fmt_signed_percent(ov.change_prev_year, lang)), "inverse"),
    Kpi(ctx.t("costs.kpi.per_subscription"), fmt_money(ov.cost_per_subscription, lang)),
    Kpi(ctx.t("costs.kpi.active_subscriptions"), fmt_number(ov.active_subscriptions, lang)),
])
# what the EUR total leaves out: lines in another currency (issue 15; reporting.cloud.reports)
for oc in load_report("costs-other-currencies", ctx.scope, month=month).itertuples():
    plain_caption(ctx.t("costs.other_currencies", amount=fmt_number(oc.amount, lang, 2), currency=plain(oc.currency))
                  if is_missing(oc.amount_eur) else
                  ctx.t("costs.other_currencies_rate", amount=fmt_number(oc.amount, lang, 2), currency=plain(oc.currency),
                        rate=fmt_number(oc.eur_rate, lang, 4), eur=fmt_money(oc.amount_eur, lang)))

trend_from, trend_to = trend_window(flt)
trend = load_report("costs-trend", ctx.scope, month_from=trend_from, month_to=trend_to, **fkw)
st.markdown(f"#### {ctx.t('costs.trend_heading')}")
tab_cat, tab_type = lazy_tabs([ctx.t("costs.trend.by_category"), ctx.t("costs.trend.by_service_type")],
                              key="costs_trend_tab")
with tab_cat:
    st.plotly_chart(stacked_trend(trend, group="category", lang=lang,
                                  label=lambda c: ctx.t(f"category.{c}")),
                    width="stretch", key="costs_trend_category")
with tab_type:
    if tab_type.open:
        st.plotly_chart(stacked_trend(trend, group="service_type", lang=lang,
                                      label=lambda s: ctx.t(f"service_type.{s}") if s else ctx.t("costs.org_level")),
                        width="stretch", key="costs_trend_type")

left, right = st.columns(2)
with left:
    st.markdown(f"#### {ctx.t('costs.top_centres')}")
    centres = load_report("cost-centre-children", ctx.scope, parent=None, month_from=month,
                          month_to=month, **fkw).head(10)
    event = st.plotly_chart(
        ranked_bars(centres, label_col="cost_centre_name", value_col="amount", id_col="cost_centre",
                    lang=lang, labels={None: ctx.t("costs.no_centre")}),
        width="stretch", key="costs_top_centres", on_select="rerun", selection_mode="points")
    code = selected_custom(event)
    if code:
        st.switch_page(DRILL, query_params=drill_link_params(flt, centre=code))
with right:
    st.markdown(f"#### {ctx.t('costs.top_subscriptions')}")
    top = load_report("costs-by-subscription", ctx.scope, month_from=month, month_to=month,
                      limit=10, subscriptions_only=True, **fkw)
    event = report_table(top[["subscription_id", "user_name", "cost_centre", "plan", "amount"]],
                       lang=lang, key="costs_top_subs", report="top-subscriptions",
                       formats={"amount": "money"}, selection_mode="single-row", downloads=False)
    row = selected_row(event, top)
    if row is not None:
        st.switch_page(DRILL, query_params=drill_link_params(
            flt, subscription=row.subscription_id, month=month))
    st.caption(ctx.t("costs.select_hint"))

st.markdown(f"#### {ctx.t('costs.deviations_heading')}")
dev = load_report("cost-deviations", ctx.scope, month=month, lang=lang, limit=OVERVIEW_DEVIATIONS, **fkw)
if dev.empty:
    st.caption(ctx.t("dev.none"))
else:
    st.caption(ctx.t("dev.rule", share=fmt_number(DEFAULT_MIN_SHARE * 100, lang),
                     amount=fmt_money(DEFAULT_MIN_AMOUNT, lang)))
    st.caption(ctx.t("costs.deviations_largest", n=OVERVIEW_DEVIATIONS))
    st.page_link(page("deviations").path, label=ctx.t("costs.deviations_all"))
    report_table(reason_first(dev), lang=lang, key="costs_deviations", report="cost-deviations",
               formats={"amount": "money", "avg_prev_3": "money", "change_amount": "money",
                        "change_share": "pct", "driver_change_amount": "money", "driver_quantity": "num2"},
               hide=["driver_category", "driver_country", "driver_unit", "driver_quantity",
                     "driver_change_amount", "month"],
               downloads=False)      # the whole list, with its downloads, is on the deviations page

st.markdown(f"#### {ctx.t('costs.by_month_heading')}")
by_month = load_report("costs-by-month", ctx.scope, **flt.kwargs())
report_table(by_month, lang=lang, key="costs_by_month", report="costs-by-month",
           formats={c: "money" for c in CATEGORY_MONEY_COLUMNS},
           export_parts=flt.export_parts())
